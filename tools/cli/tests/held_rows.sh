#!/usr/bin/env bash
# --csv with a stalled row: the rows that end behind it are held (failed ones with their fields,
# as the failed-rows file follows the input order) up to 64 x --max-in-flight, then reading
# pauses until it ends. Before, every row of the file could pile up behind one slow row.
source "$(dirname "$0")/lib.sh"
start_stand_in --fault stall  # the first request is answered after 10 s

rows=1000
held=$((64 * 2))  # --max-in-flight 2
awk -v n="$rows" 'BEGIN { print "contactId,viewingId,participated";
  for (i = 1; i <= n; i++) printf "%s,V%d,true\n", (i % 2 ? "C" i : ""), i }' >rows.csv
run 4 viewing-participant --customer M1 --csv rows.csv --max-in-flight 2
contains out.txt "sent $rows row(s): $((rows / 2)) succeeded, $((rows / 2)) failed"

# The stalled request is row 1's or row 2's, whichever reached the stand-in first; the stand-in
# logs each request once answered, so the stalled one is the later of the two lines.
line_of() { grep '^stand-in: PUT' stand_in.log | grep -n "\"viewingId\":\"V$1\"" | cut -d: -f1; }
first=$(line_of 1)
second=$(line_of 2)
[ -n "$first" ] && [ -n "$second" ] || fail "rows 1 and 2 not both logged: $(head stand_in.log)"
stalled=$((first > second ? first : second))
[ "$stalled" -gt 2 ] || fail "no request stalled: $(head stand_in.log)"
before=$((stalled - 1))
echo "requests answered while one stalled: $before (bound $held)"
[ "$before" -le "$held" ] || fail "$before rows went ahead of the stalled one, over $held"

# The failed-rows file is whole and in input order all the same.
failed=rows.csv.failed.csv
[ "$(wc -l <"$failed")" -eq $((rows / 2 + 1)) ] || fail "failed rows missing: $(wc -l <"$failed")"
awk -F, 'NR > 1 { print $2 }' "$failed" >order.txt
awk -v n="$rows" 'BEGIN { for (i = 2; i <= n; i += 2) print "V" i }' >expected.txt
cmp -s order.txt expected.txt || fail "failed rows out of order: $(diff order.txt expected.txt | head)"
echo "cli held rows: ok"
