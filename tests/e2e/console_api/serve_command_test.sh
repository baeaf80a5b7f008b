#!/usr/bin/env bash
# serve_command_test.sh HOST: `connector-host serve` prints "listening on URL?access=TOKEN" first,
# answers on it, warns on stderr when bound beyond loopback without TLS, and stops on SIGTERM; a
# bad --address is a usage error.
set -euo pipefail
host=${1:?usage: serve_command_test.sh CONNECTOR_HOST}
work=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

start() {  # start ADDRESS: runs serve in the background and waits for its first line
  : >"$work/out"
  "$host" --state "$work/state" serve --address "$1" --web-dir "$work" >"$work/out" 2>"$work/err" &
  pid=$!
  for _ in $(seq 100); do
    grep -q '^listening on' "$work/out" && return 0
    kill -0 "$pid" 2>/dev/null || fail "serve exited: $(cat "$work/err")"
    sleep 0.1
  done
  fail "no listening line"
}
stop() { kill -TERM "$pid"; wait "$pid" || fail "serve did not exit 0 on SIGTERM"; pid=""; }

# A bad --address is a usage error that names the option.
status=0
"$host" --state "$work/state" serve --address nowhere >"$work/out" 2>"$work/err" || status=$?
[ "$status" = 2 ] || fail "serve --address nowhere exited $status"
grep -q -- "--address takes HOST:PORT, not 'nowhere'" "$work/err" || fail "bad address: $(cat "$work/err")"

start 127.0.0.1:0
line=$(head -1 "$work/out")
[[ $line =~ ^listening\ on\ http://127\.0\.0\.1:[0-9]+/\?access=[0-9a-f]{64}$ ]] || fail "first line: $line"
grep -q 'not loopback' "$work/err" && fail "warned on loopback: $(cat "$work/err")"
url=${line#listening on }
base=${url%%/\?access=*}
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/connections")
[ "$status" = 401 ] || fail "unauthenticated API answered $status"
status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[ "$status" = 303 ] || fail "the access URL answered $status"
stop

start 0.0.0.0:0
grep -q 'not loopback, without TLS' "$work/err" || fail "no warning for 0.0.0.0: $(cat "$work/err")"
stop
echo "serve prints its URL, answers, warns beyond loopback and stops on SIGTERM"
