#!/usr/bin/env bash
# The reading subcommands against the stand-in: get-viewing-participant, order-ticket and
# list-orders; a table on a terminal, tab-separated lines when piped, JSON with --json.
source "$(dirname "$0")/lib.sh"
start_stand_in
command -v script >/dev/null || fail "script (util-linux) is not installed"

# requests_seen: every request the stand-in has logged so far, whatever its method.
requests_seen() {
  grep -cE "^stand-in: [A-Z]+ /" stand_in.log || true
}

# A follow-up sent, then read back in each output form.
run 0 viewing-participant --customer M1 --contact C1 --viewing V1 --participated --contacted No
run 0 get-viewing-participant --customer M1 --contact C1 --viewing V1 --json
contains out.txt '"contactId": "C1"'
contains out.txt '"participated": true'
contains out.txt '"contacted": "No"'
contains out.txt '"timeSlotId"'
contains stand_in.log "GET /ViewingParticipant/M1/C1/V1 user=demo -> 200"
run 0 get-viewing-participant --customer M1 --contact C1 --viewing V1
grep -q $'^C1\tV1\ttrue\tNo\t' out.txt || fail "tab-separated follow-up: $(cat -A out.txt)"
lacks out.txt contactId # no header when piped
script -qec "'$cli' get-viewing-participant --customer M1 --contact C1 --viewing V1" \
  /dev/null >tty.txt
grep -qE '^contactId +viewingId +participated +contacted +timeSlotId' tty.txt ||
  fail "table header: $(cat -A tty.txt)"
grep -qE '^C1 +V1 +true +No' tty.txt || fail "table row: $(cat -A tty.txt)"

run 2 get-viewing-participant --customer M1 --contact C1
contains err.txt "--viewing"
printf 'contactId\nC1\n' >x.csv
run 2 get-viewing-participant --customer M1 --contact C1 --viewing V1 --csv x.csv
contains err.txt "--csv is for viewing-participant, order-interaction and api"

# The dry run shows a GET without a body.
before=$(requests_seen)
run 0 get-viewing-participant --customer "M 1" --contact C1 --viewing V1 --dry-run
contains out.txt "GET $VITEC_CONNECT_BASE_URL/ViewingParticipant/M%201/C1/V1"
lacks out.txt "Content-Type"
[ "$(requests_seen)" -eq "$before" ] || fail "a dry run reached the server"

# A token from standard input, from a file, and as an argument.
printf 'demo-token-ORD-1001\n' | "$cli" order-ticket --customer M1 --token-file - --json >out.txt 2>err.txt ||
  fail "order-ticket from stdin: $(cat err.txt)"
contains out.txt '"orderId": "ORD-1001"'
contains out.txt '"hasExpired": false'
contains stand_in.log "POST /Service/Order/Token/M1 user=demo -> 200"
printf 'demo-token-ORD-1002\r\n' >token.txt
run 0 order-ticket --customer M1 --token-file token.txt
grep -q $'^orderId\tORD-1002$' out.txt || fail "tab-separated ticket: $(cat -A out.txt)"
grep -q $'^hasExpired\tfalse$' out.txt || fail "tab-separated ticket: $(cat -A out.txt)"
run 0 order-ticket --customer M1 --token expired --json
contains out.txt '"hasExpired": true'
run 4 order-ticket --customer M1 --token not-a-token
contains err.txt "validation (HTTP 400)"
lacks err.txt not-a-token
# An order token is a credential: the stand-in's log withholds the body that carries it.
lacks stand_in.log demo-token-ORD-100
lacks stand_in.log not-a-token
contains stand_in.log "POST /Service/Order/Token/M1 user=demo -> 400 body=<withheld: an order token>"
run 2 order-ticket --customer M1
contains err.txt "--token-file"
run 2 order-ticket --customer M1 --token a --token-file token.txt
run 2 order-ticket --customer M1 --token ""
printf '\n' | "$cli" order-ticket --customer M1 --token-file - >out.txt 2>err.txt &&
  fail "an empty token was accepted"
contains err.txt "standard input starts with an empty line"
# A dry run shows where the token goes, never the token.
before=$(requests_seen)
run 0 order-ticket --customer M1 --token-file token.txt --dry-run
contains out.txt "POST $VITEC_CONNECT_BASE_URL/Service/Order/Token/M1"
contains out.txt '(redacted)'
lacks out.txt demo-token-ORD-1002
[ "$(requests_seen)" -eq "$before" ] || fail "a dry run reached the server"

# Orders: JSON, filters in the query string, and a bad date refused before sending.
run 0 list-orders --customer M1 --json
[ "$(head -c 1 out.txt)" = "[" ] || fail "list-orders --json is not an array: $(cat out.txt)"
contains out.txt '"id": "ORD-1001"'
contains out.txt '"lastUpdatedAt": null'
run 0 list-orders --customer M1
[ "$(cut -f 1 out.txt | tr '\n' ' ')" = "ORD-1001 ORD-1002 ORD-1003 " ] ||
  fail "tab-separated orders: $(cat -A out.txt)"
script -qec "'$cli' list-orders --customer M1" /dev/null >tty.txt
grep -qE '^id +createdAt +lastUpdatedAt +status +targetId +userId +serviceId' tty.txt ||
  fail "orders table: $(cat -A tty.txt)"
grep -qE '^ORD-1002 +2024-11-21T11:06:18.8765301\+01:00 +- +Error +OBJ-17 +U-502 +42' tty.txt ||
  fail "orders table row: $(cat -A tty.txt)"
run 0 list-orders --customer M1 --target OBJ-17 --status error
[ "$(cut -f 1 out.txt)" = ORD-1002 ] || fail "filtered orders: $(cat -A out.txt)"
contains stand_in.log "GET /Service/Order/M1?TargetId=OBJ-17&Status=error user=demo -> 200"
run 0 list-orders --customer M1 --target NO-SUCH-TARGET
[ ! -s out.txt ] || fail "piped, an empty list prints nothing: $(cat out.txt)"
script -qec "'$cli' list-orders --customer M1 --target NO-SUCH-TARGET" /dev/null >tty.txt
contains tty.txt "no orders"
contains stand_in.log "GET /Service/Order/M1 user=demo -> 200"
before=$(requests_seen)
run 0 list-orders --customer M1 --target T1 --status Error --from 2026-01-15T09:30:00 \
  --to 2026-02-01T00:00:00Z --dry-run
contains out.txt "GET $VITEC_CONNECT_BASE_URL/Service/Order/M1?"
contains out.txt "TargetId=T1"
contains out.txt "Status=Error"
contains out.txt "MinValue=2026-01-15T09"
contains out.txt "MaxValue=2026-02-01T00"
for option in --from --to; do
  run 2 list-orders --customer M1 "$option" 2026-13-45
  contains err.txt "$option: \"2026-13-45\" is not a date-time"
  run 2 list-orders --customer M1 "$option" ""
done
run 3 list-orders --customer M1 --target ""
contains err.txt "invalid argument"
[ "$(requests_seen)" -eq "$before" ] || fail "a dry run or a refused date reached the server"
run 2 list-orders --customer M1 --max-in-flight 4
contains err.txt "--max-in-flight is for viewing-participant, order-interaction and api"

VITEC_CONNECT_PASSWORD=not-the-password run 5 list-orders --customer M1
contains err.txt "unauthorized (HTTP 401)"
run 0 --help
contains out.txt "list-orders"
echo "cli reads: ok"
