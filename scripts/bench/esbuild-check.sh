#!/usr/bin/env bash
# Does kiln's graph of a real code-split build match what the bundler says it wrote?
# esbuild bundles a small app of our own (three entries that import three and dynamically
# `import()` several of three's examples/jsm modules) with --splitting --format=esm, once plain
# and once minified, and writes --metafile. Then, per build:
#   - every chunk-to-chunk import ("import-statement") and dynamic import ("dynamic-import")
#     in the metafile's outputs[*].imports must be an edge in `kiln analyze`'s graph
#     (js_import/js_export_from and js_dynamic_import respectively), and
#   - every edge kiln reports between two output .js files must be in the metafile;
#   - each entry's initial set (kiln) must be the entry's static import closure (metafile),
#     its lazy set the rest of what its dynamic imports reach, and nothing is unreferenced.
# Prints the counts and exits 1 on any difference. Takes a few seconds.
#   scripts/bench/esbuild-check.sh            (KILN=path/to/kiln to check another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
command -v jq >/dev/null || apt-get install -y -qq jq >/dev/null
[[ -x scripts/bench/node_modules/.bin/esbuild ]] || (cd scripts/bench && npm install --no-audit --no-fund --silent)
scripts/fetch-corpus three
if [[ -z "${KILN:-}" ]]; then
  [[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
  KILN=$root/build/kiln
fi
ESBUILD=$root/scripts/bench/node_modules/.bin/esbuild
work=$(mktemp -d /tmp/kiln-esbuild-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The app: `three` resolves through node_modules to the corpus copy (its package.json exports
# map `three` to build/three.module.js and `three/addons/*` to examples/jsm/*).
app=$work/app
mkdir -p "$app/src" "$app/node_modules"
ln -s "$root/corpus/three" "$app/node_modules/three"
cat >"$app/src/main.js" <<'EOF'
import { Scene, PerspectiveCamera, WebGLRenderer, Mesh, BoxGeometry, MeshStandardMaterial } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
export async function start(canvas, url) {
  const scene = new Scene();
  const camera = new PerspectiveCamera(50, 1, 0.1, 100);
  const renderer = new WebGLRenderer({ canvas });
  new OrbitControls(camera, canvas);
  scene.add(new Mesh(new BoxGeometry(), new MeshStandardMaterial()));
  const { GLTFLoader } = await import('three/addons/loaders/GLTFLoader.js');
  const { DRACOLoader } = await import(`three/addons/loaders/DRACOLoader.js`);
  const loader = new GLTFLoader().setDRACOLoader(new DRACOLoader());
  scene.add((await loader.loadAsync(url)).scene);
  const post = await import('./post.js');
  return post.compose(renderer, scene, camera);
}
EOF
cat >"$app/src/post.js" <<'EOF'
import { EffectComposer } from 'three/addons/postprocessing/EffectComposer.js';
import { RenderPass } from 'three/addons/postprocessing/RenderPass.js';
import { UnrealBloomPass } from 'three/addons/postprocessing/UnrealBloomPass.js';
import { Vector2 } from 'three';
export { RenderPass };
export async function compose(renderer, scene, camera) {
  const composer = new EffectComposer(renderer);
  composer.addPass(new RenderPass(scene, camera));
  composer.addPass(new UnrealBloomPass(new Vector2(256, 256), 1, 0.4, 0.85));
  const extra = await import('./fx-extra.js');
  composer.addPass(extra.output());
  return composer;
}
EOF
cat >"$app/src/fx-extra.js" <<'EOF'
import { OutputPass } from 'three/addons/postprocessing/OutputPass.js';
import { ShaderPass } from 'three/addons/postprocessing/ShaderPass.js';
import { FXAAShader } from 'three/addons/shaders/FXAAShader.js';
export function output() { return [new OutputPass(), new ShaderPass(FXAAShader)][0]; }
EOF
cat >"$app/src/editor.js" <<'EOF'
import { Scene, PerspectiveCamera, Group } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { TransformControls } from 'three/addons/controls/TransformControls.js';
export async function edit(canvas, file) {
  const camera = new PerspectiveCamera();
  const scene = new Scene().add(new Group());
  new OrbitControls(camera, canvas);
  new TransformControls(camera, canvas);
  const loaders = {
    obj: () => import('three/addons/loaders/OBJLoader.js'),
    fbx: () => import('three/addons/loaders/FBXLoader.js'),
    glb: () => import('three/addons/loaders/GLTFLoader.js'),
  };
  const mod = await loaders[file.split('.').pop()]();
  const { GLTFExporter } = await import('three/addons/exporters/GLTFExporter.js');
  const { compose } = await import('./post.js');
  return [mod, new GLTFExporter(), compose, scene];
}
EOF
cat >"$app/src/viewer.js" <<'EOF'
import { Scene, Mesh, MeshNormalMaterial } from 'three';
export async function view(url) {
  const scene = new Scene();
  const kind = url.endsWith('.stl') ? 'stl' : 'ply';
  const geometry = kind === 'stl'
    ? new (await import('three/addons/loaders/STLLoader.js')).STLLoader().parse(url)
    : new (await import('three/addons/loaders/PLYLoader.js')).PLYLoader().parse(url);
  scene.add(new Mesh(geometry, new MeshNormalMaterial()));
  const { GLTFLoader } = await import('three/addons/loaders/GLTFLoader.js');
  return [scene, GLTFLoader];
}
EOF

entries=(main.js editor.js viewer.js)
failed=0
for variant in plain minified; do
  out=dist-$variant
  extra=(--sourcemap)
  [[ $variant == minified ]] && extra+=(--minify)
  (cd "$app" && "$ESBUILD" src/main.js src/editor.js src/viewer.js --bundle --splitting --format=esm \
    --outdir="$out" --metafile="$work/meta-$variant.json" --log-level=warning "${extra[@]}")
  kiln_args=()
  for e in "${entries[@]}"; do kiln_args+=(--entry "$e"); done
  rc=0
  "$KILN" analyze "$app/$out" "${kiln_args[@]}" --no-cache --format json -o "$work/kiln-$variant.json" || rc=$?
  if ((rc != 0)); then
    echo "esbuild-check: kiln analyze exited $rc on the $variant build" >&2
    failed=1
    continue
  fi
  node - "$work/meta-$variant.json" "$work/kiln-$variant.json" "$out/" "$variant" <<'EOF' || failed=1
const fs = require('fs');
const [metaPath, kilnPath, prefix, variant] = process.argv.slice(2);
const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
const kiln = JSON.parse(fs.readFileSync(kilnPath, 'utf8'));
const rel = p => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
const isJs = p => p.endsWith('.js');

// Metafile edges between output .js files: "from to static|dynamic".
const metaEdges = new Set();
const outputs = Object.keys(meta.outputs).filter(isJs);
const staticOut = new Map(), dynamicOut = new Map();
for (const o of outputs) {
  const from = rel(o);
  staticOut.set(from, []); dynamicOut.set(from, []);
  for (const imp of meta.outputs[o].imports || []) {
    if (imp.external || !isJs(imp.path)) continue;
    const cls = imp.kind === 'import-statement' ? 'static' : imp.kind === 'dynamic-import' ? 'dynamic' : imp.kind;
    metaEdges.add(`${from} ${rel(imp.path)} ${cls}`);
    (cls === 'static' ? staticOut : dynamicOut).get(from)?.push(rel(imp.path));
  }
}
// kiln edges between output .js files, same shape (source maps are not chunk edges).
const kindClass = { js_import: 'static', js_export_from: 'static', js_dynamic_import: 'dynamic' };
const kilnEdges = new Set();
for (const e of kiln.edges)
  if (isJs(e.from) && isJs(e.to) && e.kind !== 'source_map') kilnEdges.add(`${e.from} ${e.to} ${kindClass[e.kind] || e.kind}`);

const missing = [...metaEdges].filter(e => !kilnEdges.has(e)).sort();
const extra = [...kilnEdges].filter(e => !metaEdges.has(e)).sort();
const count = cls => [...metaEdges].filter(e => e.endsWith(' ' + cls)).length;
console.log(`${variant}: ${outputs.length} JS outputs; metafile edges ${metaEdges.size} ` +
  `(${count('static')} import-statement, ${count('dynamic')} dynamic-import); kiln edges ${kilnEdges.size}; ` +
  `missing from kiln ${missing.length}; absent from metafile ${extra.length}`);
for (const e of missing) console.log(`  missing from kiln: ${e}`);
for (const e of extra) console.log(`  absent from metafile: ${e}`);

// Initial = the static closure of the entry; lazy = what dynamic imports reach, minus initial.
const closure = (starts, out) => {
  const seen = new Set(), todo = [...starts];
  while (todo.length) { const f = todo.pop(); if (seen.has(f)) continue; seen.add(f); todo.push(...(out.get(f) || [])); }
  return seen;
};
let classification = 0;
for (const entry of kiln.entries) {
  const initial = closure([entry.path], staticOut);
  const everything = closure([entry.path], new Map([...staticOut].map(([k, v]) => [k, [...v, ...dynamicOut.get(k)]])));
  const lazy = [...everything].filter(f => !initial.has(f));
  const want = { initial: [...initial].sort(), lazy: lazy.sort() };
  for (const set of ['initial', 'lazy']) {
    const got = entry[set].paths.filter(isJs).sort();
    if (JSON.stringify(got) !== JSON.stringify(want[set])) {
      classification++;
      console.log(`  ${entry.path} ${set}: expected [${want[set].join(', ')}], kiln [${got.join(', ')}]`);
    }
  }
  console.log(`  entry ${entry.path}: ${want.initial.length} initial, ${want.lazy.length} lazy JS files` +
    ` (kiln: ${entry.initial.paths.filter(isJs).length} + ${entry.lazy.paths.filter(isJs).length})`);
}
const unreferenced = (kiln.unreferenced || []).filter(isJs);
if (unreferenced.length) console.log(`  unreferenced JS outputs (expected none): ${unreferenced.join(', ')}`);
const diags = kiln.diagnostics.filter(d => d.severity !== 'note');
for (const d of diags) console.log(`  kiln ${d.severity}: ${d.path}:${d.line ?? ''}:${d.column ?? ''}: ${d.message}`);
process.exit(missing.length || extra.length || classification || unreferenced.length || diags.length ? 1 : 0);
EOF
done
if ((failed)); then
  echo "esbuild-check: FAILED (kiln's graph differs from esbuild's metafile)" >&2
  exit 1
fi
echo "esbuild-check: ok"
