#!/usr/bin/env bash
# Peak RSS of `vitec-connect viewing-participant --csv` for files of several sizes, against a
# loopback nginx answering `true` (as scripts/bench.sh configures it). A measurement, not a test:
# it is not registered with CTest. A million rows take about a minute.
#   tools/cli/tests/measure_rss.sh build/gcc/tools/cli/vitec-connect [ROWS...]
# Default ROWS: 100000 1000000. Prints "rows=N peak_rss_kb=K seconds=S" per size.
set -euo pipefail

cli=$(realpath "$1")
shift
if [ $# -gt 0 ]; then sizes=("$@"); else sizes=(100000 1000000); fi
echo_module=/usr/lib/nginx/modules/ngx_http_echo_module.so
command -v nginx >/dev/null || { echo "needs nginx (nginx-light)" >&2; exit 1; }

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$dir/nginx.conf" <<CONF
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
    location / { return 200 'true'; }
  }
}
CONF
nginx -p "$dir" -c "$dir/nginx.conf" -g "daemon off; pid $dir/nginx.pid;" 2>"$dir/stderr" &
nginx_pid=$!
cleanup() { kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; rm -rf "$dir"; }
trap cleanup EXIT
for _ in $(seq 100); do
  curl -s -o /dev/null -X PUT "http://127.0.0.1:$port/x" && break
  sleep 0.05
done

for rows in "${sizes[@]}"; do
  awk -v n="$rows" 'BEGIN { print "contactId,viewingId,participated,contacted";
    for (i = 1; i <= n; i++) printf "C%d,V%d,true,No\n", i, i }' >"$dir/rows.csv"
  start=$(date +%s.%N)
  VITEC_CONNECT_USERNAME=demo VITEC_CONNECT_PASSWORD=demo-password \
    /usr/bin/time -f '%M' -o "$dir/rss.txt" "$cli" viewing-participant \
    --base-url "http://127.0.0.1:$port" --customer M1 --csv "$dir/rows.csv" >"$dir/out.txt" \
    2>/dev/null
  end=$(date +%s.%N)
  grep -q "sent $rows row(s): $rows succeeded" "$dir/out.txt" || { cat "$dir/out.txt"; exit 1; }
  echo "rows=$rows peak_rss_kb=$(tail -n 1 "$dir/rss.txt") seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')"
done
