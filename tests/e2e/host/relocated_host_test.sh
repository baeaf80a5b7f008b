#!/usr/bin/env bash
# connector-host finds its plugins and connector manifests relative to its own executable
# (<exe dir>/../plugins, <exe dir>/../manifests/connectors), so that a copied prefix works with no
# flags, from any working directory; and no absolute path of the source tree is compiled into it.
#
# usage: relocated_host_test.sh CONNECTOR_HOST PLUGIN_DIR SOURCE_DIR PATH_CHECK
#   PATH_CHECK: no-source-path, or sanitized-build-names-its-sources (the sanitizers' checks
#   carry their source locations: the run from the prefix is checked, the strings are not)
set -euo pipefail
usage="usage: $0 CONNECTOR_HOST PLUGIN_DIR SOURCE_DIR no-source-path|sanitized-build-names-its-sources"
[ $# -eq 4 ] || { echo "$usage" >&2; exit 2; }
host=$(realpath "$1") plugins=$(realpath "$2") source_dir=$(realpath "$3") path_check=$4
case "$path_check" in
  no-source-path | sanitized-build-names-its-sources) ;;
  *) echo "$usage" >&2; exit 2 ;;
esac

fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A prefix laid out as `cmake --install` lays it out.
prefix=$tmp/prefix
mkdir -p "$prefix/bin" "$prefix/plugins" "$prefix/manifests/connectors" "$tmp/elsewhere"
cp "$host" "$prefix/bin/connector-host"
cp "$plugins"/*.so "$prefix/plugins/"
cp "$source_dir"/manifests/connectors/*.json "$prefix/manifests/connectors/"
export XDG_STATE_HOME=$tmp/state

cd "$tmp/elsewhere"
status=0
"$prefix/bin/connector-host" connectors >"$tmp/connectors.out" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "connectors exited $status: $(cat "$tmp/connectors.out")"
grep -q "^tiktok-shop .* $prefix/plugins/libtiktok_shop_connector.so$" "$tmp/connectors.out" ||
  fail "connectors did not load the prefix's plugin: $(cat "$tmp/connectors.out")"

status=0
"$prefix/bin/connector-host" describe tiktok-shop >"$tmp/describe.out" 2>"$tmp/describe.err" ||
  status=$?
[ "$status" -eq 0 ] || fail "describe exited $status: $(cat "$tmp/describe.err")"
grep -q '"endpoints"' "$tmp/describe.out" || fail "describe printed no endpoints: $(head -c 300 "$tmp/describe.out")"

# The build tree is such a prefix too.
"$host" connectors >"$tmp/build-tree.out" 2>&1 ||
  fail "the build tree's connector-host found no connectors: $(cat "$tmp/build-tree.out")"

# Reached through a link, it still finds the prefix it lives in (links are resolved).
ln -s "$prefix/bin/connector-host" "$tmp/linked-host"
"$tmp/linked-host" connectors >"$tmp/linked.out" 2>&1 || fail "via a link: $(cat "$tmp/linked.out")"

# Without a prefix around it, it says where it looked.
mkdir -p "$tmp/bare/bin"
cp "$host" "$tmp/bare/bin/connector-host"
"$tmp/bare/bin/connector-host" connectors >"$tmp/bare.out" 2>&1 && fail "a bare copy found manifests"
grep -q "$tmp/bare/manifests/connectors" "$tmp/bare.out" ||
  fail "a bare copy did not name where it looked: $(cat "$tmp/bare.out")"

# The flags still override the defaults.
"$tmp/bare/bin/connector-host" --plugin-dir "$prefix/plugins" \
  --manifest-dir "$prefix/manifests/connectors" connectors >"$tmp/flags.out" 2>&1 ||
  fail "flags did not override: $(cat "$tmp/flags.out")"

# The program (code and data; debug info records where it was compiled) names no source path.
if [ "$path_check" = sanitized-build-names-its-sources ]; then
  echo "PASS (source paths not checked: a sanitized build)"
  exit 0
fi
objcopy --strip-debug "$host" "$tmp/stripped"
if strings "$tmp/stripped" | grep -F "$source_dir" >"$tmp/paths.out"; then
  fail "connector-host holds source paths: $(head -5 "$tmp/paths.out")"
fi
echo "PASS"
