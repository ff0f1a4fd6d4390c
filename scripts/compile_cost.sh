#!/usr/bin/env bash
# What including the SDK costs a user's build: CPU time (user + sys) of `g++ -std=c++17 -O2 -c`
# on a translation unit that only includes headers, against one that includes only the libraries
# the SDK is built on. The two are compiled in turn, RUNS times, and the median of the per-pair
# ratios is the figure: on a shared machine the load shifts between runs, not within a pair.
#   umbrella  <vitec/connect.hpp>          over libcurl + nlohmann/json + pugixml   target <= 1.25
#   models    <vitec/connect/models.hpp>   over nlohmann/json + pugixml             target <= 1.10
#   api       the umbrella and <vitec/connect/api/crm.hpp> (the area of most operations: its client and models)
#             over the umbrella alone                                            target <= 1.15
#   api_all   the umbrella and <vitec/connect/api/all.hpp> (every area, api::call) over the umbrella target <= 2
# Exits 1 naming each ratio over its target. CXX (default g++) and RUNS (default 9) override;
# ONLY="api api_all" measures only the units named.
# INSTRUCTIONS=1 also counts the instructions the compiler executes for each unit (valgrind's
# callgrind, about a minute a unit): a figure that, unlike CPU time, does not move with the load.
# Usage: scripts/compile_cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cxx=${CXX:-g++}
runs=${RUNS:-9}
[ -x /usr/bin/time ] || { echo "compile_cost.sh needs /usr/bin/time (Debian: time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unit() {  # unit NAME HEADER...: a translation unit that includes the headers
  local name=$1
  shift
  printf '#include <%s>\n' "$@" >"$work/$name.cpp"
}
unit umbrella vitec/connect.hpp
unit umbrella_base curl/curl.h nlohmann/json.hpp pugixml.hpp
unit models vitec/connect/models.hpp
unit models_base nlohmann/json.hpp pugixml.hpp
unit api vitec/connect.hpp vitec/connect/api/crm.hpp
unit api_base vitec/connect.hpp
unit api_all vitec/connect.hpp vitec/connect/api/all.hpp
unit api_all_base vitec/connect.hpp

cpu_seconds() {  # cpu_seconds NAME: seconds of one compile
  /usr/bin/time -f '%U %S' -o "$work/time" \
    "$cxx" -std=c++17 -O2 -Iinclude -c "$work/$1.cpp" -o "$work/$1.o"
  awk '{ printf "%.2f", $1 + $2 }' "$work/time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
instructions() {  # instructions NAME: millions of instructions g++ and its cc1plus execute
  valgrind --tool=callgrind --trace-children=yes --trace-children-skip='*/as,*/collect2,*/ld' \
    --callgrind-out-file="$work/callgrind.%p" "$cxx" -std=c++17 -O2 -Iinclude -c \
    "$work/$1.cpp" -o "$work/$1.o" 2>&1 | awk '/Collected/ { n += $NF } END { printf "%.0f", n / 1e6 }'
  rm -f "$work"/callgrind.*
}

echo "== compile cost: $cxx -std=c++17 -O2 -c, CPU seconds (user+sys), medians of $runs pairs"
missed=()
for pair in umbrella:1.25 models:1.10 api:1.15 api_all:2; do
  name=${pair%%:*}
  target=${pair##*:}
  [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $name "* ]] || continue
  for _ in $(seq "$runs"); do
    echo "$(cpu_seconds "$name") $(cpu_seconds "${name}_base")"
  done >"$work/pairs"
  sdk=$(awk '{ print $1 }' "$work/pairs" | median)
  base=$(awk '{ print $2 }' "$work/pairs" | median)
  ratio=$(awk '{ printf "%.3f\n", $1 / $2 }' "$work/pairs" | median)
  verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t ? "ok" : "MISSED") }')
  printf '%-9s %6.2f s  over its libraries %6.2f s  ratio %.3f  (target <= %s) %s\n' \
    "$name" "$sdk" "$base" "$ratio" "$target" "$verdict"
  [ "$verdict" = ok ] || missed+=("$name ratio $ratio > $target")
  if [ "${INSTRUCTIONS:-0}" = 1 ]; then
    sdk_ir=$(instructions "$name")
    base_ir=$(instructions "${name}_base")
    awk -v s="$sdk_ir" -v b="$base_ir" -v n="$name" \
      'BEGIN { printf "%-9s %6d M instructions  over its libraries %6d M  ratio %.3f\n", n, s, b, s / b }'
  fi
done
if [ ${#missed[@]} -gt 0 ]; then
  printf 'compile cost over target: %s\n' "${missed[@]}" >&2
  exit 1
fi
