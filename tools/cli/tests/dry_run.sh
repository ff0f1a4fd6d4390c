#!/usr/bin/env bash
# --dry-run prints exactly what the SDK would send, Authorization redacted, and sends nothing.
source "$(dirname "$0")/lib.sh"
start_stand_in

run 0 viewing-participant --customer "M 1/2" --viewing V1 --contact C1 --participated --dry-run
contains out.txt "PUT $VITEC_CONNECT_BASE_URL/ViewingParticipant/M%201%2F2"
contains out.txt "Authorization: Basic <redacted>"
contains out.txt "Content-Type: application/json; charset=utf-8"
contains out.txt "User-Agent: vitec-connect-cpp/"
contains out.txt '{"contactId":"C1","viewingId":"V1","participated":true}'
lacks out.txt demo-password
lacks out.txt "$(printf demo:demo-password | base64)"

run 0 order-interaction --customer M1 --id O1 --url https://example.com/o --format xml --dry-run
contains out.txt "PUT $VITEC_CONNECT_BASE_URL/Service/Order/UserInteraction/M1"
contains out.txt "Accept: application/xml"
contains out.txt "<Id>O1</Id><Url>https://example.com/o</Url></OrderUserInteractionRequest>"

printf 'id,url\nO1,https://example.com/1\nO2,https://example.com/2\n' >orders.csv
run 0 order-interaction --customer M1 --csv orders.csv --dry-run
[ "$(grep -c '^PUT ' out.txt)" -eq 2 ] || fail "expected two printed requests: $(cat out.txt)"
contains out.txt '"id":"O2"'

# Rows that cannot become a request are reported like a real run, with its exit code; the
# failed-rows file is left as it was. Line numbers are those a row starts on, past a blank line
# and with a first field spanning two lines.
printf 'contactId,viewingId,participated\nC1,V1,true\n\n"C\n2",V2,maybe\nC3,V3,yes\n' >bad.csv
printf 'stale\n' >bad.csv.failed.csv
run 3 viewing-participant --customer M1 --csv bad.csv --dry-run
contains err.txt "bad.csv:4: invalid row: participated must be true or false"
[ "$(grep -c '^PUT ' out.txt)" -eq 2 ] || fail "expected two printed requests: $(cat out.txt)"
[ "$(cat bad.csv.failed.csv)" = stale ] || fail "a dry run changed the failed-rows file"
printf 'id,url\nO1,https://example.com/1\nO2,relative\n' >bad_orders.csv
run 3 order-interaction --customer M1 --csv bad_orders.csv --dry-run
contains err.txt "bad_orders.csv:3: invalid argument"
[ ! -e bad_orders.csv.failed.csv ] || fail "a dry run wrote a failed-rows file"

# Nothing is sent, so no credentials are needed to see the request; the output says that none
# are set rather than showing a redacted value as if there were some.
env -u VITEC_CONNECT_USERNAME -u VITEC_CONNECT_PASSWORD "$cli" order-interaction --customer M1 \
  --id O1 --url https://example.com/o --dry-run >out.txt 2>err.txt ||
  fail "a dry run without credentials failed: $(cat err.txt)"
contains out.txt "Authorization: (none: no credentials set)"
lacks out.txt "<redacted>"
env -u VITEC_CONNECT_PASSWORD "$cli" order-interaction --customer M1 --id O1 \
  --url https://example.com/o --dry-run >out.txt 2>err.txt ||
  fail "a dry run without a password failed: $(cat err.txt)"
contains out.txt "Authorization: Basic <redacted> (no password set)"

[ "$(requests_received)" -eq 0 ] || fail "a dry run reached the server"
echo "cli dry run: ok"
