#!/usr/bin/env bash
# The main job: builds the example programs and runs each against the bundled local stand-in
# of Vitec Connect. Installs the Debian packages it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

cmake --preset gcc >/dev/null
cmake --build build/gcc -j "${VITEC_CONNECT_JOBS:-2}" --target vitec-connect-stand-in \
  example_viewing_participant example_order_interaction example_error_handling example_xml_format \
  example_bulk_import

log=$(mktemp)
build/gcc/tools/stand_in/vitec-connect-stand-in --port 0 --log >"$log" 2>&1 &
stand_in=$!
trap 'kill $stand_in 2>/dev/null || true; wait $stand_in 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$log" && break
  sleep 0.1
done
export VITEC_CONNECT_BASE_URL
VITEC_CONNECT_BASE_URL=$(grep -o "http://127.0.0.1:[0-9]*" "$log" | head -n 1)
export VITEC_CONNECT_USERNAME=demo VITEC_CONNECT_PASSWORD=demo-password
echo "stand-in at $VITEC_CONNECT_BASE_URL"

for example in viewing_participant order_interaction error_handling xml_format bulk_import; do
  echo "=== example: $example"
  "build/gcc/examples/example_$example"
done
echo "=== what the stand-in received"
cat "$log"
