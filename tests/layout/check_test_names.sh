#!/usr/bin/env bash
# check_test_names.sh --build-dir DIR | --names FILE: every ctest name starts with its area:
#   unit.plugin.  unit.host.<area>.  abi.  sandbox.  e2e.  fuzz.
# Prints each name that does not and exits 1; exits 1 too when there are no names at all (a
# broken `ctest -N` must not pass). A new host area is added to host_areas below.
set -euo pipefail
host_areas='connections|calls|authorization|flows|export|import|store|http|loader|log|manifest|text_codec|json_writer|webhook|console|sync_protocols|cli|layout|metrics'
prefixes="^(unit\.plugin|unit\.host\.($host_areas)|abi|sandbox|e2e|fuzz)\."
case ${1:-} in
  --build-dir) names=$("${CTEST:-ctest}" --test-dir "${2:?--build-dir DIR}" -N | sed -n 's/^ *Test *#[0-9]*: //p') ;;
  --names) names=$(cat "${2:?--names FILE}") ;;
  *)
    echo "usage: check_test_names.sh --build-dir DIR | --names FILE" >&2
    exit 2
    ;;
esac
if [ -z "$names" ]; then
  echo "no test names found" >&2
  exit 1
fi
bad=$(grep -vE "$prefixes" <<<"$names" || true)
if [ -n "$bad" ]; then
  sed 's/^/not prefixed by an area: /' <<<"$bad" >&2
  exit 1
fi
echo "$(wc -l <<<"$names") test names, each under an area prefix"
