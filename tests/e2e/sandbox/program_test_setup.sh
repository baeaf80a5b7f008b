# program_test_setup.sh SANDBOX LABEL, sourced by the program_*_test.sh scripts: `sandbox` (the
# program), `tmp` (a scratch folder), `sandbox_pid` (set it to a started sandbox: it is killed at
# exit, and `tmp` removed), and `fail MESSAGE`, which says LABEL: MESSAGE on stderr and exits 1.
set -euo pipefail
sandbox=$1
failure_label=$2
tmp=$(mktemp -d)
sandbox_pid=
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "$failure_label: $*" >&2; exit 1; }
