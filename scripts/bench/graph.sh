#!/usr/bin/env bash
# kiln graph against knip 6.48.0 and madge 8.0.0, side by side in one run, on real code:
#   bulletproof  alan2207/bulletproof-react apps/react-vite: a Vite + React + TS app
#                (tsconfig paths @/*, storybook, vitest, playwright, msw), npm install
#                (its yarn.lock is removed first: it names a mirror registry)
#   rxjs         ReactiveX/rxjs: a pnpm workspace monorepo (rxjs, @rxjs/test,
#                @rxjs/observable-polyfill, @rxjs/migrate) whose packages' exports name
#                dist/esm/*.d.ts that a checkout lacks; apps/rxjs.dev (Angular docs app)
#                is left out of the copy and of pnpm-workspace.yaml
# Snapshots at pinned commits are exported from a git dir (MIRROR/owner+name/repo, else a
# bare clone) into GRAPH_CORPUS (default corpus/graph, git-ignored), dependencies from the
# npm registry (--ignore-scripts). Then per project:
#   1. time (RUNS runs, medians, peak RSS): knip --reporter json; madge --circular --json;
#      kiln graph --format knip cold (--no-cache) and warm (cache filled by the first run)
#   2. findings diff (scripts/bench/graph-compare.mjs): files, exports, types,
#      dependencies, unlisted, unresolved, duplicates against knip; cycles against madge.
# Full lists go to GRAPH_CORPUS/NAME.compare.json.
#   scripts/bench/graph.sh                  RUNS=3;  RUNS=1 for one;  ONLY=rxjs for one project
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
RUNS=${RUNS:-3}
MIRROR=${MIRROR:-/work/.mirror}
corpus=${GRAPH_CORPUS:-$root/corpus/graph}
mkdir -p "$corpus"
[[ -x /usr/bin/time ]] || apt-get install -y -qq time >/dev/null
bin=$root/scripts/bench/node_modules/.bin
[[ -x $bin/knip && -x $bin/madge ]] || (cd scripts/bench && npm install --no-audit --no-fund --silent)
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build --target kiln; }
kiln=$root/build/kiln

# name  repo  commit  subfolder-to-analyze  madge-folders  madge-extensions
projects=(
  "bulletproof alan2207/bulletproof-react 9506629ed003a561c6627735480cce4994244bb4 apps/react-vite src ts,tsx,js,jsx"
  "rxjs ReactiveX/rxjs 54796b38a57e6309f9861e174737479bb3f63f61 . packages ts,tsx,js,mjs,cjs"
)

snapshot() {  # name repo commit -> $corpus/name (files the snapshot lacks are skipped)
  local name=$1 repo=$2 commit=$3 dest=$corpus/$1 gitdir=$MIRROR/${2/\//+}/repo
  [[ -d $dest ]] && return
  if [[ ! -d $gitdir ]]; then
    gitdir=$corpus/.git-$name
    [[ -d $gitdir ]] || git clone --bare --filter=blob:none "https://github.com/$repo" "$gitdir"
  fi
  mkdir -p "$dest.tmp"
  # An object the snapshot lacks (rxjs: a generated 2 MB JSON) is left out, not fatal.
  local missing
  missing=$(git --git-dir="$gitdir" ls-tree -r "$commit" | awk '$2=="blob"{print $3}' |
            git --git-dir="$gitdir" cat-file --batch-check='%(objectname) %(objecttype)' 2>/dev/null |
            awk '$2=="missing"{print $1}' || true)
  local excludes=()
  for obj in $missing; do
    excludes+=(":!$(git --git-dir="$gitdir" ls-tree -r "$commit" | awk -v o="$obj" '$3==o{print $4}')")
  done
  git --git-dir="$gitdir" archive "$commit" -- . "${excludes[@]}" | tar -x -C "$dest.tmp"
  mv "$dest.tmp" "$dest"
}

install_deps() {  # name -> node_modules from the npm registry, no install scripts
  local dir=$corpus/$1
  case $1 in
    bulletproof)
      [[ -d $dir/apps/react-vite/node_modules ]] ||
        (cd "$dir/apps/react-vite" && rm -f yarn.lock && npm install --ignore-scripts --no-audit --no-fund --legacy-peer-deps --silent) ;;
    rxjs)
      if [[ -d $dir/apps ]]; then rm -rf "$dir/apps"; sed -i '/apps\/rxjs.dev/d' "$dir/pnpm-workspace.yaml"; fi
      [[ -d $dir/node_modules ]] ||
        (cd "$dir" && npx --yes pnpm@10.34.5 install --ignore-scripts --no-frozen-lockfile --silent) ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# timed NAME CMD...: RUNS runs; prints "median_s peak_rss_MB"; the last run's stdout in $out/NAME.out
timed() {
  local label=$1; shift
  local ts=() rss=()
  for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%e %M' -o "$out/time" "$@" >"$out/$label.out" 2>"$out/$label.err" || true
    read -r t m < <(tail -1 "$out/time")
    ts+=("$t"); rss+=("$m")
  done
  echo "$(printf '%s\n' "${ts[@]}" | median) $(( $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024 ))"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared with other jobs); RUNS=$RUNS; node $(node --version)"
for p in "${projects[@]}"; do
  read -r name repo commit sub madge_dirs exts <<<"$p"
  [[ -n ${ONLY:-} && $ONLY != "$name" ]] && continue
  snapshot "$name" "$repo" "$commit"
  install_deps "$name"
  dir=$corpus/$name/$sub
  out=$corpus/$name.out
  mkdir -p "$out"
  files=$(cd "$dir" && find . -path ./node_modules -prune -o -type f \( -name '*.ts' -o -name '*.tsx' -o -name '*.js' -o -name '*.jsx' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.mts' \) -print | grep -vc /node_modules/ || true)
  echo
  echo "== $name ($repo@${commit:0:10} $sub, $files JS/TS files outside node_modules)"
  cd "$dir"
  # knip exits 1 when it has findings; its JSON goes to stdout.
  read -r knip_t knip_m < <(timed knip "$bin/knip" --reporter json --no-progress)
  cp "$out/knip.out" "$out/knip.json"
  tsc_flag=(); [[ -f tsconfig.json ]] && tsc_flag=(--ts-config tsconfig.json)
  # shellcheck disable=SC2086
  read -r madge_t madge_m < <(timed madge "$bin/madge" --circular --json --no-spinner --extensions "$exts" "${tsc_flag[@]}" $madge_dirs)
  cp "$out/madge.out" "$out/madge.json"
  rm -rf "$out/cache"
  read -r cold_t cold_m < <(timed kiln-cold "$kiln" graph . --format knip --no-cache)
  cp "$out/kiln-cold.out" "$out/kiln.knip.json"
  "$kiln" graph . --format knip --cache-dir "$out/cache" -o /dev/null || true
  read -r warm_t warm_m < <(timed kiln-warm "$kiln" graph . --format knip --cache-dir "$out/cache")
  "$kiln" graph . --format json --cache-dir "$out/cache" -o "$out/kiln.json" || true
  cd "$root"
  printf '  %-28s %8s s  %6s MB\n' "knip 6.48.0 --reporter json" "$knip_t" "$knip_m" \
    "madge 8.0.0 --circular" "$madge_t" "$madge_m" "kiln graph cold (--no-cache)" "$cold_t" "$cold_m" \
    "kiln graph warm (cache)" "$warm_t" "$warm_m"
  awk -v k="$knip_t" -v m="$madge_t" -v c="$cold_t" -v w="$warm_t" 'BEGIN {
    printf "  ratio: knip/kiln cold %.1fx, knip/kiln warm %.1fx, madge/kiln cold %.1fx, madge/kiln warm %.1fx\n", k/c, k/w, m/c, m/w }'
  grep -h -m3 -i 'error' "$out/knip.err" "$out/madge.err" 2>/dev/null | sed 's/^/  tool stderr: /' || true
  echo "  findings (kiln --format knip vs knip --reporter json; cycles vs madge):"
  node scripts/bench/graph-compare.mjs "$out/kiln.knip.json" "$out/kiln.json" "$out/knip.json" "$out/madge.json" \
    "${madge_dirs%% *}" "$corpus/$name.compare.json"
done
