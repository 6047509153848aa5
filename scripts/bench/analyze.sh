#!/usr/bin/env bash
# kiln analyze against the tools people use today, side by side in one run:
#   (a) sizes: kiln analyze on monaco-editor/min and monaco-editor/esm against size-limit with
#       @size-limit/file computing brotli (q11) sizes of the same files (every file kiln
#       compresses: one size-limit check per file). kiln cold (empty cache) and a second kiln
#       run on the same cache. Goals: cold no slower than size-limit; second run >= 20x faster.
#   (b) the graph alone against tree-sitter's bare parse of the same files (the floor), per core.
#       kiln analyze has no flag to skip the compressed sizes, so the graph-only run is
#       `kiln hash --dry-run --no-cache -q --no-headers -j1` (no parse cache): the same scan + parse + resolve + graph
#       (pipeline::analyze with measure off), then a hash plan that writes nothing. The floor is
#       scripts/bench/ts-parse-floor.c (Debian's libtree-sitter + the pinned grammars, one
#       thread, each file parsed once). Goal: kiln's CPU within 1.3x of the floor's.
#   (c) the module graph against madge on three/src (entry Three.js) and lodash-es (entry
#       lodash.js): `madge --json` vs `kiln analyze --entry … --format json` (cold, warm) and
#       the graph-only run; the static edges each finds are compared. Goal: >= 5x faster.
# Wall and CPU (user+sys) seconds and peak RSS come from /usr/bin/time; figures are medians.
#   scripts/bench/analyze.sh              3 runs each
#   RUNS=1 scripts/bench/analyze.sh       one run (quick)
#   KILN=path/to/kiln scripts/bench/analyze.sh   another binary (default: a copy of build/kiln)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
RUNS=${RUNS:-3}
missing=()
command -v jq >/dev/null || missing+=(jq)
command -v bc >/dev/null || missing+=(bc)
command -v cc >/dev/null || missing+=(gcc)
[[ -x /usr/bin/time ]] || missing+=(time)
((${#missing[@]} == 0)) || apt-get install -y -qq "${missing[@]}" >/dev/null
bin=$root/scripts/bench/node_modules/.bin
[[ -x $bin/size-limit && -x $bin/madge && -d $bin/../@size-limit/file ]] ||
  (cd scripts/bench && npm install --no-audit --no-fund --silent)
scripts/fetch-corpus monaco-editor three lodash-es

work=$(mktemp -d /tmp/kiln-bench-analyze.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A private copy of the binary, so a rebuild during the run does not change what is measured.
if [[ -z "${KILN:-}" ]]; then
  [[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
  cp build/kiln "$work/kiln"
  KILN=$work/kiln
fi

# measure NAME CMD...: runs CMD under /usr/bin/time (stdout to $work/NAME.out, stderr to
# $work/NAME.err); appends "NAME wall cpu maxrss_kb" to $work/times. A non-zero exit is
# reported, not fatal (kiln exits 3 when some input could not be processed).
measure() {
  local name=$1 rc=0; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  ((rc == 0)) || echo "note: $name exited $rc: $(grep -v '^kiln: warning' "$work/$name.err" | tail -n 2)" >&2
  local wall user sys rss
  read -r wall user sys rss < <(tail -n 1 "$work/time.txt")
  echo "$name $wall $(echo "$user + $sys" | bc) $rss" >>"$work/times"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
# stat NAME COLUMN: the median of column 2 (wall s), 3 (CPU s) or 4 (peak KB) over the runs.
stat() { awk -v n="$1" -v c="$2" '$1==n {print $c}' "$work/times" | median; }
div() { echo "scale=4; $1 / $2" | bc -l; }
row() { # row LABEL NAME [RATIO TEXT]
  printf '  %-34s %8.2f %8.2f %9.0f   %s\n' "$1" "$(stat "$2" 2)" "$(stat "$2" 3)" \
    "$(echo "$(stat "$2" 4) / 1024" | bc -l)" "${3:-}"
}
verdict() { (($(echo "$1" | bc -l))) && echo ok || echo MISSED; }
header() { printf '\n%s\n  %-34s %8s %8s %9s   %s\n' "$1" tool "wall s" "CPU s" "peak MiB" "${2:-}"; }
md=$work/figures.md
: >"$work/times"
: >"$md"

# ---------------------------------------------------------------- (a) sizes vs size-limit
# kiln's compressible types (compress::compressible_by_default); other files are sent as is.
compressible='.*\.(js|mjs|cjs|css|html|htm|xhtml|svg|json|jsonld|xml|rss|atom|txt|md|csv|tsv|wasm|webmanifest|ico|bmp|ttf|otf|eot|ics|vtt|glsl|wgsl|yaml|yml)$'
declare -A entries=(
  [min]="--entry vs/loader.js --entry vs/editor/editor.main.js"
  [esm]="--entry vs/editor/editor.main.js --entry vs/editor/editor.api.js"
)
trees=(min esm)
for t in "${trees[@]}"; do
  dir=$work/sl-$t
  mkdir -p "$dir"
  ln -s "$root/corpus/monaco-editor/$t" "$dir/tree"
  echo '{"private":true,"devDependencies":{"size-limit":"*","@size-limit/file":"*"}}' >"$dir/package.json"
  (cd "$dir/tree" && find . -type f -regextype posix-extended -iregex "$compressible" | sed 's|^\./||' | LC_ALL=C sort) \
    | jq -R -s 'split("\n") | map(select(length > 0)) | map({name: ., path: ("tree/" + .), brotli: true})' \
    >"$dir/.size-limit.json"
done
for ((i = 1; i <= RUNS; i++)); do
  for t in "${trees[@]}"; do
    measure "sl-$t" bash -c "cd '$work/sl-$t' && '$bin/size-limit' --json"
    # shellcheck disable=SC2086 # the entries are separate words
    measure "cold-$t" "$KILN" analyze "corpus/monaco-editor/$t" ${entries[$t]} --cache-dir "$work/cache-$t-$i" --format json -q
    # shellcheck disable=SC2086
    measure "warm-$t" "$KILN" analyze "corpus/monaco-editor/$t" ${entries[$t]} --cache-dir "$work/cache-$t-$i" --format json -q
  done
done

header "(a) brotli sizes of monaco-editor, $RUNS run(s), medians, $(nproc) cores" "ratio (size-limit / kiln)"
for t in "${trees[@]}"; do
  files=$(jq length "$work/sl-$t/.size-limit.json")
  bytes=$(cd "corpus/monaco-editor/$t" && jq -r '.[].name' "$work/sl-$t/.size-limit.json" | tr '\n' '\0' | du -cb --files0-from=- | tail -n 1 | cut -f1)
  sl_br=$(jq '[.[].size] | add' "$work/sl-$t.out")
  kiln_br=$(jq -s '(.[0] | map({(.name): true}) | add) as $want | [.[1].files[] | select($want[.path]) | .brotli] | add' \
    "$work/sl-$t/.size-limit.json" "$work/cold-$t.out")
  warm_same=$(cmp -s "$work/cold-$t.out" "$work/warm-$t.out" && echo "identical" || echo "DIFFERENT")
  echo "  monaco-editor/$t: $files files, $bytes bytes; brotli total size-limit $sl_br, kiln $kiln_br" \
    "($(printf '%+.3f' "$(echo "($kiln_br - $sl_br) * 100 / $sl_br" | bc -l)")%); warm report $warm_same to cold"
  cw=$(div "$(stat "sl-$t" 2)" "$(stat "cold-$t" 2)"); cc=$(div "$(stat "sl-$t" 3)" "$(stat "cold-$t" 3)")
  ww=$(div "$(stat "sl-$t" 2)" "$(stat "warm-$t" 2)"); kw=$(div "$(stat "cold-$t" 2)" "$(stat "warm-$t" 2)")
  row "size-limit @size-limit/file ($t)" "sl-$t"
  row "kiln analyze cold ($t)" "cold-$t" "$(printf 'wall %.2fx, CPU %.2fx  [cold >= 1x: %s]' "$cw" "$cc" "$(verdict "$cw >= 1")")"
  row "kiln analyze second run ($t)" "warm-$t" "$(printf 'wall %.1fx (%.1fx vs kiln cold)  [>= 20x: %s]' "$ww" "$kw" "$(verdict "$ww >= 20")")"
  printf '| monaco-editor/%s (%s files, %.1f MB) | size-limit %.2f s / %.2f s CPU / %.0f MiB | kiln cold %.2f s / %.2f s CPU / %.0f MiB (%.2fx) | kiln second run %.2f s / %.2f s CPU (%.1fx) |\n' \
    "$t" "$files" "$(echo "$bytes / 1000000" | bc -l)" "$(stat "sl-$t" 2)" "$(stat "sl-$t" 3)" "$(echo "$(stat "sl-$t" 4) / 1024" | bc -l)" \
    "$(stat "cold-$t" 2)" "$(stat "cold-$t" 3)" "$(echo "$(stat "cold-$t" 4) / 1024" | bc -l)" "$cw" \
    "$(stat "warm-$t" 2)" "$(stat "warm-$t" 3)" "$ww" >>"$md"
done

# ---------------------------------------------------------------- (b) graph vs bare parse
grammars=$root/grammars/node_modules
floor=$work/ts-parse-floor
cc -O2 -w -o "$floor" scripts/bench/ts-parse-floor.c \
  "$grammars"/tree-sitter-javascript/src/{parser,scanner}.c "$grammars"/tree-sitter-css/src/{parser,scanner}.c \
  "$grammars"/tree-sitter-html/src/{parser,scanner}.c -ltree-sitter
declare -A graph_dirs=([min]=corpus/monaco-editor/min [esm]=corpus/monaco-editor/esm [three]=corpus/three/src)
graph_trees=(min esm three)
for ((i = 1; i <= RUNS; i++)); do
  for t in "${graph_trees[@]}"; do
    find "${graph_dirs[$t]}" -type f | LC_ALL=C sort >"$work/floor-$t.list"
    measure "floor-$t" "$floor" <"$work/floor-$t.list"
    awk -v n="floorparse-$t" '$1=="total" {print n, $4, $3, 0}' "$work/floor-$t.out" >>"$work/times"
    measure "graph-$t" "$KILN" hash "${graph_dirs[$t]}" --dry-run --no-cache -q --no-headers -j1 --perf
    awk -v n="kilnparse-$t" '$1=="parse" {print n, $2/1000, $3/1000, 0}' "$work/graph-$t.err" >>"$work/times"
  done
done
header "(b) graph only, one core (kiln -j1) vs tree-sitter's bare parse, $RUNS run(s), medians" \
  "MB/s per CPU second; ratio kiln CPU / floor CPU (goal <= 1.3)"
for t in "${graph_trees[@]}"; do
  read -r _ bytes _ _ errs < <(grep '^total' "$work/floor-$t.out")
  fc=$(stat "floorparse-$t" 3); kc=$(stat "graph-$t" 3); pc=$(stat "kilnparse-$t" 3)
  echo "  ${graph_dirs[$t]}: $bytes bytes of JS/CSS/HTML ($errs files with syntax errors)"
  sed -n '/^  /p' "$work/floor-$t.out" | sed 's/^/  /'
  printf '  %-34s %8s %8.2f %9s   %.2f MB/s\n' "floor: bare parse (in process)" "" "$fc" "" "$(div "$bytes / 1000000" "$fc")"
  row "floor: process" "floor-$t" "$(printf '%.2f MB/s' "$(div "$bytes / 1000000" "$(stat "floor-$t" 3)")")"
  printf '  %-34s %8s %8.2f %9s   %.2f MB/s, %.2fx the floor\n' "kiln: parse phase (--perf)" "" "$pc" "" \
    "$(div "$bytes / 1000000" "$pc")" "$(div "$pc" "$fc")"
  kr=$(div "$kc" "$fc")
  row "kiln hash --dry-run -j1 (graph)" "graph-$t" "$(printf '%.2f MB/s, %.2fx the floor  [<= 1.3x: %s]' \
    "$(div "$bytes / 1000000" "$kc")" "$kr" "$(verdict "$kr <= 1.3")")"
  printf '| graph only, %s (%.1f MB) | floor %.2f s CPU (%.2f MB/s) | kiln -j1 %.2f s CPU (%.2f MB/s), parse phase %.2f s | %.2fx the floor |\n' \
    "${graph_dirs[$t]}" "$(echo "$bytes / 1000000" | bc -l)" "$fc" "$(div "$bytes / 1000000" "$fc")" "$kc" \
    "$(div "$bytes / 1000000" "$kc")" "$pc" "$kr" >>"$md"
done

# ---------------------------------------------------------------- (c) module graph vs madge
declare -A madge_dir=([three]=corpus/three/src [lodash]=corpus/lodash-es)
declare -A madge_entry=([three]=Three.js [lodash]=lodash.js)
madge_trees=(three lodash)
for ((i = 1; i <= RUNS; i++)); do
  for t in "${madge_trees[@]}"; do
    d=${madge_dir[$t]} e=${madge_entry[$t]}
    measure "madge-$t" "$bin/madge" --json "$d/$e"
    measure "mcold-$t" "$KILN" analyze "$d" --entry "$e" --format json --cache-dir "$work/mcache-$t-$i"
    measure "mwarm-$t" "$KILN" analyze "$d" --entry "$e" --format json --cache-dir "$work/mcache-$t-$i"
    measure "mgraph-$t" "$KILN" hash "$d" --entry "$e" --dry-run --no-cache -q --no-headers
  done
done
header "(c) module graph vs madge --json, $RUNS run(s), medians" "ratio (madge / kiln)"
for t in "${madge_trees[@]}"; do
  d=${madge_dir[$t]} e=${madge_entry[$t]}
  # madge lists what the entry reaches; kiln lists every file's edges, so keep those from the
  # entry's initial set (its static closure).
  jq -r 'to_entries[] | .key as $f | .value[] | "\($f) \(.)"' "$work/madge-$t.out" | LC_ALL=C sort -u >"$work/madge-$t.edges"
  jq -r --arg e "$e" '(.entries[] | select(.path == $e) | .initial.paths | map({(.): true}) | add) as $in
    | .edges[] | select((.kind == "js_import" or .kind == "js_export_from") and $in[.from]) | "\(.from) \(.to)"' \
    "$work/mcold-$t.out" | LC_ALL=C sort -u >"$work/kiln-$t.edges"
  only_madge=$(LC_ALL=C comm -23 "$work/madge-$t.edges" "$work/kiln-$t.edges")
  only_kiln=$(LC_ALL=C comm -13 "$work/madge-$t.edges" "$work/kiln-$t.edges")
  echo "  $d (entry $e): madge $(jq length "$work/madge-$t.out") files, $(wc -l <"$work/madge-$t.edges") edges;" \
    "kiln $(jq --arg e "$e" '.entries[] | select(.path == $e) | .initial.files' "$work/mcold-$t.out") files," \
    "$(wc -l <"$work/kiln-$t.edges") edges (js_import/js_export_from, deduplicated by from/to);" \
    "only madge $(grep -c . <<<"$only_madge" || true), only kiln $(grep -c . <<<"$only_kiln" || true)"
  [[ -z $only_madge ]] || awk 'NR <= 20 {print "    only madge: " $0}' <<<"$only_madge"
  [[ -z $only_kiln ]] || awk 'NR <= 20 {print "    only kiln: " $0}' <<<"$only_kiln"
  mw=$(stat "madge-$t" 2)
  r_cold=$(div "$mw" "$(stat "mcold-$t" 2)"); r_warm=$(div "$mw" "$(stat "mwarm-$t" 2)"); r_graph=$(div "$mw" "$(stat "mgraph-$t" 2)")
  row "madge --json ($t)" "madge-$t"
  row "kiln analyze cold ($t)" "mcold-$t" "$(printf 'wall %.1fx, CPU %.1fx  [>= 5x: %s]' "$r_cold" \
    "$(div "$(stat "madge-$t" 3)" "$(stat "mcold-$t" 3)")" "$(verdict "$r_cold >= 5")")"
  row "kiln analyze second run ($t)" "mwarm-$t" "$(printf 'wall %.1fx, CPU %.1fx  [>= 5x: %s]' "$r_warm" \
    "$(div "$(stat "madge-$t" 3)" "$(stat "mwarm-$t" 3)")" "$(verdict "$r_warm >= 5")")"
  row "kiln graph only (hash --dry-run)" "mgraph-$t" "$(printf 'wall %.1fx, CPU %.1fx  [>= 5x: %s]' "$r_graph" \
    "$(div "$(stat "madge-$t" 3)" "$(stat "mgraph-$t" 3)")" "$(verdict "$r_graph >= 5")")"
  printf '| %s, entry %s | madge %.2f s / %.2f s CPU | kiln analyze cold %.2f s (%.1fx), second run %.2f s (%.1fx), graph only %.2f s (%.1fx) |\n' \
    "$d" "$e" "$mw" "$(stat "madge-$t" 3)" "$(stat "mcold-$t" 2)" "$r_cold" "$(stat "mwarm-$t" 2)" "$r_warm" \
    "$(stat "mgraph-$t" 2)" "$r_graph" >>"$md"
done

printf '\nfor the README (%s run(s), medians, %s cores, load average %s):\n\n' "$RUNS" "$(nproc)" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
cat "$md"
