#!/usr/bin/env bash
# Source-map attribution: kiln against source-map-explorer 2.5.3, side by side in one run.
#   builds: swagger-ui-dist (webpack), pdfjs-dist build/ (webpack), leaflet dist/ (Rollup)
#   (scripts/fetch-corpus, pinned), and a small app bundled here by esbuild (two entries with
#   code splitting, leaflet from node_modules, --sourcemap --metafile).
#   1. oracle: kiln's `--format source-map-explorer` against `source-map-explorer --json
#      --no-border-checks`, run per file (with its NAME.map when the file has no comment,
#      which source-map-explorer cannot find by itself): every bucket of every file, byte for
#      byte; differences are printed and make the script exit 1. (--no-border-checks: with
#      the source-map 0.7.6 that npm installs for it today, 2.5.3 rejects every bundle:
#      "generated column Infinity", its last-segment check.)
#   2. speed: one source-map-explorer run over all files vs `kiln analyze DIR --format
#      source-map-explorer` cold (empty cache) and warm (same cache); medians, peak RSS.
#   3. the app's per-package raw bytes vs esbuild's metafile bytesInOutput sums.
#   scripts/bench/sourcemaps.sh            3 runs each;  RUNS=1 for one
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
RUNS=${RUNS:-3}
[[ -x /usr/bin/time ]] || apt-get install -y -qq time >/dev/null
bin=$root/scripts/bench/node_modules/.bin
[[ -x $bin/source-map-explorer && -x $bin/esbuild ]] || (cd scripts/bench && npm install --no-audit --no-fund --silent)
scripts/fetch-corpus swagger-ui-dist pdfjs-dist leaflet

work=$(mktemp -d /tmp/kiln-bench-sourcemaps.XXXXXX)
trap 'rm -rf "$work"' EXIT
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
cp build/kiln "$work/kiln"
kiln=$work/kiln

# The esbuild app: two pages' entries sharing a module, leaflet from node_modules.
app=$work/app
mkdir -p "$app/src" "$app/node_modules" "$app/dist"
cp -r "$root/corpus/leaflet" "$app/node_modules/leaflet"  # a copy: esbuild names a symlinked package by its real path, outside node_modules
cat > "$app/src/shared.js" <<'JS'
export function format(n) { return n.toFixed(2) + ' km'; }
JS
cat > "$app/src/map.js" <<'JS'
import * as L from 'leaflet';
import { format } from './shared.js';
export function show(el) { const m = L.map(el).setView([51.5, -0.09], 13); return format(m.getZoom()); }
JS
cat > "$app/src/main.js" <<'JS'
import { format } from './shared.js';
document.body.textContent = format(1);
import('./map.js').then((m) => m.show(document.body));
JS
cat > "$app/src/about.js" <<'JS'
import { format } from './shared.js';
console.log(format(2));
JS
(cd "$app" && "$bin/esbuild" src/main.js src/about.js --bundle --splitting --format=esm --minify \
  --sourcemap --metafile=meta.json --outdir=dist --log-level=warning)
printf '<script type="module" src="main.js"></script>\n' > "$app/dist/index.html"
printf '<script type="module" src="about.js"></script>\n' > "$app/dist/about.html"

declare -A dirs=([swagger-ui-dist]=corpus/swagger-ui-dist [pdfjs-dist]=corpus/pdfjs-dist/build
                 [leaflet]=corpus/leaflet/dist [esbuild-app]=$app/dist)
status=0
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# run LABEL CMD...: wall seconds, peak RSS (KB) and CPU seconds (user + system) of CMD, RUNS
# times; prints medians. CPU time is the fairer figure on a machine other jobs share.
measure() {
  local label=$1; shift
  local walls=() rss=() cpus=()
  for ((i = 0; i < RUNS; i++)); do
    [[ $label == *cold* ]] && rm -rf "$work/cache"
    /usr/bin/time -f '%e %M %U %S' -o "$work/t" "$@" >/dev/null 2>&1 || true
    read -r w m u s < "$work/t"; walls+=("$w"); rss+=("$m"); cpus+=("$(echo "$u + $s" | bc -l)")
  done
  printf '%s %s %s\n' "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${rss[@]}" | median)" \
    "$(printf '%s\n' "${cpus[@]}" | median)"
}

for name in swagger-ui-dist pdfjs-dist leaflet esbuild-app; do
  dir=${dirs[$name]}
  "$kiln" analyze "$dir" --format source-map-explorer --no-cache -q -o "$work/kiln.json" 2>/dev/null || true
  mapfile -t bundles < <(node -e 'for (const r of JSON.parse(require("fs").readFileSync(process.argv[1])).results) console.log(r.bundleName)' "$work/kiln.json")
  # The oracle, one file at a time (a file without a comment gets its NAME.map named).
  parts=()
  for b in "${bundles[@]}"; do
    out=$work/sme-$((${#parts[@]})).json
    if grep -q 'sourceMappingURL=' "$b"; then "$bin/source-map-explorer" "$b" --json --no-border-checks > "$out" 2>"$out.err" || true
    else "$bin/source-map-explorer" "$b" "$b.map" --json --no-border-checks > "$out" 2>"$out.err" || true; fi
    [[ -s $out ]] || { echo "  source-map-explorer failed on $b: $(head -c 300 "$out.err")"; continue; }
    parts+=("$out")
  done
  node -e 'const fs=require("fs");const r=[];for(const f of process.argv.slice(1))r.push(...JSON.parse(fs.readFileSync(f)).results);fs.writeFileSync("'"$work"'/sme.json",JSON.stringify({results:r}))' "${parts[@]}"
  echo "== $name: ${#bundles[@]} files with maps"
  node scripts/bench/sme-compare.mjs "$work/kiln.json" "$work/sme.json" | sed 's/^/  /' || status=1

  # Speed: one source-map-explorer process for the files it finds maps for by itself.
  mapfile -t commented < <(for b in "${bundles[@]}"; do grep -q 'sourceMappingURL=' "$b" && echo "$b"; done)
  read -r sw sm sc < <(measure sme "$bin/source-map-explorer" "${commented[@]}" --json --no-border-checks)
  read -r kc kcm kcc < <(measure kiln-cold "$kiln" analyze "$dir" --format source-map-explorer --cache-dir "$work/cache" -q)
  read -r kw kwm kwc < <(measure kiln-warm "$kiln" analyze "$dir" --format source-map-explorer --cache-dir "$work/cache" -q)
  printf '  time: source-map-explorer %ss (%d files, %d MB peak)  kiln cold %ss (%d MB)  warm %ss (%d MB)  ->  %.1fx cold, %.1fx warm\n' \
    "$sw" "${#commented[@]}" $((sm / 1024)) "$kc" $((kcm / 1024)) "$kw" $((kwm / 1024)) \
    "$(echo "$sw / $kc" | bc -l)" "$(echo "$sw / $kw" | bc -l)"
  printf '  cpu:  source-map-explorer %ss  kiln cold %ss  warm %ss  ->  %.1fx cold, %.1fx warm\n' \
    "$sc" "$kcc" "$kwc" "$(echo "$sc / ($kcc + 0.001)" | bc -l)" "$(echo "$sc / ($kwc + 0.001)" | bc -l)"
done

# Per package: kiln's groups against esbuild's metafile (bytesInOutput by node_modules package).
"$kiln" analyze "$app/dist" --format json --no-cache -q -o "$work/app.json" 2>/dev/null || true
node - "$app/meta.json" "$work/app.json" <<'JS' || status=1
const fs = require('fs');
const [meta, report] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
let bad = 0;
for (const f of report.sourceMaps.files) {
  const out = meta.outputs['dist/' + f.path];
  if (!out) continue;
  const esb = {};
  for (const [input, v] of Object.entries(out.inputs)) {
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    if (m) esb[m[1]] = (esb[m[1]] || 0) + v.bytesInOutput;
  }
  for (const [pkg, bytes] of Object.entries(esb)) {
    const k = f.groups.find((g) => g.name === pkg)?.raw ?? 0;
    const slack = f.unmapped.raw + f.eol.raw;
    const ok = Math.abs(k - bytes) <= slack;
    if (!ok) bad++;
    console.log(`  ${f.path} ${pkg}: kiln ${k} esbuild bytesInOutput ${bytes} (difference ${k - bytes}, unmapped ${slack}) ${ok ? 'ok' : 'OUTSIDE'}`);
  }
}
process.exit(bad ? 1 : 0);
JS
echo "(the machine is shared with other jobs: figures are medians of $RUNS runs)"
exit $status
