#!/usr/bin/env bash
# --csv: good and bad rows, the failed-rows file, and feeding that file back in unchanged.
source "$(dirname "$0")/lib.sh"
start_stand_in

# Columns in another order than the model's; a quoted comma and an escaped quote; row 3 lacks
# the required contactId (the server says 400), row 4 cannot be read as a boolean.
printf 'viewingId,contactId,participated,contacted\r\n' >follow_ups.csv
printf 'V1,C1,true,No\r\nV2,,false,\r\nV3,"C,3",maybe,\r\nV4,"C ""4""",1,\r\n' >>follow_ups.csv
run 12 viewing-participant --customer M1 --csv follow_ups.csv
contains out.txt "sent 4 row(s): 2 succeeded, 2 failed"
contains out.txt "failed rows written to follow_ups.csv.failed.csv"
contains err.txt "follow_ups.csv:3: validation (HTTP 400)"
contains err.txt "follow_ups.csv:4: invalid row: participated must be true or false"
contains err.txt "progress: 4/4"
lacks err.txt $'\r'
[ "$(grep -c -- '-> 200' stand_in.log)" -eq 2 ] || fail "expected 2 accepted rows: $(cat stand_in.log)"

failed=follow_ups.csv.failed.csv
[ "$(head -n 1 "$failed")" = $'viewingId,contactId,participated,contacted,error\r' ] ||
  fail "failed-rows header: $(head -n 1 "$failed")"
[ "$(wc -l <"$failed")" -eq 3 ] || fail "expected 2 failed rows: $(cat "$failed")"
grep -q '^V2,,false,,"\?validation (HTTP 400)' "$failed" || fail "row V2: $(cat "$failed")"
grep -qF 'V3,"C,3",maybe,,invalid row: participated must be true or false' "$failed" ||
  fail "row V3: $(cat "$failed")"

[ "$(stat -c %a "$failed")" = 600 ] || fail "the failed-rows file is not private: $(stat -c %a "$failed")"

# Fed back unchanged: the same rows fail the same way, and the new file has the same rows.
run 12 viewing-participant --customer M1 --csv "$failed" --failed again.csv
contains out.txt "sent 2 row(s): 0 succeeded, 2 failed"
cmp -s "$failed" again.csv || fail "feeding back changed the rows: $(diff "$failed" again.csv)"

# Fixed in place (the error column may stay): everything goes through.
sed -e 's/^V2,,/V2,C2,/' -e 's/,maybe,/,true,/' "$failed" >fixed.csv
run 0 viewing-participant --customer M1 --csv fixed.csv
contains out.txt "sent 2 row(s): 2 succeeded, 0 failed"
[ ! -e fixed.csv.failed.csv ] || fail "a failed-rows file was written with no failures"

# The other endpoint; only the SDK's own refusal fails, which gives its exit code.
printf 'url,comment,id\nhttps://example.com/a,"first, with a comma",O1\nnot-absolute,,O2\n' >orders.csv
run 3 order-interaction --customer M1 --csv orders.csv
contains out.txt "sent 2 row(s): 1 succeeded, 1 failed"
grep -qF 'not-absolute,,O2,invalid argument: ' orders.csv.failed.csv ||
  fail "order failed rows: $(cat orders.csv.failed.csv)"
# The failed rows keep the input's line ends: LF here (CRLF above), and a bare CR file stays CR.
lacks orders.csv.failed.csv $'\r'
[ "$(wc -l <orders.csv.failed.csv)" -eq 2 ] || fail "LF failed rows: $(cat -A orders.csv.failed.csv)"
printf 'id,url\rO3,relative\rO4,relative\r' >cr_orders.csv
run 3 order-interaction --customer M1 --csv cr_orders.csv
[ "$(tr -cd '\r' <cr_orders.csv.failed.csv | wc -c)" -eq 3 ] &&
  [ "$(tr -cd '\n' <cr_orders.csv.failed.csv | wc -c)" -eq 0 ] ||
  fail "CR failed rows: $(cat -A cr_orders.csv.failed.csv)"

# A run refused for its header leaves no failed-rows file behind.
printf 'viewingId,contactID\nV1,C1\n' >typo.csv
run 2 viewing-participant --customer M1 --csv typo.csv
contains err.txt 'unknown CSV column "contactID"'
[ ! -e typo.csv.failed.csv ] || fail "a refused run left typo.csv.failed.csv behind"

printf 'contactId,viewingId,contactId\nC1,V1,C2\n' >twice.csv
run 2 viewing-participant --customer M1 --csv twice.csv
contains err.txt 'the header names column "contactId" twice'

printf 'viewingId,contactId\nV1\n' >short.csv
run 2 viewing-participant --customer M1 --csv short.csv
contains err.txt "line 2 has 1 fields"

run 2 viewing-participant --customer M1 --csv follow_ups.csv --contact C1

# A one-column file: a `""` row is a row (sent, with the field left out), blank lines are not.
before=$(requests_received)
printf 'comment\r\nfirst\r\n\r\n""\r\n\n""\n' >one_column.csv
run 0 order-interaction --customer M1 --csv one_column.csv
contains out.txt "sent 3 row(s): 3 succeeded, 0 failed"
[ "$(requests_received)" -eq $((before + 3)) ] || fail "expected 3 more requests: $(cat stand_in.log)"

# A byte order mark before a header, quoted or not.
printf '\xEF\xBB\xBF"contactId","viewingId",participated\nC1,V1,true\n' >bom_quoted.csv
run 0 viewing-participant --customer M1 --csv bom_quoted.csv --dry-run
contains out.txt '{"contactId":"C1","viewingId":"V1","participated":true}'
printf '\xEF\xBB\xBFcontactId,viewingId\r\nC2,V2\r\n' >bom.csv
run 0 viewing-participant --customer M1 --csv bom.csv --dry-run
contains out.txt '{"contactId":"C2","viewingId":"V2"'

# Spaces around unquoted fields are data (RFC 4180): they reach the server unchanged.
printf 'contactId,viewingId,participated\n C9 ,\tV9,true\n' >spaces.csv
run 0 viewing-participant --customer M1 --csv spaces.csv --dry-run
contains out.txt '"contactId":" C9 ","viewingId":"\tV9"'

# A failed-rows file that could not be written is found before anything is sent.
before=$(requests_received)
run 2 viewing-participant --customer M1 --csv fixed.csv --failed "$work/no/such/dir/f.csv"
contains err.txt "nothing was sent"
[ "$(requests_received)" -eq "$before" ] || fail "rows were sent although their failures had nowhere to go"

# The input as the failed-rows file, in any spelling: refused, as a run without failures would
# remove it.
cp fixed.csv same.csv
ln -s same.csv same_link.csv
for spelling in same.csv ./same.csv "$work/same.csv" same_link.csv; do
  run 2 viewing-participant --customer M1 --csv same.csv --failed "$spelling"
  contains err.txt "is the --csv file itself"
  cmp -s same.csv fixed.csv || fail "--failed $spelling changed the input"
done
[ "$(requests_received)" -eq "$before" ] || fail "rows were sent with --failed the input"

run 2 viewing-participant --customer M1 --contact C1 --failed f.csv
contains err.txt "--failed requires --csv"

# Results come back as requests complete; the failed rows still follow the input, those refused
# at once (participated) between those the server refused (no contactId).
{
  echo "contactId,viewingId,participated"
  for i in $(seq 300); do
    if [ $((i % 7)) -eq 0 ]; then echo ",V$i,true"
    elif [ $((i % 11)) -eq 0 ]; then echo "C$i,V$i,maybe"
    else echo "C$i,V$i,true"; fi
  done
} >mixed.csv
printf 'stale,rows\nfrom,before\n%.0s' $(seq 500) >mixed.csv.failed.csv
run 12 viewing-participant --customer M1 --csv mixed.csv --max-in-flight 8
contains out.txt "sent 300 row(s): 234 succeeded, 66 failed"
lacks mixed.csv.failed.csv stale
expected=$(seq 300 | awk '$1 % 7 == 0 || $1 % 11 == 0 { printf "V%d\n", $1 }')
[ "$(tail -n +2 mixed.csv.failed.csv | cut -d, -f2)" = "$expected" ] ||
  fail "failed rows out of input order: $(cat mixed.csv.failed.csv)"
[ "$(grep -o '^mixed.csv:[0-9]*' err.txt | cut -d: -f2)" = "$(seq 300 | awk '$1 % 7 == 0 || $1 % 11 == 0 { print $1 + 1 }')" ] ||
  fail "messages out of input order: $(cat err.txt)"

# Failures of an earlier run do not survive a run without any.
printf 'stale\n' >fixed.csv.failed.csv
run 0 viewing-participant --customer M1 --csv fixed.csv
contains out.txt "removed fixed.csv.failed.csv of an earlier run"
[ ! -e fixed.csv.failed.csv ] || fail "a stale failed-rows file was left behind"
echo "cli bulk: ok"
