#!/usr/bin/env bash
# Does kiln's chunk graph of a webpack 5 build, read from the files alone, equal webpack's?
# webpack 5 builds a small app of our own (lodash-es from the corpus; dynamic imports, a named
# chunk, split vendor chunks, webpackPrefetch and webpackPreload) in production (minified) and
# development mode and writes stats.json. Webpack's edges: for every chunk and every origin of
# it (the module whose import() loads it), (file of each chunk holding that module) -> (file of
# the chunk). kiln's: its js_chunk edges between .js files (`X.e(id)`, `X.E(id)` call sites).
# Prints the counts, every edge on one side only, and exits 1 on any difference, on a file
# kiln calls unreferenced, or on any kiln warning.
#   scripts/bench/chunk-check.sh            (KILN=path/to/kiln to check another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[[ -d scripts/bench/node_modules/webpack ]] || (cd scripts/bench && npm install --no-audit --no-fund --silent)
scripts/fetch-corpus lodash-es
if [[ -z "${KILN:-}" ]]; then
  [[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
  KILN=$root/build/kiln
fi
work=$(mktemp -d /tmp/kiln-chunk-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

app=$work/app
mkdir -p "$app/src" "$app/node_modules"
ln -s "$root/corpus/lodash-es" "$app/node_modules/lodash-es"
cat >"$app/src/index.js" <<'JS'
import { debounce } from 'lodash-es';
document.getElementById('a').onclick = debounce(async () => {
  const { chunk } = await import(/* webpackChunkName: "charts" */ './charts.js');
  chunk();
});
document.getElementById('b').onclick = async () => (await import('./editor.js')).edit();
import(/* webpackPrefetch: true */ './later.js');
JS
cat >"$app/src/charts.js" <<'JS'
import { sortBy, groupBy } from 'lodash-es';
export function chunk() { return import('./deep.js').then(d => d.deep(sortBy([3, 1, 2]), groupBy)); }
JS
cat >"$app/src/editor.js" <<'JS'
import { cloneDeep, merge } from 'lodash-es';
export function edit() {
  return Promise.all([import('./deep.js'), import(/* webpackPreload: true */ './preloaded.js')])
    .then(() => merge({}, cloneDeep({ a: 1 })));
}
JS
echo 'export function deep(a, b) { return [a, b]; }' >"$app/src/deep.js"
echo 'export const later = 1;' >"$app/src/later.js"
echo 'export const pre = 2;' >"$app/src/preloaded.js"

failed=0
for mode in production development; do
  out=$work/dist-$mode
  node scripts/bench/webpack-build.cjs "$app" "$mode" "$out" "$work/stats-$mode.json"
  main=$(cd "$out" && ls main.*.js)
  rc=0
  "$KILN" analyze "$out" --entry "$main" --no-cache --format json -o "$work/kiln-$mode.json" || rc=$?
  if ((rc != 0)); then
    echo "chunk-check: kiln analyze exited $rc on the $mode build" >&2
    failed=1
    continue
  fi
  node - "$work/stats-$mode.json" "$work/kiln-$mode.json" "$mode" <<'JS' || failed=1
const fs = require('fs');
const [statsPath, kilnPath, mode] = process.argv.slice(2);
const stats = JSON.parse(fs.readFileSync(statsPath, 'utf8'));
const kiln = JSON.parse(fs.readFileSync(kilnPath, 'utf8'));
const jsFile = c => c.files.find(f => f.endsWith('.js'));
// Which chunks hold a module (by name; a concatenated module lists its parts in `modules`).
const holders = new Map();
for (const c of stats.chunks)
  for (const m of c.modules || [])
    for (const name of [m.name, (m.name || '').replace(/ \+ \d+ modules$/, ''), ...(m.modules || []).map(n => n.name)]) {
      if (!holders.has(name)) holders.set(name, new Set());
      holders.get(name).add(jsFile(c));
    }
const wp = new Set();
let prefetch = 0, preload = 0;
for (const c of stats.chunks) {
  prefetch += (c.childrenByOrder?.prefetch || []).length;
  preload += (c.childrenByOrder?.preload || []).length;
  if (c.initial) continue;
  for (const o of c.origins) for (const from of holders.get(o.moduleName) || []) wp.add(`${from} ${jsFile(c)}`);
}
const kl = new Set(kiln.edges.filter(e => e.kind === 'js_chunk' && e.to.endsWith('.js')).map(e => `${e.from} ${e.to}`));
const missing = [...wp].filter(e => !kl.has(e)).sort(), extra = [...kl].filter(e => !wp.has(e)).sort();
console.log(`${mode}: ${stats.chunks.length} chunks (${prefetch} prefetch, ${preload} preload children); ` +
  `webpack edges ${wp.size}; kiln edges ${kl.size}; missing from kiln ${missing.length}; absent from webpack ${extra.length}`);
for (const e of missing) console.log(`  missing from kiln: ${e}`);
for (const e of extra) console.log(`  absent from webpack: ${e}`);
const lazyWant = stats.chunks.filter(c => !c.initial).map(jsFile).sort();
const lazyGot = kiln.entries[0].lazy.paths.filter(p => p.endsWith('.js')).sort();
const lazyOk = JSON.stringify(lazyWant) === JSON.stringify(lazyGot);
if (!lazyOk) console.log(`  lazy set: webpack [${lazyWant.join(', ')}], kiln [${lazyGot.join(', ')}]`);
console.log(`  entry ${kiln.entries[0].path}: ${lazyWant.length} lazy JS chunks (kiln ${lazyGot.length})`);
const unreferenced = kiln.unreferenced || [];
if (unreferenced.length) console.log(`  unreferenced (expected none): ${unreferenced.join(', ')}`);
const diags = kiln.diagnostics.filter(d => d.severity !== 'note');
for (const d of diags) console.log(`  kiln ${d.severity}: ${d.path}:${d.line ?? ''}:${d.column ?? ''}: ${d.message}`);
process.exit(missing.length || extra.length || !lazyOk || unreferenced.length || diags.length ? 1 : 0);
JS
done
if ((failed)); then
  echo "chunk-check: FAILED (kiln's chunk graph differs from webpack's stats)" >&2
  exit 1
fi
echo "chunk-check: ok"
