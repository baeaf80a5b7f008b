#!/usr/bin/env bash
# Every connector-host command parses through its option table: `--help` prints the generated
# usage line (exit 0), and an unknown option is named (exit 2) with that usage line.
#
# usage: command_help_test.sh CONNECTOR_HOST
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 CONNECTOR_HOST" >&2; exit 2; }
host=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME=$tmp/state
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Each entry is a command as typed (a verb command with one of its verbs).
for command in version connectors describe "oauth-client save" "connection delete" authorize \
  listen "webhooks drain" run sign "runs list" "state backup" serve; do
  status=0
  # shellcheck disable=SC2086 # the verb is a word of its own
  "$host" $command --help >"$tmp/help.out" 2>&1 || status=$?
  [ "$status" -eq 0 ] || fail "$command --help exited $status"
  head -n 1 "$tmp/help.out" | grep -q "^usage: connector-host $command\( \|$\)" ||
    fail "$command --help does not start with its usage line: $(head -n 1 "$tmp/help.out")"

  status=0
  # shellcheck disable=SC2086
  "$host" $command --no-such-option >"$tmp/bad.out" 2>&1 || status=$?
  [ "$status" -eq 2 ] || fail "$command --no-such-option exited $status, not 2"
  grep -q "^connector-host $command: unknown option '--no-such-option'$" "$tmp/bad.out" ||
    fail "$command did not name the unknown option: $(head -n 1 "$tmp/bad.out")"
  grep -q "^usage: connector-host $command" "$tmp/bad.out" ||
    fail "$command printed no usage line after the error"
done

# The program's own options: --help lists every command; a global option without its value is
# named.
"$host" --help >"$tmp/main.out" || fail "--help exited $?"
for command in version connectors describe oauth-client connection authorize listen webhooks run \
  runs state sign; do
  grep -q "^  $command\( \|$\)" "$tmp/main.out" || fail "--help does not list $command"
done
status=0
"$host" --manifest-dir >"$tmp/value.out" 2>&1 || status=$?
[ "$status" -eq 2 ] || fail "--manifest-dir without a value exited $status"
grep -q "^connector-host: --manifest-dir needs a value$" "$tmp/value.out" ||
  fail "--manifest-dir without a value: $(cat "$tmp/value.out")"

[ "$failures" -eq 0 ] || exit 1
echo "PASS"
