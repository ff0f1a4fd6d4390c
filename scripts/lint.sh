#!/usr/bin/env bash
# Lint: clang-format on every C++ file of the repo (tracked or new, not ignored), then clang-tidy
# (the checked-in .clang-tidy) on include/, through one translation unit per public header as
# tests/headers generates them. Exits non-zero on any finding.
# Usage: scripts/lint.sh          (VITEC_CONNECT_LINT_BUILD: its build dir, default build/lint)
set -euo pipefail
cd "$(dirname "$0")/.."

pick() { for tool in "$@"; do command -v "$tool" >/dev/null && { echo "$tool"; return; }; done; }
clang_format=$(pick clang-format-14 clang-format)
clang_tidy=$(pick clang-tidy-14 clang-tidy)
if [ -z "$clang_format" ] || [ -z "$clang_tidy" ]; then
  echo "lint needs clang-format and clang-tidy" >&2
  exit 2
fi
build=${VITEC_CONNECT_LINT_BUILD:-build/lint}
status=0

echo "=== clang-format ($("$clang_format" --version | grep -o '[0-9][0-9.]*' | head -n 1))"
mapfile -t sources < <(git ls-files --cached --others --exclude-standard -- '*.hpp' '*.cpp')
if ! "$clang_format" --dry-run -Werror "${sources[@]}"; then
  echo "clang-format: run $clang_format -i on the files above" >&2
  status=1
fi

echo "=== clang-tidy on include/ (one TU per public header)"
# Configuring is enough: the header TUs are generated then, and nothing needs to be built.
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DVITEC_CONNECT_BUILD_TESTS=ON -DVITEC_CONNECT_BUILD_EXAMPLES=OFF -DVITEC_CONNECT_BUILD_TOOLS=OFF \
  >/dev/null
mapfile -t units < <(find "$build/tests/headers" -maxdepth 1 -name '*.cpp' | sort)
[ ${#units[@]} -gt 0 ] || { echo "no header TUs under $build/tests/headers" >&2; exit 2; }
tidy_stderr=$(mktemp)
trap 'rm -f "$tidy_stderr"' EXIT
if ! printf '%s\n' "${units[@]}" |
    xargs -P "${VITEC_CONNECT_JOBS:-2}" -n 4 "$clang_tidy" -p "$build" --config-file=.clang-tidy --quiet \
      2>"$tidy_stderr"; then
  status=1
fi
# Findings go to stdout. On stderr, "N warnings generated." per TU is noise, but the rest says
# why clang-tidy could not do its job: "Error while processing FILE", a config or compilation
# database it cannot read, a crash.
grep -v -E '^[0-9]+ (warning|error)s?( and [0-9]+ (warning|error)s?)? generated\.$' "$tidy_stderr" >&2 ||
  true

if [ $status -ne 0 ]; then
  echo "lint: findings above" >&2
  exit 1
fi
echo "lint: clean"
