# Shared by the CLI tests: starts the stand-in on an ephemeral port and gives small assertions.
# Usage in a test: source lib.sh; start_stand_in [stand-in flags...]; then run the CLI as "$cli".
set -euo pipefail

cli=$(realpath "$1")
stand_in=$(realpath "$2")
work=$(mktemp -d)
stand_in_pid=
cleanup() {
  if [ -n "$stand_in_pid" ]; then
    kill "$stand_in_pid" 2>/dev/null || true
    wait "$stand_in_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

start_stand_in() {
  "$stand_in" --port 0 --log "$@" >stand_in.log 2>&1 &
  stand_in_pid=$!
  for _ in $(seq 100); do
    grep -q "listening on" stand_in.log && break
    sleep 0.1
  done
  VITEC_CONNECT_BASE_URL=$(grep -o "http://127.0.0.1:[0-9]*" stand_in.log | head -n 1 || true)
  [ -n "$VITEC_CONNECT_BASE_URL" ] || fail "the stand-in did not start: $(cat stand_in.log)"
  export VITEC_CONNECT_BASE_URL VITEC_CONNECT_USERNAME=demo VITEC_CONNECT_PASSWORD=demo-password
}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# run EXPECTED_CODE ARGS...: runs the CLI, keeps stdout in out.txt and stderr in err.txt.
run() {
  local expected=$1 code=0
  shift
  "$cli" "$@" >out.txt 2>err.txt || code=$?
  [ "$code" -eq "$expected" ] ||
    fail "vitec-connect $* exited $code, expected $expected; stdout: $(cat out.txt) stderr: $(cat err.txt)"
}

contains() {  # contains FILE TEXT
  grep -qF -- "$2" "$1" || fail "$1 lacks \"$2\": $(cat "$1")"
}

lacks() {  # lacks FILE TEXT
  if grep -qF -- "$2" "$1"; then fail "$1 holds \"$2\""; fi
}

# requests_received: how many requests the stand-in has logged so far.
requests_received() {
  grep -c "^stand-in: PUT" stand_in.log || true
}
