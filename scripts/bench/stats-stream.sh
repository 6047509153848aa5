#!/usr/bin/env bash
# Streaming bound: `kiln analyze --stats` on a generated webpack stats.json of SIZE_MB
# (default 2048: real ones reach 0.75-1 GB and crash webpack-bundle-analyzer, its issues #492
# and #543) must stay under 500 MB peak memory. The file is written by gen-stats.mjs into
# WORK (default /tmp/kiln-bench-stats, removed at the end unless KEEP=1), beside a two-file
# dist/ whose main.js is the stats' chunk 0, so outputs, import chains and the report are
# all exercised. Prints the file size, kiln's wall/CPU time, peak RSS and read rate.
#   scripts/bench/stats-stream.sh           SIZE_MB=2048 WORK=/tmp/kiln-bench-stats
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MB=${SIZE_MB:-2048}
WORK=${WORK:-/tmp/kiln-bench-stats}
[[ -x /usr/bin/time ]] || apt-get install -y -qq time >/dev/null
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
mkdir -p "$WORK/dist"
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$WORK"' EXIT
stats=$WORK/stats-$SIZE_MB.json
[[ -s $stats ]] || node scripts/bench/gen-stats.mjs "$stats" "$SIZE_MB"
printf '<!doctype html>\n<script src="main.js"></script>\n' > "$WORK/dist/index.html"
echo 'console.log(1)' > "$WORK/dist/main.js"
bytes=$(stat -c %s "$stats")
/usr/bin/time -f '%e %U %S %M' -o "$WORK/time" build/kiln analyze "$WORK/dist" --stats "$stats" --no-cache \
  --format json -o "$WORK/report.json" 2>"$WORK/err" || { cat "$WORK/err"; exit 1; }
read -r wall user sys rss < "$WORK/time"
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const s = r.bundlerStats[0], w = r.why[0].packages;
  console.log(`  read: ${s.modules} modules, ${s.outputs.length} outputs tied to files, ${s.unmatched.length} not here; ` +
    `index.html holds ${w.length} packages, ${w.filter((p) => p.importChain).length} with an import chain`);' "$WORK/report.json"
awk -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
  printf "  %s MB stats.json: kiln %.1f s wall, %.1f s CPU, %d MB peak RSS, %.0f MB/s\n", int(b/1048576), w, u+s, m/1024, b/1048576/w }'
awk -v m="$rss" 'BEGIN { exit !(m/1024 < 500) }' || { echo "  peak memory over 500 MB" >&2; exit 1; }
