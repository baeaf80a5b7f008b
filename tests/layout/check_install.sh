#!/usr/bin/env bash
# check_install.sh MODE CMAKE BUILD_DIR WORK_DIR: the relocatable layout. connector-host finds its
# plugins in <exe dir>/../plugins and its connector manifests in <exe dir>/../manifests/connectors;
# the build tree and `cmake --install` both provide exactly that.
#   layout     the build tree and a fresh install both hold bin/connector-host,
#              plugins/libtiktok_shop_connector.so and manifests/connectors/tiktok-shop.json
#   relocated  an install moved elsewhere loads its own connector with no --plugin-dir or
#              --manifest-dir: `connectors` names the moved install's library
set -euo pipefail
mode=${1:?usage: check_install.sh layout|relocated CMAKE BUILD_DIR WORK_DIR}
cmake=${2:?}
build=${3:?}
work=${4:?}
layout=(bin/connector-host plugins/libtiktok_shop_connector.so manifests/connectors/tiktok-shop.json)

rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/installed" >"$work/install.log" 2>&1 ||
  { cat "$work/install.log" >&2; exit 1; }

fail=0
case $mode in
  layout)
    for tree in "$build" "$work/installed"; do
      for path in "${layout[@]}"; do
        [ -e "$tree/$path" ] || { echo "missing: $tree/$path" >&2; fail=1; }
      done
    done
    ;;
  relocated)
    mv "$work/installed" "$work/moved"
    moved=$(cd "$work/moved" && pwd -P)
    out=$(cd "$work" && HOME="$work" XDG_STATE_HOME="$work/state" "$moved/bin/connector-host" connectors 2>&1) ||
      { echo "connector-host connectors failed:" >&2; echo "$out" >&2; exit 1; }
    if ! grep -qE "^tiktok-shop  .*  $moved/plugins/libtiktok_shop_connector\.so\$" <<<"$out"; then
      echo "the moved install did not load its own plugin; connectors printed:" >&2
      echo "$out" >&2
      fail=1
    fi
    ;;
  *)
    echo "check_install.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac
exit $fail
