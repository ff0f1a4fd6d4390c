#!/usr/bin/env bash
# Installs the Debian packages a job needs (idempotent).
# Usage: scripts/install-deps.sh [--demo] [extra-package...]
#   default  everything the build, the tests, the CI stages and the docs need (scripts/test.sh)
#   --demo   only what scripts/demo.sh needs: a compiler and CMake, the SDK's libraries,
#            cpp-httplib for the stand-in, and Catch2 for the fake-transport example
#   extra packages are added to either set (scripts/bench.sh adds nginx)
set -euo pipefail
demo=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev nlohmann-json3-dev libpugixml-dev libhowardhinnant-date-dev
  libcpp-httplib-dev libssl-dev catch2
)
full=(
  "${demo[@]}"
  clang clang-format clang-tidy libclang-rt-dev libcli11-dev libcsv-dev libsqlite3-dev
  openssl doxygen util-linux valgrind python3
)
packages=("${full[@]}")
if [ "${1:-}" = "--demo" ]; then
  shift
  packages=("${demo[@]}")
fi
packages+=("$@")
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
