#!/usr/bin/env bash
# program_app_secret_flags_test.sh SANDBOX WORK_DIR: tiktok-shop-sandbox (the program SANDBOX
# names) takes its app secret from --app-secret-file (bounded, a regular file), still from
# --app-secret but with a warning that it is visible to other users, and refuses both at once.
set -euo pipefail
sandbox=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
unset SANDBOX_APP_SECRET

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

sandbox_pid=
stop() {
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  sandbox_pid=
}
trap stop EXIT

# start NAME ARGS...: starts a sandbox, waits for its URL; sets base_url.
start() {
  local name=$1
  shift
  "$sandbox" --port 0 "$@" >"$work/$name.out" 2>"$work/$name.err" &
  sandbox_pid=$!
  base_url=
  for _ in $(seq 1 200); do
    line=$(head -n 1 "$work/$name.out" 2>/dev/null || true)
    case "$line" in
      "listening on "*) base_url=${line#listening on }; return 0 ;;
    esac
    kill -0 "$sandbox_pid" 2>/dev/null || fail "$name: the sandbox did not start: $(cat "$work/$name.err")"
    sleep 0.05
  done
  fail "$name: the sandbox did not say where it listens"
}

accepts() {  # accepts SECRET: the running sandbox's token endpoint takes SECRET as the app's
  local answer
  answer=$(curl -fsS "$base_url/api/v2/token/get?app_key=sandbox_app_key&app_secret=$1&auth_code=x&grant_type=authorized_code")
  case "$answer" in *"Invalid app_key or app_secret"*) return 1 ;; esac
  return 0
}

printf 'secret-from-file-123\n' >"$work/app_secret"
chmod 600 "$work/app_secret"
start file --app-secret-file "$work/app_secret"
accepts secret-from-file-123 || fail "--app-secret-file: the file's secret was not taken"
accepts sandbox_app_secret && fail "--app-secret-file: the default secret is still accepted"
grep -q "command line" "$work/file.err" && fail "--app-secret-file warned about the command line"
stop

start flag --app-secret secret-on-argv-456
accepts secret-on-argv-456 || fail "--app-secret: the secret was not taken"
grep -q -- "--app-secret puts the app secret on the command line" "$work/flag.err" \
  || fail "--app-secret did not warn: $(cat "$work/flag.err")"
grep -q "secret-on-argv-456" "$work/flag.err" && fail "the warning repeated the secret"
stop

set +e
"$sandbox" --app-secret x --app-secret-file "$work/app_secret" >/dev/null 2>"$work/both.err"
both=$?
"$sandbox" --app-secret-file /proc/self/environ >/dev/null 2>"$work/proc.err"
proc=$?
set -e
[ "$both" -eq 2 ] || fail "both flags: exit $both, expected 2"
grep -q "not both" "$work/both.err" || fail "both flags: $(cat "$work/both.err")"
[ "$proc" -eq 2 ] || fail "a /proc secret file: exit $proc, expected 2"
grep -q -- "--app-secret-file: secret file /proc/self/environ is on /proc or /sys" "$work/proc.err" \
  || fail "a /proc secret file: $(cat "$work/proc.err")"
echo "ok: --app-secret-file, --app-secret (warned) and their refusals"
