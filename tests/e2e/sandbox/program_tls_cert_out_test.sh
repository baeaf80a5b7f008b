#!/usr/bin/env bash
# program_tls_cert_out_test.sh SANDBOX: `tiktok-shop-sandbox --tls --tls-cert-out FILE`
# writes the certificate it serves to FILE before it says where it listens, names FILE on stderr,
# and a client that trusts FILE (curl --cacert) reaches it; --tls-cert-out without --tls is a
# usage error.
. "$(dirname "$0")/program_test_setup.sh" "$1" "tiktok-shop-sandbox --tls-cert-out"

status=0
"$sandbox" --tls-cert-out "$tmp/unused.pem" >"$tmp/usage.out" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "without --tls it exited $status, not 2"
grep -q -- "--tls-cert-out needs --tls" "$tmp/usage.out" || fail "no clear usage error: $(cat "$tmp/usage.out")"
[ ! -e "$tmp/unused.pem" ] || fail "it wrote a certificate without --tls"

"$sandbox" --tls --tls-cert-out "$tmp/ca.pem" --port 0 >"$tmp/out" 2>"$tmp/err" &
sandbox_pid=$!
base_url=
for _ in $(seq 1 200); do
  line=$(head -n 1 "$tmp/out" 2>/dev/null || true)
  case "$line" in "listening on "*) base_url=${line#listening on }; break ;; esac
  kill -0 "$sandbox_pid" 2>/dev/null || fail "the sandbox did not start: $(cat "$tmp/err")"
  sleep 0.05
done
[ -n "$base_url" ] || fail "the sandbox did not say where it listens"
case "$base_url" in https://*) ;; *) fail "it listens on $base_url, not https" ;; esac
grep -q "TLS certificate written to $tmp/ca.pem" "$tmp/err" || fail "stderr does not name the file: $(cat "$tmp/err")"
head -n 1 "$tmp/ca.pem" | grep -q -- "-----BEGIN CERTIFICATE-----" || fail "$tmp/ca.pem is not a PEM certificate"
curl -fsS --cacert "$tmp/ca.pem" "$base_url/__sandbox/stats" >/dev/null \
  || fail "curl trusting $tmp/ca.pem cannot reach $base_url"
if curl -fsS "$base_url/__sandbox/stats" >/dev/null 2>&1; then
  fail "curl without the certificate reached $base_url (the check above proves nothing)"
fi
echo "tiktok-shop-sandbox --tls-cert-out: ok"
