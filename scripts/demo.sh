#!/usr/bin/env bash
# The main job: builds the local stand-in of Vitec Connect and the example programs (no tests,
# no CLI: a demo machine needs neither CLI11 nor libcsv), runs every example against the
# stand-in (and the fake-transport example, a Catch2 test of its own), and sums up what the
# stand-in received. Installs the Debian packages it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --demo

build=build/demo
mkdir -p "$build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DBUILD_TESTING=OFF \
  -DVITEC_CONNECT_BUILD_TOOLS=OFF -DVITEC_CONNECT_INSTALL=OFF \
  -DVITEC_CONNECT_EXAMPLES_STAND_IN=ON >"$build/configure.log" || { cat "$build/configure.log"; exit 1; }
grep "^-- examples" "$build/configure.log" || true  # any example left out, and why
mapfile -t examples <"$build/examples/examples.txt"  # every example the build has, in order
cmake --build "$build" -j "${VITEC_CONNECT_JOBS:-2}" --target vitec-connect-stand-in \
  "${examples[@]/#/example_}"

stand_in_program=$build/examples/stand_in/vitec-connect-stand-in
log=$build/stand-in.log
"$stand_in_program" --port 0 --log >"$log" 2>&1 &
stand_in=$!
trap 'kill $stand_in 2>/dev/null || true; wait $stand_in 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$log" && break
  sleep 0.1
done
export VITEC_CONNECT_BASE_URL
VITEC_CONNECT_BASE_URL=$(grep -o "http://127.0.0.1:[0-9]*" "$log" | head -n 1)
export VITEC_CONNECT_USERNAME=demo VITEC_CONNECT_PASSWORD=demo-password
echo "stand-in at $VITEC_CONNECT_BASE_URL"

for example in "${examples[@]}"; do
  echo "=== example: $example"
  "$build/examples/example_$example"
done

kill -TERM "$stand_in"
wait "$stand_in" || true
trap - EXIT
echo "=== what the stand-in received (requests x status, endpoint)"
sed -n '/^stand-in: stopping after/,$p' "$log"
echo "Every request with its body: $log"
echo "The stand-in program: $stand_in_program"
echo "  start it again with: $stand_in_program --port 8089 --log   (user demo, password demo-password)"
