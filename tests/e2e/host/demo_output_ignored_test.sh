#!/usr/bin/env bash
# demo_output_ignored_test.sh SOURCE_DIR: what `./dev demo` writes into the checkout
# (demo-output/, scripts/demo's default) is ignored by git, so that it never shows as a change.
# Exits 77 (skipped) outside a git checkout.
set -euo pipefail
source_dir=$1
git -C "$source_dir" rev-parse --is-inside-work-tree >/dev/null 2>&1 || exit 77
grep -q 'demo-output' "$source_dir/scripts/demo" \
  || { echo "scripts/demo no longer writes demo-output/; update this test" >&2; exit 1; }
for path in demo-output/orders.jsonl demo-output/state/connector-host.db; do
  git -C "$source_dir" check-ignore -q "$path" \
    || { echo "$path (written by ./dev demo) is not ignored by .gitignore" >&2; exit 1; }
done
