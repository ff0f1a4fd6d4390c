#!/usr/bin/env bash
# --csv streams: the peak memory of an import does not grow with the number of rows. Compared
# between 1,000 and 20,000 rows; reading the whole file (as before) grew by about 1.6 KB a row,
# about 30 MB here, far above the bound.
source "$(dirname "$0")/lib.sh"
start_stand_in
[ -x /usr/bin/time ] || fail "/usr/bin/time (GNU time) is not installed"

# peak_kb ROWS: the CLI's maximum resident set size in KB for a file of ROWS rows, half of them
# failing at the server (no contactId), so that the failed-rows file is written as it goes.
peak_kb() {
  awk -v n="$1" 'BEGIN { print "contactId,viewingId,participated";
    for (i = 1; i <= n; i++) printf "%s,V%d,true\n", (i % 2 ? "C" i : ""), i }' >rows.csv
  /usr/bin/time -f '%M' -o rss.txt "$cli" viewing-participant --customer M1 --csv rows.csv \
    >out.txt 2>err.txt || [ $? -eq 4 ] || fail "the import failed: $(tail -n 3 err.txt)"
  contains out.txt "sent $1 row(s): $(($1 / 2)) succeeded, $(($1 / 2)) failed"
  [ "$(wc -l <rows.csv.failed.csv)" -eq $(($1 / 2 + 1)) ] || fail "failed rows missing"
  tail -n 1 rss.txt
}

small=$(peak_kb 1000)
large=$(peak_kb 20000)
echo "peak RSS: $small KB for 1,000 rows, $large KB for 20,000 rows"
[ "$large" -le $((small + 8 * 1024)) ] ||
  fail "memory grew with the file: $small KB for 1,000 rows, $large KB for 20,000"
echo "cli memory: ok"
