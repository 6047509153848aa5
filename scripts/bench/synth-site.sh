#!/usr/bin/env bash
# kiln on a large synthetic site: time and memory as the file count grows (issue 17, "Scale").
#
#   scripts/bench/synth-site.sh                  SIZES="10000 30000 100000", IMAGES=0
#   SIZES="1000 3000" IMAGES=1 scripts/bench/synth-site.sh
#
# The site comes from scripts/bench/synth-site.py (2% pages, 20% JS modules with import graphs,
# 5% stylesheets, ~70% small PNGs, a few large files; fixed seed), generated once per size in
# corpus/synth/N. For each size, on a fresh copy and with an empty cache:
#   analyze          kiln analyze (parse, graph, gzip/brotli sizes of every page)
#   build            kiln build: hashed names, manifests, compression (images off, the default)
#   build+images     the same with images.enabled (WebP for every PNG), when IMAGES=1
#   build warm       the build again on a fresh copy with the first build's cache
# Prints wall time, peak resident memory, and the cost per file, then the slopes between the
# smallest and the largest size: milliseconds and megabytes per 1,000 files (linear growth
# means the per-file cost stays flat across sizes). Each run's --perf phases go to
# corpus/synth/perf-N-STEP.txt, where a step that grows faster than the file count shows up.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
sizes=(${SIZES:-10000 30000 100000})
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build; }
kiln=$root/build/kiln
out=$root/corpus/synth
mkdir -p "$out"
work=$(mktemp -d /tmp/kiln-synth.XXXXXX)
trap 'rm -rf "$work"' EXIT

steps=(analyze build)
[[ ${IMAGES:-0} == 1 ]] && steps+=(build+images)
steps+=("build warm")
declare -A wall peak
measure() {  # SIZE STEP DIR CACHE CONFIG... : runs kiln, records wall seconds and peak MB
  local n=$1 step=$2 dir=$3 cache=$4; shift 4
  local cmd=build
  [[ $step == analyze ]] && cmd=analyze
  local log=$out/perf-$n-${step// /-}.txt
  local code=0
  /usr/bin/time -f '%e %M' -o "$work/time" "$kiln" "$cmd" "$dir" --perf --cache-dir "$cache" "$@" \
    >"$work/stdout" 2>"$log" || code=$?
  if ((code > 1)); then
    echo "kiln $cmd on $n files: exit $code (log: $log)" >&2
    tail -5 "$log" >&2
    exit 1
  fi
  read -r s kb <"$work/time"
  wall[$n,$step]=$s
  peak[$n,$step]=$((kb / 1024))
  echo "  $step: ${s} s, $((kb / 1024)) MB" >&2
}

for n in "${sizes[@]}"; do
  site=$out/site-$n
  if [[ ! -f $site/.complete ]]; then
    rm -rf "$site"
    echo "generating $n files in $site" >&2
    python3 scripts/bench/synth-site.py "$site" "$n"
    touch "$site/.complete"
  fi
  echo "size $n: $(du -sh --exclude=.complete "$site" | cut -f1)" >&2
  copy() { rm -rf "$work/site"; cp -r "$site" "$work/site"; rm -f "$work/site/.complete"; }
  copy
  measure "$n" analyze "$work/site" "$work/cache-a"
  copy
  echo '{ "dir": "." }' >"$work/site/kiln.json"
  measure "$n" build "$work/site" "$work/cache-b"
  if [[ ${IMAGES:-0} == 1 ]]; then
    copy
    echo '{ "dir": ".", "images": { "enabled": true } }' >"$work/site/kiln.json"
    measure "$n" build+images "$work/site" "$work/cache-i"
  fi
  copy
  echo '{ "dir": "." }' >"$work/site/kiln.json"
  measure "$n" "build warm" "$work/site" "$work/cache-b"
  rm -rf "$work"/cache-*
done

printf '\n%-14s %8s %10s %10s %12s\n' step files wall peak "ms per file"
for step in "${steps[@]}"; do
  for n in "${sizes[@]}"; do
    printf '%-14s %8d %9ss %7d MB %12.3f\n' "$step" "$n" "${wall[$n,$step]}" "${peak[$n,$step]}" \
      "$(echo "${wall[$n,$step]} * 1000 / $n" | bc -l)"
  done
done
if ((${#sizes[@]} > 1)); then
  lo=${sizes[0]} hi=${sizes[-1]}
  printf '\nslopes from %d to %d files (per 1,000 files added)\n' "$lo" "$hi"
  for step in "${steps[@]}"; do
    printf '%-14s %10.0f ms %8.1f MB\n' "$step" \
      "$(echo "(${wall[$hi,$step]} - ${wall[$lo,$step]}) * 1000000 / ($hi - $lo)" | bc -l)" \
      "$(echo "(${peak[$hi,$step]} - ${peak[$lo,$step]}) * 1000 / ($hi - $lo)" | bc -l)"
  done
fi
