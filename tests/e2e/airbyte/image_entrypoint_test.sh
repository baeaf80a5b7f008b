#!/usr/bin/env bash
# The command sample-host/Dockerfile's image runs, run as the image would run it: from an
# installed prefix at the image's path (relocated into a temporary directory, since this machine
# cannot build the image: no Docker daemon and no network for the base image), with no HOME, no
# XDG state and no writable working directory, answering `spec`. Also checks that the
# Dockerfile's AIRBYTE_ENTRYPOINT and ENTRYPOINT say the same command, that it carries the
# io.airbyte labels, and that metadata.yaml names the image the labels name.
#
# usage: image_entrypoint_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR SOURCE_DIR" >&2; exit 2; }
build=$(realpath "$1") source_dir=$(realpath "$2")
dockerfile=$source_dir/sample-host/Dockerfile
metadata=$source_dir/sample-host/metadata.yaml
fail() { echo "FAIL: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT

entrypoint=$(sed -n 's/^ENV AIRBYTE_ENTRYPOINT="\(.*\)"$/\1/p' "$dockerfile")
[ -n "$entrypoint" ] || fail "the Dockerfile sets no AIRBYTE_ENTRYPOINT"
exec_form=$(sed -n 's/^ENTRYPOINT \[\(.*\)\]$/\1/p' "$dockerfile" | sed 's/", "/ /g; s/"//g')
[ "$exec_form" = "$entrypoint" ] || fail "ENTRYPOINT ($exec_form) is not AIRBYTE_ENTRYPOINT ($entrypoint)"
grep -q '^FROM debian:bookworm-slim$' "$dockerfile" || fail "the image is not FROM debian:bookworm-slim"
name=$(sed -n 's/^LABEL io.airbyte.name="\(.*\)"$/\1/p' "$dockerfile")
version=$(sed -n 's/^LABEL io.airbyte.version="\(.*\)"$/\1/p' "$dockerfile")
[ -n "$name" ] && [ -n "$version" ] || fail "the io.airbyte.name and io.airbyte.version labels are missing"
grep -q "^  dockerRepository: $name\$" "$metadata" || fail "metadata.yaml does not name $name"
grep -q "^  dockerImageTag: $version\$" "$metadata" || fail "metadata.yaml does not tag $version"
grep -q '^  connectorType: source$' "$metadata" || fail "metadata.yaml is not a source's"

# The prefix the Dockerfile copies (cmake --install), at the image's path under $tmp.
image_prefix=/opt/connector-host
[[ $entrypoint == "$image_prefix/"* ]] || fail "the entrypoint is not under $image_prefix"
cmake --install "$build" --prefix "$tmp$image_prefix" >/dev/null
mkdir "$tmp/work" && chmod a-w "$tmp/work"
read -r -a command <<<"${entrypoint//$image_prefix/$tmp$image_prefix}"
cd "$tmp/work"
env -i PATH=/usr/bin:/bin TMPDIR="$tmp" "${command[@]}" spec >"$tmp/spec.out" 2>"$tmp/spec.err" ||
  fail "the entrypoint's spec exited $?: $(cat "$tmp/spec.err")"
[ "$(wc -l <"$tmp/spec.out")" -eq 1 ] || fail "spec printed more than one line"
/usr/bin/python3 -c '
import json, sys
message = json.load(open(sys.argv[1]))
assert message["type"] == "SPEC", message["type"]
assert message["spec"]["connectionSpecification"]["properties"]["refresh_token"]["airbyte_secret"]
' "$tmp/spec.out" || fail "spec did not print a SPEC message: $(head -c 300 "$tmp/spec.out")"
echo "ok: $entrypoint spec (from an installed prefix)"
