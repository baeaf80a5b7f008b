#!/usr/bin/env bash
# program_many_shops_test.sh SANDBOX: `tiktok-shop-sandbox --sellers N --shops M` lists the N x M
# sellers' shops (each with its seller and, under --rate-limit-spread, its own rate limit) and the
# other seller's shop; its stats have a "shops" object; the most shops it takes (9999 in all)
# start; more, or a spread of 1 (no budget for the last shop), are usage errors that name the flag.
. "$(dirname "$0")/program_test_setup.sh" "$1" "tiktok-shop-sandbox --sellers/--shops"

# usage_error EXPECTED ARGS...: exits 2 and says EXPECTED on stderr.
usage_error() {
  local expected=$1 status=0
  shift
  "$sandbox" "$@" >"$tmp/usage.out" 2>"$tmp/usage.err" || status=$?
  [ "$status" -eq 2 ] || fail "$* exited $status, not 2"
  grep -qF -- "$expected" "$tmp/usage.err" || fail "$*: no '$expected' in: $(cat "$tmp/usage.err")"
}
usage_error "--shops * --sellers must be at most 9999 (5000 * 2)" --shops 5000 --sellers 2
usage_error "--sellers must be at least 1" --sellers 0
usage_error "--rate-limit-spread needs F" --rate-limit-spread 1

# start ARGS...: starts the sandbox; sets base_url once it listens.
start() {
  "$sandbox" --port 0 "$@" >"$tmp/out" 2>"$tmp/err" &
  sandbox_pid=$!
  base_url=
  for _ in $(seq 1 1200); do
    line=$(head -n 1 "$tmp/out" 2>/dev/null || true)
    case "$line" in "listening on "*) base_url=${line#listening on }; return ;; esac
    kill -0 "$sandbox_pid" 2>/dev/null || fail "the sandbox did not start: $(cat "$tmp/err")"
    sleep 0.05
  done
  fail "the sandbox did not say where it listens"
}
stop() { kill "$sandbox_pid" && wait "$sandbox_pid" || true; sandbox_pid=; }

start --sellers 2 --shops 3 --rate-limit 10 --rate-limit-spread 0.5
[ "$(grep -c '^shop ' "$tmp/err")" -eq 7 ] || fail "not 2 x 3 + 1 shops: $(cat "$tmp/err")"
[ "$(grep -c ' seller=0 ' "$tmp/err")" -eq 3 ] || fail "seller 0 does not own 3 shops"
[ "$(grep -c ' seller=1 ' "$tmp/err")" -eq 3 ] || fail "seller 1 does not own 3 shops"
[ "$(grep -c '\[another seller\]$' "$tmp/err")" -eq 1 ] || fail "no shop of another seller"
grep '^shop ' "$tmp/err" | head -n 1 | grep -q ' rate_limit=10$' || fail "shop 1 is not at 10/s"
grep '^shop ' "$tmp/err" | sed -n 6p | grep -q ' rate_limit=5$' || fail "shop 6 is not at 5/s"
curl -fsS "$base_url/__sandbox/stats" | grep -q '"shops":{}' \
  || fail "the stats have no per-shop object before any call"
stop

start --shops 9999 --orders 1 --products 1
[ "$(grep -c '^shop ' "$tmp/err")" -eq 10000 ] || fail "not 9999 + 1 shops"
curl -fsS "$base_url/__sandbox/stats" >/dev/null || fail "a sandbox of 9999 shops does not answer"
stop
echo "tiktok-shop-sandbox --sellers/--shops: ok"
