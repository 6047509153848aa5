#!/usr/bin/env bash
# Does kiln's graph of a Vite build, read from the files alone, equal Vite's own manifest?
# Vite builds a small multi-route app of our own (lodash-es from the corpus; two routes loaded
# by import(), one with its own stylesheet and a nested import(), a chunk both share) with
# build.manifest. Vite's edges, from .vite/manifest.json: for each chunk, `imports` (static)
# and `dynamicImports` (lazy) to the chunks' files; the `css` of a dynamically imported chunk
# is loaded by the preload helper with it. kiln's: js_import/js_export_from (static) and
# js_dynamic_import (lazy) edges between .js files; the page's lazy set must hold every
# dynamic chunk's file and stylesheet, and nothing may be unreferenced.
# Prints the counts, every edge on one side only, and exits 1 on any difference.
#   scripts/bench/vite-check.sh            (KILN=path/to/kiln to check another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[[ -d scripts/bench/node_modules/vite ]] || (cd scripts/bench && npm install --no-audit --no-fund --silent)
scripts/fetch-corpus lodash-es
if [[ -z "${KILN:-}" ]]; then
  [[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
  KILN=$root/build/kiln
fi
work=$(mktemp -d /tmp/kiln-vite-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

app=$work/app
mkdir -p "$app/src" "$app/node_modules"
ln -s "$root/corpus/lodash-es" "$app/node_modules/lodash-es"
echo '<!doctype html><html><head><title>v</title></head><body><script type="module" src="/src/main.js"></script></body></html>' >"$app/index.html"
cat >"$app/src/main.js" <<'JS'
import { debounce } from 'lodash-es';
import './main.css';
const routes = { a: () => import('./route-a.js'), b: () => import('./route-b.js') };
document.onclick = debounce(async (e) => (await routes[e.target.id]()).default(), 10);
JS
cat >"$app/src/route-a.js" <<'JS'
import './a.css';
import { shared } from './shared.js';
import { sortBy } from 'lodash-es';
export default () => import('./deep.js').then(d => d.deep(shared, sortBy));
JS
cat >"$app/src/route-b.js" <<'JS'
import { shared } from './shared.js';
import { cloneDeep } from 'lodash-es';
export default () => cloneDeep(shared);
JS
echo 'body { color: red }' >"$app/src/main.css"
echo '.a { color: blue }' >"$app/src/a.css"
echo 'export const shared = { x: 1 };' >"$app/src/shared.js"
echo 'export const deep = (a, b) => [a, b];' >"$app/src/deep.js"
echo "export default { logLevel: 'warn', build: { manifest: true, outDir: 'dist', emptyOutDir: true } };" >"$app/vite.config.mjs"

(cd "$app" && "$root/scripts/bench/node_modules/.bin/vite" build >/dev/null)
rc=0
"$KILN" analyze "$app/dist" --no-cache --format json -o "$work/kiln.json" || rc=$?
if ((rc != 0)); then
  echo "vite-check: kiln analyze exited $rc" >&2
  exit 1
fi
node - "$app/dist/.vite/manifest.json" "$work/kiln.json" <<'JS'
const fs = require('fs');
const [manifestPath, kilnPath] = process.argv.slice(2);
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const kiln = JSON.parse(fs.readFileSync(kilnPath, 'utf8'));
const vite = new Set(), lazyWant = new Set();
for (const chunk of Object.values(manifest)) {
  for (const k of chunk.imports || []) vite.add(`${chunk.file} ${manifest[k].file} static`);
  for (const k of chunk.dynamicImports || []) {
    vite.add(`${chunk.file} ${manifest[k].file} dynamic`);
    lazyWant.add(manifest[k].file);
    for (const css of manifest[k].css || []) lazyWant.add(css);
  }
}
const cls = { js_import: 'static', js_export_from: 'static', js_dynamic_import: 'dynamic' };
const kl = new Set(kiln.edges.filter(e => cls[e.kind] && e.from.endsWith('.js') && e.to.endsWith('.js'))
  .map(e => `${e.from} ${e.to} ${cls[e.kind]}`));
const missing = [...vite].filter(e => !kl.has(e)).sort(), extra = [...kl].filter(e => !vite.has(e)).sort();
const preload = kiln.edges.filter(e => e.kind === 'js_preload_dep').length;
console.log(`vite: ${Object.keys(manifest).length} manifest chunks; manifest edges ${vite.size}; kiln edges ${kl.size} ` +
  `(+${preload} preload-list edges); missing from kiln ${missing.length}; absent from the manifest ${extra.length}`);
for (const e of missing) console.log(`  missing from kiln: ${e}`);
for (const e of extra) console.log(`  absent from the manifest: ${e}`);
// Files that only dynamic imports reach (the manifest's `imports` may list the entry itself).
const lazyGot = new Set(kiln.entries[0].lazy.paths);
const notLazy = [...lazyWant].filter(f => !lazyGot.has(f) && !kiln.entries[0].initial.paths.includes(f)).sort();
console.log(`  page ${kiln.entries[0].path}: ${lazyWant.size} files behind dynamic imports (kiln lazy ${lazyGot.size})`);
for (const f of notLazy) console.log(`  not loaded by kiln's page: ${f}`);
const unreferenced = (kiln.unreferenced || []).filter(p => !p.startsWith('.vite/'));
if (unreferenced.length) console.log(`  unreferenced (expected none): ${unreferenced.join(', ')}`);
const diags = kiln.diagnostics.filter(d => d.severity !== 'note');
for (const d of diags) console.log(`  kiln ${d.severity}: ${d.path}:${d.line ?? ''}:${d.column ?? ''}: ${d.message}`);
if (missing.length || extra.length || notLazy.length || unreferenced.length || diags.length) {
  console.error('vite-check: FAILED (kiln\'s graph differs from Vite\'s manifest)');
  process.exit(1);
}
console.log('vite-check: ok');
JS
