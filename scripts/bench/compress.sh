#!/usr/bin/env bash
# kiln compress against node's zlib used as compression-webpack-plugin uses it, on the same
# real dists (swagger-ui-dist, pdfjs-dist, monaco-editor/min), in one run.
# Prints wall, CPU, peak memory and output bytes for both, their ratios, and a warm kiln run.
#   scripts/bench/compress.sh            3 runs each, medians
#   RUNS=1 scripts/bench/compress.sh
#   ENGINES=1 scripts/bench/compress.sh  also compare gzip engines (zlib 9, libdeflate 12, zopfli)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
command -v jq >/dev/null && command -v bc >/dev/null || apt-get install -y -qq jq bc >/dev/null
scripts/fetch-corpus swagger-ui-dist pdfjs-dist monaco-editor
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build; }
KILN=$PWD/build/kiln
work=$(mktemp -d /tmp/kiln-bench-compress.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Fresh copies of the inputs (no sidecars) in $1.
prepare() {
  rm -rf "$1" && mkdir -p "$1"
  cp -r corpus/swagger-ui-dist "$1/swagger-ui-dist"
  cp -r corpus/pdfjs-dist "$1/pdfjs-dist"
  cp -r corpus/monaco-editor/min "$1/monaco-min"
}

# measure NAME CMD...: runs CMD under /usr/bin/time; appends "name wall cpu maxrss_kb" to $work/times.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/$name.out"
  read -r wall user sys rss <"$work/time.txt"
  echo "$name $wall $(echo "$user + $sys" | bc) $rss" >>"$work/times"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
stat_of() { awk -v n="$1" -v c="$2" '$1==n {print $c}' "$work/times" | median; }

: >"$work/times"
for ((i = 1; i <= RUNS; i++)); do
  prepare "$work/node"
  measure node node scripts/bench/compress-node.mjs "$work/node/swagger-ui-dist" "$work/node/pdfjs-dist" "$work/node/monaco-min"
  prepare "$work/kiln"
  measure kiln-cold "$KILN" compress "$work/kiln" --cache-dir "$work/cache-$i" --format json -q
  # Warm: a fresh copy of the same input with the cache of the cold run.
  prepare "$work/kiln"
  measure kiln-warm "$KILN" compress "$work/kiln" --cache-dir "$work/cache-$i" --format json -q
done

node_br=$(jq .brOut "$work/node.out"); node_gz=$(jq .gzOut "$work/node.out")
kiln_br=$(jq .totals.brotli.bytesOut "$work/kiln-cold.out"); kiln_gz=$(jq .totals.gzip.bytesOut "$work/kiln-cold.out")
printf '\ncompress: swagger-ui-dist + pdfjs-dist + monaco-editor/min, %d run(s), medians, %s cores\n' "$RUNS" "$(nproc)"
printf '%-12s %9s %9s %11s %14s %14s\n' tool "wall s" "cpu s" "peak MiB" ".br bytes" ".gz bytes"
for t in node kiln-cold kiln-warm; do
  br=$node_br gz=$node_gz
  [[ $t == node ]] || br=$kiln_br gz=$kiln_gz
  printf '%-12s %9.2f %9.2f %11.0f %14s %14s\n' "$t" "$(stat_of $t 2)" "$(stat_of $t 3)" \
    "$(echo "$(stat_of $t 4) / 1024" | bc -l)" "$br" "$gz"
done
nw=$(stat_of node 2); kw=$(stat_of kiln-cold 2); ww=$(stat_of kiln-warm 2)
printf '\nratios (node / kiln): cold wall %.2fx, cpu %.2fx, warm wall %.0fx\n' \
  "$(echo "$nw / $kw" | bc -l)" "$(echo "$(stat_of node 3) / $(stat_of kiln-cold 3)" | bc -l)" \
  "$(echo "$nw / ($ww + 0.001)" | bc -l)"
printf 'bytes: .br kiln/node %.4f, .gz kiln/node %.4f (%.1f%% smaller)\n' \
  "$(echo "$kiln_br / $node_br" | bc -l)" "$(echo "$kiln_gz / $node_gz" | bc -l)" \
  "$(echo "(1 - $kiln_gz / $node_gz) * 100" | bc -l)"

if [[ -n "${ENGINES:-}" ]]; then
  printf '\ngzip engines on the same files (kiln --no-brotli, -j%s)\n' "$(nproc)"
  printf '%-16s %9s %9s %14s\n' engine "wall s" "cpu s" ".gz bytes"
  for spec in "zlib 9" "libdeflate 12" "zopfli 15"; do
    set -- $spec
    prepare "$work/eng"
    extra=(--gzip-engine "$1"); [[ $1 == zopfli ]] || extra+=(--gzip-level "$2")
    /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$KILN" compress "$work/eng" --no-cache --no-brotli --format json -q "${extra[@]}" >"$work/eng.out"
    read -r wall user sys <"$work/time.txt"
    printf '%-16s %9.2f %9.2f %14s\n' "$spec" "$wall" "$(echo "$user + $sys" | bc)" "$(jq .totals.gzip.bytesOut "$work/eng.out")"
  done
fi
