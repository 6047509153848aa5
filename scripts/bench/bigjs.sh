#!/usr/bin/env bash
# kiln on one large JS file: wall and CPU seconds, and peak RSS, per size, to check that both
# grow linearly with the file (issue 16). For each size a folder is generated (index.html
# loading app.js, a bundle-shaped file from gen-bigjs.mjs, and the few small files it
# references), then timed with /usr/bin/time:
#   build    kiln build DIR --no-cache --perf  (parse, hash, brotli q11 + gzip sidecars, measure)
#   analyze  kiln analyze DIR --no-cache       (parse, graph, gzip/brotli sizes)
#   hash     kiln hash DIR --dry-run --no-cache (parse, graph, hash plan: no compression, so
#            the parse's share alone)
# The inputs live in a temporary folder that is removed at the end; nothing is committed.
#   scripts/bench/bigjs.sh                       sizes 2 5 20 50 MB, and 50 MB on one line
#   SIZES="2 5" LINE= scripts/bench/bigjs.sh     other sizes; LINE= skips the one-line file
#   COMMANDS="hash build" scripts/bench/bigjs.sh  other commands (default: build analyze)
#   KILN=path/to/kiln scripts/bench/bigjs.sh     another binary (default: a copy of build/kiln)
#   JOBS=1 scripts/bench/bigjs.sh                kiln -j (default: kiln's own, one per core)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
SIZES=${SIZES-2 5 20 50}
LINE=${LINE-50}
COMMANDS=${COMMANDS-build analyze}
[[ -x /usr/bin/time ]] || apt-get install -y -qq time >/dev/null
command -v node >/dev/null || { echo "bigjs.sh: node is needed to generate the inputs" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-bench-bigjs.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z "${KILN:-}" ]]; then
  [[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
  cp build/kiln "$work/kiln"  # a rebuild during the run does not change what is measured
  KILN=$work/kiln
fi
jobs=()
[[ -n "${JOBS:-}" ]] && jobs=(-j "$JOBS")

# site DIR SIZE_MB [--one-line]
site() {
  mkdir -p "$1"
  node scripts/bench/gen-bigjs.mjs "$1/app.js" "$2" ${3:-}
  for k in 0 1 2; do
    echo "export const c$k = $k;" >"$1/chunk-$k.js"
    echo "module.exports = $k;" >"$1/dep-$k.js"
    printf '\x89PNG\r\n\x1a\n' >"$1/asset-$k.png"
  done
  echo '<!doctype html><html><head><script type="module" src="app.js"></script></head><body></body></html>' >"$1/index.html"
}

printf '%-10s %-8s %9s %9s %10s %10s %10s\n' input command "wall s" "cpu s" "peak MB" "cpu s/MB" "peak MB/MB"
# run LABEL MB COMMAND DIR: one timed run on a fresh copy of DIR
run() {
  local label=$1 mb=$2 cmd=$3 src=$4 rc=0 extra=()
  [[ $cmd == hash ]] && extra=(--dry-run)
  rm -rf "$work/run" && cp -r "$src" "$work/run"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$KILN" "$cmd" "$work/run" --no-cache -q --perf "${extra[@]}" "${jobs[@]}" \
    >"$work/out.txt" 2>"$work/err.txt" || rc=$?
  ((rc == 0 || rc == 3)) || { echo "bigjs.sh: kiln $cmd on $label exited $rc:" >&2; tail -n 5 "$work/err.txt" >&2; }
  read -r wall user sys rss <"$work/time.txt"
  awk -v l="$label" -v c="$cmd" -v mb="$mb" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
    cpu = u + s; peak = r / 1024
    printf "%-10s %-8s %9.1f %9.1f %10.0f %10.2f %10.1f\n", l, c, w, cpu, peak, cpu / mb, peak / mb }'
  [[ -n "${VERBOSE:-}" ]] && grep -E '^[a-z ]+ +[0-9.]+ +[0-9.]+$' "$work/err.txt" | sed 's/^/    /' >&2
  return 0
}

for mb in $SIZES; do
  site "$work/in" "$mb"
  for cmd in $COMMANDS; do run "${mb}MB" "$mb" "$cmd" "$work/in"; done
  rm -rf "$work/in"
done
if [[ -n "$LINE" ]]; then
  site "$work/in" "$LINE" --one-line
  for cmd in $COMMANDS; do run "${LINE}MB-1line" "$LINE" "$cmd" "$work/in"; done
fi
