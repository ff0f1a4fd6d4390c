#!/usr/bin/env bash
# On a terminal the bulk import draws a progress bar; `script` gives it a pseudo-terminal.
source "$(dirname "$0")/lib.sh"
start_stand_in
command -v script >/dev/null || fail "script (util-linux) is not installed"

{
  echo "contactId,viewingId,participated"
  for i in $(seq 300); do echo "C$i,V$i,true"; done
} >rows.csv
script -qec "'$cli' viewing-participant --customer M1 --csv rows.csv" /dev/null >tty.txt
contains tty.txt $'\r['
contains tty.txt "[########################################] 300/300"
contains tty.txt "sent 300 row(s): 300 succeeded, 0 failed"
lacks tty.txt "progress:"
[ "$(grep -c -- '-> 200' stand_in.log)" -eq 300 ] || fail "not every row reached the server"
echo "cli progress bar: ok"
