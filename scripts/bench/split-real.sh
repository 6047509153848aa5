#!/usr/bin/env bash
# Does a cut kiln split suggests on a real app take out the bytes it predicts? The app:
# bulletproof-react's apps/react-vite (React 18, React Router 7 with lazy routes, Vite), which
# nobody here wrote. Its npm dependencies are installed, it is built by its own vite.config.ts
# with source maps, kiln split ranks the cuts of index.html, and each of the first three
# component cuts (kinds route, conditional-render, rendered: the ones a codemod can apply) is
# applied alone by a small codemod (every binding of the import statement becomes
# `const X = lazy(() => import('…'))`), the app is rebuilt and the drop in index.html's
# initial load (kiln analyze: raw, gzip, brotli) is compared with kiln's prediction. Raw must
# agree within 5%.
#   BULLETPROOF=path/to/bulletproof-react scripts/bench/split-real.sh
#     BULLETPROOF: a checkout (or a bare git directory) of github.com/alan2207/bulletproof-react
#     NODE_MODULES: an installed apps/react-vite/node_modules to hard-link instead of npm install
#     KILN: the binary (default build/kiln); WORK: where to build (default a temp folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
KILN=${KILN:-$root/build/kiln}
: "${BULLETPROOF:?set BULLETPROOF to a checkout of alan2207/bulletproof-react}"
work=${WORK:-$(mktemp -d /tmp/kiln-split-real.XXXXXX)}
[[ -n "${WORK:-}" ]] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work"

# The app: apps/react-vite at the checkout's HEAD, its dependencies from the npm registry.
rm -rf "$work/app" && mkdir -p "$work/src-tree"
if [[ -f "$BULLETPROOF/HEAD" && -d "$BULLETPROOF/objects" ]]; then
  commit=$(git --git-dir="$BULLETPROOF" rev-parse --short HEAD)
  git --git-dir="$BULLETPROOF" archive HEAD apps/react-vite | tar -x -C "$work/src-tree"
else
  commit=$(git -C "$BULLETPROOF" rev-parse --short HEAD 2>/dev/null || echo unknown)
  mkdir -p "$work/src-tree/apps" && cp -r "$BULLETPROOF/apps/react-vite" "$work/src-tree/apps/"
  rm -rf "$work/src-tree/apps/react-vite/node_modules" "$work/src-tree/apps/react-vite/dist"
fi
mv "$work/src-tree/apps/react-vite" "$work/app" && rm -rf "$work/src-tree"
if [[ -n "${NODE_MODULES:-}" ]]; then
  cp -al "$NODE_MODULES" "$work/app/node_modules"
else
  (cd "$work/app" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
echo "bulletproof-react $commit apps/react-vite, vite $(node -p 'require("'"$work"'/app/node_modules/vite/package.json").version')"

build() {  # $1: app tree; the app's own config, maps on
  (cd "$1" && rm -rf dist && node_modules/.bin/vite build --sourcemap --outDir dist --logLevel error >build.log 2>&1) ||
    { cat "$1/build.log"; exit 1; }
}
initial() {  # raw gzip brotli of index.html's initial load
  "$KILN" analyze "$1" --format json --no-cache 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const i=JSON.parse(s).entries.find(e=>e.path==="index.html").initial;console.log(i.raw,i.gzip,i.brotli)})'
}

build "$work/app"
read -r raw0 gzip0 br0 < <(initial "$work/app/dist")
start=$(date +%s%N)
(cd "$work/app" && "$KILN" split . --dist dist --format json --no-cache >"$work/split.json" 2>/dev/null)
echo "kiln split: $(( ($(date +%s%N) - start) / 1000000 )) ms wall"
echo "index.html initial load before: $raw0 B raw / $gzip0 B gzip / $br0 B br"
node - "$work/split.json" <<'JS' >"$work/cuts.txt"
const j = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const page = j.pages.find((p) => p.page === 'index.html');
for (const c of page.cuts.filter((c) => ['route', 'conditional-render', 'rendered'].includes(c.kind)).slice(0, 3))
  console.log([c.file, c.line, c.column, c.kind, c.bytes.raw, c.bytes.gzip, c.bytes.brotli].join('\t'));
JS
printf '%-26s %-9s %22s %22s %7s\n' "cut" "kind" "predicted raw/gz/br" "measured raw/gz/br" "raw"
fail=0
while IFS=$'\t' read -r file line column kind praw pgz pbr; do
  rm -rf "$work/cut" && mkdir "$work/cut"
  (cd "$work/app" && tar -c --exclude=./node_modules --exclude=./dist .) | tar -x -C "$work/cut"
  ln -s "$work/app/node_modules" "$work/cut/node_modules"
  # The codemod: the import statement at line:column becomes one lazy() per binding.
  node - "$work/cut/$file" "$line" "$column" <<'JS'
const fs = require('fs');
const [path, line, column] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
let text = fs.readFileSync(path, 'utf8');
let at = 0;
for (let l = 1; l < line; ++l) at = text.indexOf('\n', at) + 1;
at += column - 1;
const re = /import\s+(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*('[^']+'|"[^"]+")\s*;?/y;
re.lastIndex = at;
const m = re.exec(text);
if (!m) throw new Error(`codemod: no default or named import at ${path}:${line}:${column}`);
const spec = m[3], lazies = [], types = [];
if (m[1]) lazies.push(`const ${m[1]} = __kilnLazy(() => import(${spec}));`);
for (const part of (m[2] || '').split(',').map((s) => s.trim()).filter(Boolean)) {
  if (part.startsWith('type ')) { types.push(part.slice(5)); continue; }
  const [imported, local = imported] = part.split(/\s+as\s+/);
  lazies.push(imported === 'default' ? `const ${local} = __kilnLazy(() => import(${spec}));`
    : `const ${local} = __kilnLazy(() => import(${spec}).then((m) => ({ default: m.${imported} })));`);
}
if (types.length) lazies.unshift(`import type { ${types.join(', ')} } from ${spec};`);
text = text.slice(0, at) + lazies.join('\n') + text.slice(at + m[0].length);
fs.writeFileSync(path, "import { lazy as __kilnLazy } from 'react';\n" + text);
JS
  build "$work/cut"
  read -r raw1 gzip1 br1 < <(initial "$work/cut/dist")
  mraw=$((raw0 - raw1)) mgz=$((gzip0 - gzip1)) mbr=$((br0 - br1))
  diff=$(node -e "console.log(((${mraw}-${praw})/${praw}*100).toFixed(1)+'%')")
  printf '%-26s %-9s %22s %22s %7s\n' "$file:$line" "$kind" "$praw/$pgz/$pbr" "$mraw/$mgz/$mbr" "$diff"
  node -e "process.exit(Math.abs(${mraw}-${praw}) <= 0.05*${praw} ? 0 : 1)" || fail=1
done <"$work/cuts.txt"
[[ -s "$work/cuts.txt" ]] || { echo "no component cut to apply"; fail=1; }
exit $fail
