#!/usr/bin/env bash
# Does a cut kiln split suggests take out the bytes it predicts? On fixtures/split/app (our
# own fixture: NOT yet a real open-source app), for each `route` suggestion of index.html, in
# the order kiln ranks them: apply it mechanically (a codemod: `import X from 'spec'` becomes
# `const X = React.lazy(() => import('spec'))`, a named import goes through .then), rebuild
# with esbuild (--splitting --minify --sourcemap), and compare the drop in the page's initial
# raw bytes (kiln analyze) with kiln's prediction. Then the ineffective-split case: Vite's own
# warning must name the module kiln names.
#   scripts/bench/split-check.sh            (KILN=path/to/kiln to check another binary)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
[[ -d scripts/bench/node_modules/esbuild && -d scripts/bench/node_modules/vite ]] ||
  (cd scripts/bench && npm install --no-audit --no-fund --silent)
KILN=${KILN:-$root/build/kiln}
esbuild=$root/scripts/bench/node_modules/.bin/esbuild
work=$(mktemp -d /tmp/kiln-split-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

build() {  # $1: app tree, $2: out dir
  (cd "$1" && "$esbuild" src/main.ts --bundle --splitting --format=esm --minify --sourcemap --jsx=transform \
    --outdir="$2" --entry-names=[name] --chunk-names=chunk-[hash] --log-level=warning)
  echo '<!doctype html><html><head><title>split</title></head><body><div id="root"></div><script type="module" src="/main.js"></script></body></html>' >"$2/index.html"
}
initial_raw() { "$KILN" analyze "$1" --format json --no-cache 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);console.log(j.entries.find(e=>e.path==="index.html").initial.raw)})'; }

cp -r fixtures/split/app/tree "$work/app"
build "$work/app" "$work/dist"
before=$(initial_raw "$work/dist")
"$KILN" split "$work/app" --dist "$work/dist" --format json --no-cache --min-bytes 1 >"$work/split.json"
echo "initial load before: $before B raw"
printf '%-40s %12s %12s %8s\n' "cut" "predicted" "measured" "diff"
node - "$work/split.json" <<'JS' >"$work/cuts.txt"
const j = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
for (const c of j.pages[0].cuts.filter((c) => c.kind === 'route').slice(0, 3))
  console.log([c.file, c.line, c.statement, c.bytes.raw].join('\t'));
JS
fail=0
while IFS=$'\t' read -r file line statement predicted; do
  rm -rf "$work/cut" && cp -r "$work/app" "$work/cut"
  # The codemod: the import statement on that line becomes a React.lazy declaration.
  node - "$work/cut/$file" "$line" <<'JS'
const fs = require('fs');
const [path, line] = [process.argv[2], Number(process.argv[3])];
const lines = fs.readFileSync(path, 'utf8').split('\n');
const m = lines[line - 1].match(/^import\s+(?:(\w+)|\{\s*(\w+)\s*\})\s+from\s+('[^']+'|"[^"]+");?/);
if (!m) throw new Error('codemod: not a default or single named import: ' + lines[line - 1]);
lines[line - 1] = m[1] ? `const ${m[1]} = React.lazy(() => import(${m[3]}));`
                       : `const ${m[2]} = React.lazy(() => import(${m[3]}).then((x) => ({ default: x.${m[2]} })));`;
fs.writeFileSync(path, lines.join('\n'));
JS
  build "$work/cut" "$work/cut-dist"
  after=$(initial_raw "$work/cut-dist")
  measured=$((before - after))
  diff=$(node -e "console.log(((${measured}-${predicted})/${predicted}*100).toFixed(1)+'%')")
  printf '%-40s %12s %12s %8s\n' "$file:$line" "$predicted" "$measured" "$diff"
  node -e "process.exit(Math.abs(${measured}-${predicted}) <= 0.05*${predicted} ? 0 : 1)" || fail=1
  rm -rf "$work/cut-dist"
done <"$work/cuts.txt"

# Ineffective split: Vite warns that the dynamic import will not move the module.
cat >"$work/app/vite.config.mjs" <<'JS'
export default { logLevel: 'warn', esbuild: { jsx: 'transform' }, build: { outDir: 'vite-dist', emptyOutDir: true } };
JS
vite_warning=$(cd "$work/app" && "$root/scripts/bench/node_modules/.bin/vite" build 2>&1 | grep -i "dynamic import will not move" || true)
kiln_target=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));console.log(j.pages[0].ineffective.map(x=>x.target).join(" "))' "$work/split.json")
echo "kiln ineffective: $kiln_target"
echo "vite: ${vite_warning:-(no warning)}"
[[ -n "$kiln_target" && "$vite_warning" == *"$kiln_target"* ]] || { echo "MISMATCH"; fail=1; }
exit $fail
