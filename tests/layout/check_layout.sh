#!/usr/bin/env bash
# check_layout.sh RULE SOURCE_DIR [ARGS...]: one rule of the source tree's layout; prints every
# offending file:line and exits 1 when the rule is broken, 0 when it holds.
#   engine_never_names_cli           nothing under sample-host/src/engine mentions cli/
#   console_never_includes_cli       nothing under sample-host/src/console includes cli/ (the
#                                    console is a front end beside the command line, on the engine)
#   engine_includes_only_downward    connections <- calls <- authorization <- flows <- flows/export,
#                                    flows/import <- flows/run (the flow-run API front ends call)
#                                    <- flows/schedule (the scheduler serve runs flows with);
#                                    export and import never include each other
#   beast_and_asio_stay_in_http      no file of sample-host/src outside http/ includes boost/beast or
#                                    boost/asio, nor does any http/ header that other areas include
#                                    (directly or through other http/ headers)
#   host_never_says_tiktok           nothing in sample-host/src says TikTok (the host is generic)
#   metrics_includes_only_metrics    sample-host/src/metrics includes no other area of the host
#                                    (every area counts into it, so it sits below them all)
#   binary_holds_no_checkout_path    ARGS = BINARY BUILD_DIR: `strings BINARY` names neither
#                                    SOURCE_DIR nor BUILD_DIR nor any absolute path into a
#                                    checkout or a build folder (the binaries are relocatable)
set -euo pipefail
rule=${1:?usage: check_layout.sh RULE SOURCE_DIR [ARGS...]}
src=${2:?usage: check_layout.sh RULE SOURCE_DIR [ARGS...]}
start=$PWD
src=$(cd "$src" && pwd -P)
cd "$src/sample-host/src"

# The files of the host's sources, relative to sample-host/src.
sources() { find . \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) -printf '%P\n' | sort; }

# The engine area a path under sample-host/src belongs to ("" outside the engine).
engine_area() {
  case $1 in
    engine/flows/export/*) echo export ;;
    engine/flows/import/*) echo import ;;
    engine/flows/run/*) echo run ;;
    engine/flows/schedule/*) echo schedule ;;
    engine/flows/*) echo flows ;;
    engine/authorization/*) echo authorization ;;
    engine/calls/*) echo calls ;;
    engine/connections/*) echo connections ;;
    *) echo "" ;;
  esac
}
# The rank of an engine area: an area may include its own and lower ranks only.
rank() {
  case $1 in
    connections) echo 0 ;;
    calls) echo 1 ;;
    authorization) echo 2 ;;
    flows) echo 3 ;;
    export | import) echo 4 ;;
    run) echo 5 ;;
    schedule) echo 6 ;;
  esac
}

fail=0
report() {
  echo "$1" >&2
  fail=1
}

case $rule in
  engine_never_names_cli)
    # The sync protocol front ends (sync_protocols/) sit on the engine beside cli/, never on it.
    while IFS= read -r hit; do report "$hit: the engine and sync_protocols must not name cli/"; done \
      < <(grep -rn 'cli/' engine sync_protocols || true)
    ;;
  console_never_includes_cli)
    while IFS= read -r hit; do report "sample-host/src/$hit: the console must not include cli/"; done \
      < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"cli/' console || true)
    ;;
  engine_includes_only_downward)
    while IFS= read -r file; do
      from=$(engine_area "$file")
      [ -n "$from" ] || continue
      while IFS=: read -r line target; do
        to=$(engine_area "$target")
        [ -n "$to" ] && [ "$to" != "$from" ] || continue
        if [ "$(rank "$to")" -ge "$(rank "$from")" ]; then
          report "sample-host/src/$file:$line: the $from area includes $target ($to is not below $from)"
        fi
      done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\(engine\/[^"]*\)".*/\1/p;=' "$file" |
        sed -n '/^[0-9]*$/{h;d};x;G;s/\n/:/p')
    done < <(sources)
    ;;
  beast_and_asio_stay_in_http)
    pattern='^[[:space:]]*#[[:space:]]*include[[:space:]]*<boost/(beast|asio)'
    # Outside http/: no file at all.
    while IFS= read -r hit; do report "sample-host/src/$hit: Beast/Asio outside http/"; done \
      < <(grep -rnE "$pattern" --include='*.cpp' --include='*.hpp' --include='*.h' . |
        sed 's|^\./||' | grep -v '^http/' || true)
    # The http/ headers other areas include, and the http/ headers those include, transitively.
    public=$(grep -rhoE '#[[:space:]]*include[[:space:]]*"http/[^"]+"' . --include='*.cpp' \
      --include='*.hpp' --exclude-dir=http | sed 's/.*"\(http\/[^"]*\)"/\1/' | sort -u)
    seen=""
    while [ -n "$public" ]; do
      next=""
      for header in $public; do
        case " $seen " in *" $header "*) continue ;; esac
        seen="$seen $header"
        [ -f "$header" ] || continue
        if grep -nE "$pattern" "$header" >/dev/null; then
          report "sample-host/src/$header: includes Beast/Asio, and other areas include it"
        fi
        next="$next $(grep -hoE '#[[:space:]]*include[[:space:]]*"http/[^"]+"' "$header" |
          sed 's/.*"\(http\/[^"]*\)"/\1/' | sort -u | tr '\n' ' ' || true)"
      done
      public=$next
    done
    ;;
  metrics_includes_only_metrics)
    while IFS= read -r hit; do report "sample-host/src/$hit: metrics/ includes another area"; done \
      < <(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' metrics |
        grep -vE '#[[:space:]]*include[[:space:]]*"metrics/' || true)
    ;;
  host_never_says_tiktok)
    while IFS= read -r hit; do report "sample-host/src/$hit: the host is generic"; done \
      < <(grep -rni 'tiktok' . | sed 's|^\./||' || true)
    ;;
  binary_holds_no_checkout_path)
    binary=${3:?binary_holds_no_checkout_path needs BINARY BUILD_DIR}
    build=${4:?binary_holds_no_checkout_path needs BINARY BUILD_DIR}
    cd "$start"
    [ -f "$binary" ] || { echo "no such binary: $binary" >&2; exit 1; }
    for dir in "$src" "$(cd "$build" && pwd -P)"; do
      while IFS= read -r hit; do report "$binary holds the path $dir: $hit"; done \
        < <(strings -a "$binary" | grep -F "$dir" | sort -u | head -20 || true)
    done
    # Another checkout's paths count too (ccache may hand out an object compiled in another
    # folder): an absolute path into a source area or to a build folder.
    tree='^/.+/(sample-host|plugin|host-api|json-writer|tests)/|^/.+/build(-[a-z]+)?/?$'
    while IFS= read -r hit; do report "$binary holds a checkout path: $hit"; done \
      < <(strings -a "$binary" | grep -E "$tree" | sort -u | head -20 || true)
    ;;
  *)
    echo "check_layout.sh: unknown rule '$rule'" >&2
    exit 2
    ;;
esac
exit $fail
