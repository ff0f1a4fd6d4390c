#!/usr/bin/env bash
# What including the SDK costs a user's build: CPU time (user + sys) of `g++ -std=c++17 -O2 -c`
# on a translation unit that only includes headers, median of 5 runs, against one that includes
# only the libraries the SDK is built on:
#   umbrella  <vitec/connect.hpp>          over libcurl + nlohmann/json + pugixml   target <= 1.25
#   models    <vitec/connect/models.hpp>   over nlohmann/json + pugixml             target <= 1.10
# Exits 1 naming each ratio over its target. CXX (default g++) and RUNS (default 5) override.
# Usage: scripts/compile_cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cxx=${CXX:-g++}
runs=${RUNS:-5}
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

cpu_seconds() {  # cpu_seconds NAME: median over $runs compiles, in seconds
  for _ in $(seq "$runs"); do
    /usr/bin/time -f '%U %S' -o "$work/time" \
      "$cxx" -std=c++17 -O2 -Iinclude -c "$work/$1.cpp" -o "$work/$1.o"
    awk '{ printf "%.2f\n", $1 + $2 }' "$work/time"
  done | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

echo "== compile cost: $cxx -std=c++17 -O2 -c, CPU seconds (user+sys), median of $runs"
missed=()
for pair in umbrella:1.25 models:1.10; do
  name=${pair%%:*}
  target=${pair##*:}
  sdk=$(cpu_seconds "$name")
  base=$(cpu_seconds "${name}_base")
  ratio=$(awk -v a="$sdk" -v b="$base" 'BEGIN { printf "%.2f", a / b }')
  verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r <= t ? "ok" : "MISSED") }')
  printf '%-9s %6.2f s  over its libraries %6.2f s  ratio %s  (target <= %s) %s\n' \
    "$name" "$sdk" "$base" "$ratio" "$target" "$verdict"
  [ "$verdict" = ok ] || missed+=("$name ratio $ratio > $target")
done
if [ ${#missed[@]} -gt 0 ]; then
  printf 'compile cost over target: %s\n' "${missed[@]}" >&2
  exit 1
fi
