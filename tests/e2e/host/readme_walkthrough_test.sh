#!/usr/bin/env bash
# readme_walkthrough_test.sh SOURCE_DIR BUILD_DIR: runs the shell block of README.md's "Using it
# against TikTok Shop" section as written, against the sandbox it starts, so that the README
# cannot drift from the host. Only the fixed ports (the sandbox's 8977, the callback's 8765, the
# listener's 8979) are swapped for free ones, in the block and in the example manifests alike;
# the state, the master key and every file the block writes stay in a temporary directory.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: $0 SOURCE_DIR BUILD_DIR" >&2; exit 2; }
source_dir=$(cd "$1" && pwd)
build_dir=$(cd "$2" && pwd)
tmp=$(mktemp -d)
group=
cleanup() {
  # The block's own background processes (sandbox, listener) if it stopped before its last step.
  [ -n "$group" ] && kill -- "-$group" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "readme walkthrough: $*" >&2; exit 1; }

# The section's first ```sh block.
awk '/^## Using it against TikTok Shop/ {in_section = 1; next}
     in_section && /^## / {exit}
     in_section && /^```sh$/ && !done {in_block = 1; next}
     in_block && /^```$/ {in_block = 0; done = 1; next}
     in_block {print}' "$source_dir/README.md" >"$tmp/block.sh"
[ -s "$tmp/block.sh" ] || fail "README.md has no \`\`\`sh block under 'Using it against TikTok Shop'"
for port in 8977 8765 8979; do
  grep -q "$port" "$tmp/block.sh" || fail "the README block no longer uses port $port; update this test"
done

# Free loopback ports below the ephemeral range (as scripts/demo draws them), all different.
low=32768
read -r low _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
[ "$low" -gt 20000 ] || low=32768
taken=" "
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % (low - 20000)))
    case "$taken" in *" $port "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      taken="$taken$port "
      echo "$port"
      return 0
    fi
  done
  fail "no free port found"
}
sandbox_port=$(free_port)
callback_port=$(free_port)
listener_port=$(free_port)
swap_ports() { sed -e "s/8977/$sandbox_port/g" -e "s/8765/$callback_port/g" -e "s/8979/$listener_port/g"; }

# A checkout as the README expects it: build/ (the real one) and manifests/ (ports swapped).
root="$tmp/checkout"
mkdir -p "$root"
ln -s "$build_dir" "$root/build"
cp -R "$source_dir/manifests" "$root/manifests"
for f in "$root"/manifests/examples/*.json; do swap_ports <"$f" >"$f.new" && mv "$f.new" "$f"; done
{
  swap_ports <"$tmp/block.sh"
  printf '\nprintf "%%s\\n" "$work" >%q\n' "$tmp/work-dir"
} >"$tmp/walkthrough.sh"

# Run it as a newcomer would paste it, with errors fatal; no master key and no SANDBOX_APP_SECRET
# from this environment (the block must set up what it needs). timeout(1) puts it in a process
# group of its own and stops the whole group (the sandbox and listener too) if it hangs.
(
  cd "$root"
  unset CONNECTOR_HOST_MASTER_KEY SANDBOX_APP_SECRET
  export TMPDIR="$tmp" XDG_STATE_HOME="$tmp/xdg-state"
  exec timeout --kill-after=5 240 bash -euo pipefail "$tmp/walkthrough.sh"
) >"$tmp/stdout" 2>"$tmp/stderr" &
group=$!
status=0
wait "$group" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- the README block (ports swapped) ---" >&2
  cat -n "$tmp/walkthrough.sh" >&2
  echo "--- its stdout ---" >&2
  cat "$tmp/stdout" >&2
  echo "--- its stderr ---" >&2
  cat "$tmp/stderr" >&2
  fail "the README block failed (exit $status)"
fi

# What the block promises to leave behind.
work=$(cat "$tmp/work-dir")
cat "$tmp/stdout"
grep -q "^authorized connection demo-shop" "$tmp/stdout" || fail "authorize did not say it authorized"
grep -q "^connection demo-shop works" "$tmp/stdout" || fail "connection test did not pass"
for f in orders.jsonl products.jsonl inventory.jsonl inventory.results.jsonl webhook-events.jsonl; do
  [ -s "$work/$f" ] || fail "$f is missing or empty in the walkthrough's directory"
done
grep -q '"event_id"' "$work/webhook-events.jsonl" || fail "webhook-events.jsonl holds no event"
[ ! -e "$root/state" ] || fail "the walkthrough wrote state into the checkout"
echo "readme walkthrough: every step ran"
