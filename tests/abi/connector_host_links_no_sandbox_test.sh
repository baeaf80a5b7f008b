#!/usr/bin/env bash
# connector_host_links_no_sandbox_test.sh CONNECTOR_HOST SANDBOX: the generic host links no code
# of the local TikTok Shop (namespace sandbox::) nor its certificate generator
# (self_signed_cert::). The same search over the sandbox program must find both, so that a
# stripped binary or a renamed namespace makes this test fail rather than pass unseen.
set -euo pipefail
host=$1
sandbox=$2
fail() { echo "connector-host links no sandbox: $*" >&2; exit 1; }
command -v nm >/dev/null || fail "nm (binutils) is needed"

# Defined symbols, demangled, whose name starts in one of the namespaces.
symbols_in() {  # symbols_in BINARY
  nm -C --defined-only "$1" | grep -E '(^|[^A-Za-z0-9_:])(sandbox|self_signed_cert)::' || true
}

found=$(symbols_in "$host")
if [ -n "$found" ]; then
  head -n 20 <<<"$found" >&2
  fail "$host has $(wc -l <<<"$found") symbols of the sandbox (first 20 above)"
fi
control=$(symbols_in "$sandbox")
# (grep reads a here-string: with pipefail, `echo | grep -q` fails when grep stops reading early.)
grep -q 'sandbox::SandboxServer::start' <<<"$control" \
  || fail "the search finds no sandbox::SandboxServer::start in $sandbox: it proves nothing"
grep -q 'self_signed_cert::generate' <<<"$control" \
  || fail "the search finds no self_signed_cert::generate in $sandbox: it proves nothing"
echo "connector-host links no sandbox: ok (none in the host, $(wc -l <<<"$control") in the sandbox)"
