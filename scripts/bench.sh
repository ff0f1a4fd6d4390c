#!/usr/bin/env bash
# Benchmarks of issue 4 against a loopback nginx this script starts and stops; prints the median
# of several runs of each figure and its ratio to the target. Takes about 5 minutes.
#   scripts/bench.sh                 # everything
#   RUNS=5 BULK_N_AT_1=2000 scripts/bench.sh
#   MEMCHECK=1 scripts/bench.sh      # also valgrind memcheck over the concurrency and integration
#                                    # tests; exits 1 on a memory error, a crash or a status it
#                                    # does not know
# Environment: BUILD_DIR (default build/bench), TEST_BUILD_DIR (for MEMCHECK; default build/gcc),
# RUNS (default 5), SEQ_N (20000), BULK_N (2000), BULK_N_AT_1 (200: 2000 at one in flight would
# take 40 s per side and run), CALLGRIND (1 to count instructions, default 1 when valgrind exists).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
runs=${RUNS:-5}
seq_n=${SEQ_N:-20000}
bulk_n=${BULK_N:-2000}
bulk_n_at_1=${BULK_N_AT_1:-200}
callgrind=${CALLGRIND:-$(command -v valgrind >/dev/null && echo 1 || echo 0)}
echo_module=/usr/lib/nginx/modules/ngx_http_echo_module.so

"$root/scripts/install-deps.sh" nginx-light libnginx-mod-http-echo valgrind python3 curl
command -v nginx >/dev/null || { echo "bench: needs nginx (apt-get install nginx-light)" >&2; exit 1; }
[[ -f $echo_module ]] || { echo "bench: needs $echo_module (libnginx-mod-http-echo)" >&2; exit 1; }

# --- build (Release, -O2) ------------------------------------------------------------------------
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
  -DVITEC_CONNECT_BUILD_BENCH=ON -DVITEC_CONNECT_BUILD_TESTS=OFF -DVITEC_CONNECT_BUILD_EXAMPLES=OFF \
  -DVITEC_CONNECT_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" -j1 --target vitec_connect_bench_sequential vitec_connect_bench_bulk \
  vitec_connect_bench_codec vitec_connect_bench_memory >/dev/null
bin=$build/bench

# --- nginx on a free loopback port ---------------------------------------------------------------
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
load_module $echo_module;
worker_processes 1;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  default_type application/json;
  server {
    listen 127.0.0.1:$port;
    location /fast/ { return 200 'true'; }
    location /slow/ { echo_read_request_body; echo_sleep 0.02; echo -n true; }
  }
}
CONF
nginx -p "$dir" -c "$dir/nginx.conf" -g "daemon off; pid $dir/nginx.pid;" 2>"$dir/stderr" &
nginx_pid=$!
cleanup() { kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null -X PUT "http://127.0.0.1:$port/fast/x" && break
  sleep 0.05
done
fast=http://127.0.0.1:$port/fast
slow=http://127.0.0.1:$port/slow

# --- helpers -------------------------------------------------------------------------------------
# median KEY: the median of KEY=value over the lines on stdin
median() {
  grep -o "$1=[0-9.]*" | cut -d= -f2 | sort -g | awk '{v[NR]=$1} END {
    if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# verdict VALUE OP TARGET: "ok" or "MISS"
verdict() { awk -v v="$1" -v t="$3" -v op="$2" 'BEGIN { ok = op == "<=" ? v <= t : v >= t; print ok ? "ok" : "MISS" }'; }
repeat() { for _ in $(seq "$runs"); do "$@"; done; }

echo "== vitec-connect-cpp benchmarks: $runs runs each, medians; nginx $(nginx -v 2>&1 | cut -d/ -f2) on 127.0.0.1:$port"

# --- sequential ----------------------------------------------------------------------------------
out=$(repeat "$bin/vitec_connect_bench_sequential" --url "$fast" --n "$seq_n")
ratio=$(median ratio <<<"$out")
printf 'sequential throughput: sdk %s req/s, raw libcurl %s req/s, ratio %s (target >= 0.95: %s)\n' \
  "$(median sdk_rps <<<"$out")" "$(median raw_rps <<<"$out")" "$ratio" "$(verdict "$ratio" '>=' 0.95)"

if [[ $callgrind == 1 ]]; then
  # Instructions for N requests minus those for a small N: the per-request cost without start-up.
  instructions() {
    local file=$dir/callgrind.out
    valgrind --tool=callgrind --callgrind-out-file="$file" "$bin/vitec_connect_bench_sequential" \
      --url "$fast" --mode "$1" --n "$2" >/dev/null 2>&1
    callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }'
  }
  per_request() { echo $(( ($(instructions "$1" 1100) - $(instructions "$1" 100)) / 1000 )); }
  sdk_ir=$(per_request sdk)
  raw_ir=$(per_request raw)
  ratio=$(awk -v s="$sdk_ir" -v r="$raw_ir" 'BEGIN { printf "%.3f", s / r }')
  printf 'sequential instructions per request (callgrind): sdk %s, raw libcurl %s, ratio %s (target <= 1.10: %s)\n' \
    "$sdk_ir" "$raw_ir" "$ratio" "$(verdict "$ratio" '<=' 1.10)"
fi

# --- bulk at 20 ms -------------------------------------------------------------------------------
bulk_runs=$(( runs < 3 ? runs : 3 ))  # the slow location makes these the long ones
for in_flight in 1 8 32 64; do
  n=$bulk_n
  [[ $in_flight == 1 ]] && n=$bulk_n_at_1
  out=$(for _ in $(seq "$bulk_runs"); do
    "$bin/vitec_connect_bench_bulk" --url "$slow" --n "$n" --in-flight "$in_flight"; done)
  ratio=$(median ratio <<<"$out")
  printf 'bulk at %2d in flight (n=%s): sdk %s req/s, raw curl multi %s req/s, ratio %s' \
    "$in_flight" "$n" "$(median sdk_rps <<<"$out")" "$(median raw_rps <<<"$out")" "$ratio"
  if [[ $in_flight == 32 ]]; then
    bulk32=$(median sdk_rps <<<"$out")
    printf ' (target >= 0.95: %s)' "$(verdict "$ratio" '>=' 0.95)"
  fi
  echo
done
out=$(for _ in $(seq "$bulk_runs"); do "$bin/vitec_connect_bench_bulk" --url "$slow" --sequential 100; done)
sequential=$(median sdk_rps <<<"$out")
speedup=$(awk -v b="$bulk32" -v s="$sequential" 'BEGIN { printf "%.1f", b / s }')
printf 'bulk at 32 vs sequential sdk at 20 ms (%s req/s): x%s (target >= 20: %s)\n' \
  "$sequential" "$speedup" "$(verdict "$speedup" '>=' 20)"

# --- codec ---------------------------------------------------------------------------------------
out=$(repeat "$bin/vitec_connect_bench_codec" --seconds 0.3)
for model in ParticipantFollowUp OrderUserInteractionRequest boolean; do
  for format in json xml; do
    printf 'codec %s %s: %s per second\n' "$model" "$format" \
      "$(grep "model=$model format=$format " <<<"$out" | median '_per_s')"
  done
done

# --- memory --------------------------------------------------------------------------------------
out=$("$bin/vitec_connect_bench_memory" --url "$fast" --n 10000)
printf 'memory over 10000 calls: peak RSS %s kB at start, %s kB after 1000, %s kB at end (growth after 1000: %s kB)\n' \
  "$(median hwm_start_kb <<<"$out")" "$(median hwm_after_1000_kb <<<"$out")" \
  "$(median hwm_end_kb <<<"$out")" "$(median growth_kb <<<"$out")"

# --- optional: memcheck over the tests that use the network --------------------------------------
if [[ ${MEMCHECK:-0} == 1 ]]; then
  tests=${TEST_BUILD_DIR:-$root/build/gcc}/tests
  memcheck_failed=0
  for program in concurrency/vitec_connect_concurrency_tests integration/vitec_connect_integration_tests; do
    status=0
    valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
      --error-exitcode=99 --quiet "$tests/$program" >"$dir/memcheck.log" 2>&1 || status=$?
    # 99 is valgrind's verdict; any other status is the program's. Catch2 exits with the number
    # of failed assertions after printing its "test cases: ..." totals, while a crash exits with
    # 128+signal and a program that cannot start with 126 or 127. Only a clean exit and Catch2's
    # totals count as free of memory errors; anything else fails the script.
    if [[ $status == 0 ]]; then
      echo "memcheck $program: no leaks, no errors"
    elif ((status < 128 && status != 99)) && grep -q '^test cases: .* failed' "$dir/memcheck.log"; then
      # Tests that bound a duration can miss it at valgrind's pace; that is not a memory error.
      echo "memcheck $program: no leaks, no errors; some test failed under valgrind (a missed time bound?)"
      grep -B2 -A6 'FAILED:' "$dir/memcheck.log" | head -20
    else
      echo "memcheck $program: FAILED (exit status $status)"
      tail -40 "$dir/memcheck.log"
      memcheck_failed=1
    fi
  done
  ((memcheck_failed == 0)) || exit 1
fi
