#!/usr/bin/env bash
# program_help_test.sh SANDBOX CONNECTOR_HOST: `tiktok-shop-sandbox --help` exits 0 and lists the
# demo defaults (app key, app secret, service id) and every flag the program takes; an unknown
# flag is a usage error that names it; and `connector-host sandbox`, the old way to start it, is
# now an unknown command of the host.
set -euo pipefail
sandbox=$1
host=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "tiktok-shop-sandbox --help: $*" >&2; exit 1; }

"$sandbox" --help >"$tmp/help" 2>"$tmp/help.err" || fail "exited $?: $(cat "$tmp/help.err")"
[ ! -s "$tmp/help.err" ] || fail "wrote to stderr: $(cat "$tmp/help.err")"
head -n 1 "$tmp/help" | grep -q '^usage: tiktok-shop-sandbox \[options\]' \
  || fail "the first line is not the usage: $(head -n 1 "$tmp/help")"
for default in sandbox_app_key sandbox_app_secret 7000000000000000001 \
  http://127.0.0.1:8976/callback; do
  grep -q -- "$default" "$tmp/help" || fail "the help does not name the default $default"
done
for flag in --port --bind --app-key --app-secret-file --app-secret --service-id --redirect-url \
  --authorize --seed --sellers --shops --rate-limit --rate-limit-spread --fault-503 --fault-seed --tls --tls-cert --tls-key \
  --tls-cert-out --webhook-time-scale --webhook-timeout-ms --webhook-ca --max-body-bytes \
  --read-timeout-ms --io-threads; do
  grep -q -- "^  $flag\( \|$\)" "$tmp/help" || fail "the help does not list $flag"
done
"$sandbox" -h | cmp -s - "$tmp/help" || fail "-h differs from --help"

status=0
"$sandbox" --no-such-flag >"$tmp/bad.out" 2>"$tmp/bad.err" || status=$?
[ "$status" -eq 2 ] || fail "an unknown flag exited $status, not 2"
grep -q "^tiktok-shop-sandbox: unknown option '--no-such-flag'" "$tmp/bad.err" \
  || fail "an unknown flag is not named: $(head -n 1 "$tmp/bad.err")"
status=0
"$sandbox" --port not-a-port >/dev/null 2>"$tmp/value.err" || status=$?
[ "$status" -eq 2 ] || fail "a bad --port exited $status, not 2"
grep -q "^tiktok-shop-sandbox: --port needs N" "$tmp/value.err" \
  || fail "a bad value is not named: $(cat "$tmp/value.err")"

status=0
"$host" sandbox --help >/dev/null 2>"$tmp/host.err" || status=$?
[ "$status" -eq 2 ] || fail "connector-host sandbox exited $status, not 2 (unknown command)"
grep -q "^connector-host: unknown command 'sandbox'" "$tmp/host.err" \
  || fail "connector-host sandbox: $(head -n 1 "$tmp/host.err")"
echo "tiktok-shop-sandbox --help: ok"
