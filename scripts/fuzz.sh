#!/usr/bin/env bash
# Builds every libFuzzer target with clang++ (ASan + UBSan) and runs each for SECONDS (default
# 600), starting from the seeds in fuzz/corpus/<target>/. Prints each target's executions and
# coverage; exits non-zero if any target found a crash, a leak, a timeout or a broken invariant.
# Usage: scripts/fuzz.sh [SECONDS] [target...]   (targets: the names of fuzz/*.cpp)
# New inputs go to <build>/corpus/<target>/ and crash reproducers to <build>/artifacts/, so the
# checked-in seeds change only when someone copies an input there on purpose.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
shift || true
build=${VITEC_CONNECT_FUZZ_BUILD:-build/fuzz}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in fuzz/*.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVITEC_CONNECT_BUILD_FUZZ=ON -DBUILD_TESTING=OFF -DVITEC_CONNECT_BUILD_EXAMPLES=OFF \
  -DVITEC_CONNECT_BUILD_TOOLS=OFF -DVITEC_CONNECT_INSTALL=OFF >/dev/null
cmake --build "$build" -j "${VITEC_CONNECT_JOBS:-2}" --target "${targets[@]/#/vitec_connect_fuzz_}"

failed=()
for target in "${targets[@]}"; do
  corpus="$build/corpus/$target"
  artifacts="$build/artifacts/$target/"
  log="$build/$target.log"
  mkdir -p "$corpus" "$artifacts"
  echo "=== fuzz $target for ${seconds} s"
  status=0
  "$build/fuzz/vitec_connect_fuzz_$target" "$corpus" "fuzz/corpus/$target" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts" >"$log" 2>&1 || status=$?
  grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 || true
  grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "!!! $target failed (exit $status); log: $log"
    grep -E -A 30 'FINDING|ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer)|runtime error|terminate called' \
      "$log" | head -n 60 || true
    ls "$artifacts"
    failed+=("$target")
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz findings in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets ran ${seconds} s each without a finding"
