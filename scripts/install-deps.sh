#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the demo need (idempotent).
# Usage: scripts/install-deps.sh [extra-package...]   (scripts/bench.sh adds nginx)
set -euo pipefail
packages=(
  "$@"
  build-essential cmake ninja-build pkg-config clang clang-format clang-tidy libclang-rt-dev
  libcurl4-openssl-dev nlohmann-json3-dev libpugixml-dev catch2 libcpp-httplib-dev libssl-dev
  libcli11-dev libcsv-dev openssl doxygen util-linux valgrind
)
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
