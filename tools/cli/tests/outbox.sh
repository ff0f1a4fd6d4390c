#!/usr/bin/env bash
# outbox: add (one item and --csv) without credentials, status, a drain halted by a wrong
# password, a drain during an outage that says why it deferred, a drain, dead letters exported
# (0600), fixed and fed back through add --csv, and requeued, and --watch ended by SIGTERM.
source "$(dirname "$0")/lib.sh"
start_stand_in

run 0 outbox --db q.db add viewing-participant --customer M1 --contact C1 --viewing V1 --participated
contains out.txt "queued 1 item; 1 pending"
[ "$(stat -c %a q.db)" = 600 ] || fail "q.db has mode $(stat -c %a q.db)"

# Row 3 lacks the contact the server requires; row 4 cannot be read at all.
printf 'contactId,viewingId,participated\nC2,V1,true\n,V2,false\nC3,V1,maybe\n' >rows.csv
run 3 outbox --db q.db add viewing-participant --customer M1 --csv rows.csv
contains out.txt "queued 2 of 3 row(s); 3 pending"
contains err.txt "rows.csv:4: invalid row: participated must be true or false"
run 3 outbox --db q.db add order-interaction --customer M1 --id O1 --url not-absolute
run 2 outbox --db q.db add
# What the format the items go in cannot carry is refused when added, not dead-lettered later.
run 3 --format xml outbox --db q.db add viewing-participant --customer M1 --contact $'C\x01' --viewing V1
run 0 outbox --db q.db status
contains out.txt "pending: 3"
contains out.txt "dead letters: 0"
contains out.txt "oldest pending: "
[ "$(requests_received)" -eq 0 ] || fail "adding sent requests"

VITEC_CONNECT_PASSWORD=wrong run 5 outbox --db q.db drain
contains err.txt "drain stopped: unauthorized (HTTP 401)"
run 0 outbox --db q.db status
contains out.txt "pending: 3"
contains out.txt "dead letters: 0"

# An outage: nothing lost, and the drain and status say why.
VITEC_CONNECT_BASE_URL=http://127.0.0.1:1 run 0 outbox --db q.db drain --retries 1
contains out.txt "drained: 0 sent, 0 dead, 3 deferred, 0 superseded"
contains out.txt "deferred 3 for transport; the last: transport"
run 0 outbox --db q.db status
contains out.txt "pending: 3"
contains out.txt "next try: due now"
contains out.txt "last error: transport"

run 0 outbox --db q.db drain
contains out.txt "drained: 2 sent, 1 dead, 0 deferred, 0 superseded"
contains out.txt "0 pending"

run 0 outbox --db q.db dead-letters --csv dead.csv
contains out.txt "1 dead letter(s) written to dead.csv"
[ "$(stat -c %a dead.csv)" = 600 ] || fail "dead.csv has mode $(stat -c %a dead.csv)"
contains dead.csv '"{""viewingId"":""V2"",""participated"":false}"'
contains dead.csv "validation (HTTP 400)"
contains dead.csv "id,operation_id,customer_id,body,superseded,error,endpoint"
contains dead.csv "PUT-ViewingParticipant-customerId,M1,"

# Fixed and fed back: a misspelt member is refused by name, then the right one goes.
sed 's/""viewingId""/""contactID2"":""C7"",""viewingId""/' dead.csv >typo.csv
run 3 outbox --db q.db add --csv typo.csv
contains err.txt 'unknown member "contactID2"'
contains err.txt "nothing requeued: 1 row(s) to fix first"
sed 's/""viewingId""/""contactId"":""C7"",""viewingId""/' dead.csv >fixed.csv
run 0 outbox --db q.db add --csv fixed.csv
contains out.txt "requeued 1 of 1 dead letter(s) in their place, fixed; 0 no longer dead letters; 1 pending"
run 0 outbox --db q.db add --csv fixed.csv  # again: nothing twice
contains out.txt "requeued 0 of 1 dead letter(s) in their place, fixed; 1 no longer dead letters; 1 pending"
run 0 outbox --db q.db drain
contains out.txt "drained: 1 sent, 0 dead, 0 deferred, 0 superseded"
grep -q '"C7"' stand_in.log || fail "the fixed item was not sent: $(cat stand_in.log)"

# Dead again, and requeued unchanged.
run 0 outbox --db q.db add viewing-participant --customer M1 --viewing V3
run 0 outbox --db q.db drain
contains out.txt "1 dead"
run 0 outbox --db q.db dead-letters --requeue
contains out.txt "requeued 1 dead letter(s)"
run 0 outbox --db q.db status
contains out.txt "pending: 1"
contains out.txt "dead letters: 0"

# --watch drains what arrives until SIGTERM, then exits cleanly.
"$cli" outbox --db q.db drain --watch 0.2 >watch.txt 2>&1 &
watch_pid=$!
run 0 outbox --db q.db add viewing-participant --customer M1 --contact C9 --viewing V1
for _ in $(seq 100); do
  grep -q '"C9"' stand_in.log && break
  sleep 0.1
done
grep -q '"C9"' stand_in.log || fail "--watch did not send the item added meanwhile: $(cat watch.txt)"
kill -TERM "$watch_pid"
code=0
wait "$watch_pid" || code=$?
[ "$code" -eq 0 ] || fail "--watch exited $code after SIGTERM: $(cat watch.txt)"
contains watch.txt "stopped on a signal; nothing lost"
run 0 outbox --db q.db status
contains out.txt "pending: 0"

run 0 outbox --db q.db add --help
contains out.txt "viewing-participant options"
contains out.txt "--contact"
contains out.txt "add --csv FILE"

run 2 outbox --db missing.db status
contains err.txt "no such outbox"
