#!/usr/bin/env bash
# Single calls of both subcommands against the stand-in: answers, retries and exit codes.
source "$(dirname "$0")/lib.sh"
start_stand_in --fault 500x2 --fault 503

# The scripted faults come first: a 500 that outlasts one retry, then a 503 that one retry mends.
run 7 viewing-participant --customer M1 --viewing V1 --contact C1 --retries 1
contains err.txt "server (HTTP 500)"
contains err.txt "after 2 attempts"
run 0 viewing-participant --customer M1 --viewing V1 --contact C1 --participated --retries 1
contains out.txt true
[ "$(requests_received)" -eq 4 ] || fail "expected 4 requests, got $(requests_received)"

run 0 viewing-participant --customer M1 --viewing V1 --contact C1 --no-participated --contacted No
contains out.txt true
contains stand_in.log "PUT /ViewingParticipant/M1 user=demo -> 200"

run 0 order-interaction --customer M1 --id O1 --url https://example.com/o/1 --comment "hej då" \
  --format xml
contains stand_in.log "PUT /Service/Order/UserInteraction/M1 user=demo -> 200"

run 4 viewing-participant --customer M1 --viewing V1
contains err.txt "ContactId"

before=$(requests_received)
run 3 order-interaction --customer M1 --id O1 --url relative/path
contains err.txt "invalid argument"
[ "$(requests_received)" -eq "$before" ] || fail "an invalid request reached the server"

VITEC_CONNECT_PASSWORD=not-the-password run 5 viewing-participant --customer M1 --viewing V1 \
  --contact C1
contains err.txt "unauthorized (HTTP 401)"
lacks err.txt not-the-password

printf 'demo-password\n' >password.txt
VITEC_CONNECT_PASSWORD= run 0 viewing-participant --customer M1 --viewing V1 --contact C1 \
  --password-file password.txt

env -u VITEC_CONNECT_PASSWORD "$cli" viewing-participant --customer M1 --contact C1 \
  >out.txt 2>err.txt && fail "ran without a password"
contains err.txt "VITEC_CONNECT_PASSWORD"

VITEC_CONNECT_PASSWORD= run 2 viewing-participant --customer M1 --viewing V1 --contact C1
contains err.txt "VITEC_CONNECT_PASSWORD is empty"

# Plain http to another host carries the password readable: refused unless asked for.
run 3 viewing-participant --customer M1 --viewing V1 --contact C1 --base-url http://example.invalid
run 9 viewing-participant --customer M1 --viewing V1 --contact C1 --retries 0 \
  --base-url http://example.invalid --allow-insecure-http

run 9 viewing-participant --customer M1 --viewing V1 --contact C1 --retries 0 \
  --base-url http://127.0.0.1:1
contains err.txt "transport"

run 2 viewing-participant --viewing V1

# Timeouts that would round to 0 ms, overflow or are not finite are usage errors.
for timeout in 0.0001 0 -1 1e300 86401 nan inf; do
  run 2 viewing-participant --customer M1 --viewing V1 --contact C1 --timeout "$timeout"
  contains err.txt "--timeout must be"
done
run 0 viewing-participant --customer M1 --viewing V1 --contact C1 --timeout 0.001 --dry-run
run 0 viewing-participant --customer M1 --viewing V1 --contact C1 --timeout 86400 --dry-run
run 0 --help
contains out.txt "Exit codes:"
echo "cli single calls: ok"
