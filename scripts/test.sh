#!/usr/bin/env bash
# Builds and runs every test: first as a new user would (a plain Release configure, build and
# ctest with no project options, which must print no warning), then with warnings as errors g++
# (C++17, then the Doxygen docs, which fail on any warning; and C++20, the headers and unit
# tests) and clang++ (C++20), AddressSanitizer+UBSan, ThreadSanitizer on the concurrency tests, a
# short fuzz run of every libFuzzer target, and the lint checks. Installs the Debian packages it
# needs first.
# Usage: scripts/test.sh [stage...]
#   stages: release gcc gcc20 clang asan tsan fuzz lint (default: all, in that order)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

jobs=${VITEC_CONNECT_JOBS:-2}
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(release gcc gcc20 clang asan tsan fuzz lint)

started=$SECONDS
run_preset() {  # run_preset PRESET [ctest args...]; $targets limits the build (default: all)
  local preset=$1; shift
  echo "=== ${preset}: configure, build, test"
  cmake --preset "$preset" >/dev/null
  cmake --build "build/$preset" -j "$jobs" ${targets:+--target $targets}
  ctest --test-dir "build/$preset" --output-on-failure -j "$jobs" "$@"
}

release_stage() {  # the commands of a fresh clone, exactly; the presets add -Werror, this does not
  cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release
  cmake --build build-release -j2 2>&1 | tee build-release/build.log
  if grep -n "warning:" build-release/build.log; then
    echo "release: the build printed warnings (above)" >&2
    return 1
  fi
  CTEST_OUTPUT_ON_FAILURE=1 ctest --test-dir build-release
}

for stage in "${stages[@]}"; do
  case "$stage" in
    release) release_stage ;;
    gcc) run_preset gcc && cmake --build build/gcc --target docs ;;  # docs: fails on any warning
    gcc20) targets="vitec_connect_header_check vitec_connect_two_units_test vitec_connect_unit_tests
                    example_testing_with_fake" run_preset gcc20 -L unit ;;  # the fake-transport example is unit-labelled too
    clang) run_preset clang ;;
    asan) ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1 UBSAN_OPTIONS=print_stacktrace=1 \
            run_preset asan -LE consumer ;;
    tsan) TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
            targets="vitec_connect_concurrency_tests vitec_connect_cache_tests" run_preset tsan -L concurrency ;;
    fuzz) scripts/fuzz.sh "${VITEC_CONNECT_FUZZ_SECONDS:-10}" ;;
    lint) scripts/lint.sh ;;
    *) echo "unknown stage: $stage" >&2; exit 2 ;;
  esac
  echo "=== ${stage} done at $((SECONDS - started)) s"
done
echo "all stages passed in $((SECONDS - started)) s"
