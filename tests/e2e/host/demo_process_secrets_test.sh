#!/usr/bin/env bash
# demo_process_secrets_test.sh ROOT BUILD_DIR WORK_DIR: the demo's sandbox, started exactly as
# scripts/demo starts it (scripts/demo-launch), holds the app secret in its environment only and
# never the master key, even when the caller's environment exports one; and it uses that secret.
set -euo pipefail
root=$1
host="$2/bin/connector-host"
sandbox_program="$2/bin/tiktok-shop-sandbox"
work=$3
rm -rf "$work"
mkdir -p "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The worst case for the demo: a master key exported by whoever runs it.
demo_master_key=$(printf '5e%.0s' $(seq 1 32))
export CONNECTOR_HOST_MASTER_KEY=$demo_master_key
demo_app_secret="process-test-app-secret-$$"
# shellcheck source=../../../scripts/demo-launch
source "$root/scripts/demo-launch"

demo_start_sandbox "$work/sandbox.out" "$work/sandbox.err" --port 0
trap 'kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true' EXIT
base_url=
for _ in $(seq 1 200); do
  line=$(head -n 1 "$work/sandbox.out" 2>/dev/null || true)
  case "$line" in
    "listening on "*) base_url=${line#listening on }; break ;;
  esac
  kill -0 "$sandbox_pid" 2>/dev/null || fail "the sandbox did not start: $(cat "$work/sandbox.err")"
  sleep 0.05
done
[ -n "$base_url" ] || fail "the sandbox did not say where it listens"

[ "$(readlink "/proc/$sandbox_pid/exe")" = "$(readlink -f "$sandbox_program")" ] \
  || fail "pid $sandbox_pid is not tiktok-shop-sandbox itself"
environ=$(tr '\0' '\n' <"/proc/$sandbox_pid/environ")
cmdline=$(tr '\0' ' ' <"/proc/$sandbox_pid/cmdline")
case "$environ" in *"$demo_master_key"*) fail "the master key is in the sandbox's environment" ;; esac
case "$cmdline" in *"$demo_master_key"*) fail "the master key is on the sandbox's command line" ;; esac
case "$cmdline" in *"$demo_app_secret"*) fail "the app secret is on the sandbox's command line" ;; esac
printf '%s\n' "$environ" | grep -qx "SANDBOX_APP_SECRET=$demo_app_secret" \
  || fail "the sandbox did not get its app secret through the environment"
grep -q -- "--app-secret" "$work/sandbox.err" && fail "the sandbox warned about --app-secret"

# The sandbox took the secret from its environment: the token endpoint accepts it (the code is
# then what is wrong) and refuses its own default.
token_get() {
  curl -fsS "$base_url/api/v2/token/get?app_key=sandbox_app_key&app_secret=$1&auth_code=x&grant_type=authorized_code"
}
case "$(token_get "$demo_app_secret")" in
  *"Invalid app_key or app_secret"*) fail "the sandbox refused the secret it was given" ;;
esac
case "$(token_get sandbox_app_secret)" in
  *"Invalid app_key or app_secret"*) ;;
  *) fail "the sandbox still accepts its default secret" ;;
esac
echo "ok: the sandbox's environment and command line hold no master key; its app secret came through the environment"
