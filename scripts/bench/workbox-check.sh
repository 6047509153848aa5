#!/usr/bin/env bash
# kiln precache against workbox-build's getManifest, on real dists (issue 6, "Checks that
# matter"): swagger-ui-dist, pdfjs-dist's web/ and build/ folders, each copied to a temp dir.
#
#   scripts/bench/workbox-check.sh          exit 1 on any difference
#   KILN=path/to/kiln scripts/bench/workbox-check.sh
#
# For every folder, in four configurations (as published / after `kiln hash`, times the
# default globPatterns '**/*.{js,wasm,css,html}' / a wide pattern that also takes .mjs,
# source maps, JSON and images, so pdfjs's build/ and the 2 MiB limit are exercised), both
# tools get the same settings: globDirectory = the folder, default globIgnores and
# maximumFileSizeToCacheInBytes, and dontCacheBustURLsMatching = $HASHED (kiln:
# --hashed-pattern $HASHED), a regex for the names `kiln hash` writes. Compared exactly:
#   - the URL set, and each URL's revision (MD5 hex, or null for hashed names);
#   - the files over the size limit (workbox warns "X is N MB, and won't be precached",
#     kiln prints "kiln: warning: X: not precached: …");
#   - order is reported but not compared: workbox-build 7 lists files in glob 11's walk
#     order per pattern (unsorted; it depends on the file system), kiln sorts by path.
# Workbox's semantics, from workbox-build/build/lib/get-file-details.js and
# transform-manifest.js: globSync(pattern, {cwd, follow: true, ignore: globIgnores}) per
# pattern (glob 11 defaults: dot: false, so no dot files or dot folders; no matchBase, so a
# pattern without '/' matches top-level files only; directories dropped by a stat), the
# first pattern to list a file wins; then maximumFileSizeToCacheInBytes (size > limit is
# dropped with a warning), modifyURLPrefix, and dontCacheBustURLsMatching tested against
# the URL (the path relative to globDirectory after modifyURLPrefix) with String.match.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
HASHED=${HASHED:-'[.-][0-9a-f]{8}\.'}
WIDE='**/*.{js,mjs,wasm,css,html,json,map,svg,png,gif}'

# --- workbox-build, pinned in scripts/bench/package.json, into scripts/bench/node_modules ---
pinned=$(node -p 'require("./scripts/bench/package.json").dependencies["workbox-build"]')
installed=$(node -p 'try { require("./scripts/bench/node_modules/workbox-build/package.json").version } catch { "" }')
if [[ $installed != "$pinned" ]]; then
  (cd scripts/bench && npm install --no-audit --no-fund --silent >/dev/null)
fi
scripts/fetch-corpus swagger-ui-dist pdfjs-dist
if [[ -z ${KILN:-} ]]; then
  [[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build >/dev/null; }
  KILN=$root/build/kiln
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-workbox-check.XXXXXX")
trap 'rm -rf "$work"' EXIT

# getManifest with one globPattern (or the default) for DIR; prints its JSON result.
cat >"$work/get-manifest.cjs" <<'EOF'
const { getManifest } = require(process.env.WORKBOX_BUILD);
const [dir, hashed, glob] = process.argv.slice(2);
const options = { globDirectory: dir, dontCacheBustURLsMatching: new RegExp(hashed) };
if (glob) options.globPatterns = [glob];
getManifest(options).then((r) => process.stdout.write(JSON.stringify(r)),
                          (e) => { console.error(e); process.exit(2); });
EOF
export WORKBOX_BUILD=$root/scripts/bench/node_modules/workbox-build

# compare NAME WORKBOX_JSON KILN_JSON KILN_STDERR: prints one line, appends to the totals.
cat >"$work/compare.py" <<'EOF'
import json, re, sys
name, wb_file, kiln_file, kiln_err, totals = sys.argv[1:6]
wb = json.load(open(wb_file))
kiln = json.load(open(kiln_file))
wb_map = {e["url"]: e["revision"] for e in wb["manifestEntries"]}
kiln_map = {e["url"]: e["revision"] for e in kiln}
wb_big = sorted(m.group(1) for w in wb["warnings"] if (m := re.match(r"(.*) is [\d.]+ \w+, and won't be precached", w)))
kiln_big = sorted(m.group(1) for line in open(kiln_err)
                  if (m := re.match(r"kiln: warning: (.*): not precached: ", line)))
equal = [u for u in wb_map if u in kiln_map and wb_map[u] == kiln_map[u]]
differ = [u for u in wb_map if u in kiln_map and wb_map[u] != kiln_map[u]]
only_wb = sorted(set(wb_map) - set(kiln_map))
only_kiln = sorted(set(kiln_map) - set(wb_map))
hashed = sum(1 for u in equal if wb_map[u] is None)
order = "same order" if list(wb_map) == list(kiln_map) else "order differs"
bad = len(differ) + len(only_wb) + len(only_kiln) + (wb_big != kiln_big)
print(f"{'FAIL' if bad else 'ok  '} {name:<34} entries workbox {len(wb_map):>3} kiln {len(kiln_map):>3}  "
      f"equal {len(equal):>3} ({hashed} null)  differing {len(differ) + len(only_wb) + len(only_kiln)}  "
      f"over limit workbox {len(wb_big)} kiln {len(kiln_big)}  ({order})")
for u in differ:
    print(f"       {u}: revision workbox {json.dumps(wb_map[u])} kiln {json.dumps(kiln_map[u])}")
for u in only_wb:
    print(f"       {u}: only in workbox's list (revision {json.dumps(wb_map[u])})")
for u in only_kiln:
    print(f"       {u}: only in kiln's list (revision {json.dumps(kiln_map[u])})")
if wb_big != kiln_big:
    print(f"       over the size limit: workbox {wb_big}, kiln {kiln_big}")
with open(totals, "a") as t:
    t.write(f"{len(wb_map)} {len(kiln_map)} {len(equal)} {len(differ) + len(only_wb) + len(only_kiln)} {bad}\n")
EOF

# Fresh copies, as published and hashed by kiln (pdfjs's build/ has no page, so its modules
# are named as entries: nothing there is referenced by a hashed name).
mkdir -p "$work/published" "$work/hashed"
for copy in published hashed; do
  cp -r corpus/swagger-ui-dist "$work/$copy/swagger-ui-dist"
  cp -r corpus/pdfjs-dist/web "$work/$copy/pdfjs-web"
  cp -r corpus/pdfjs-dist/build "$work/$copy/pdfjs-build"
done
"$KILN" hash --quiet "$work/hashed/swagger-ui-dist" 2>/dev/null
"$KILN" hash --quiet "$work/hashed/pdfjs-web" 2>/dev/null
"$KILN" hash --quiet "$work/hashed/pdfjs-build" $(cd "$work/hashed/pdfjs-build" && printf -- '--entry %s ' *.mjs) 2>/dev/null

: >"$work/totals"
echo "kiln precache vs workbox-build $pinned getManifest (dontCacheBustURLsMatching /$HASHED/)"
for copy in published hashed; do
  for dir in swagger-ui-dist pdfjs-web pdfjs-build; do
    for globs in default wide; do
      d=$work/$copy/$dir
      glob=""; kiln_glob=()
      if [[ $globs == wide ]]; then glob=$WIDE; kiln_glob=(--glob "$WIDE"); fi
      node "$work/get-manifest.cjs" "$d" "$HASHED" "$glob" >"$work/wb.json"
      "$KILN" precache "$d" --hashed-pattern "$HASHED" "${kiln_glob[@]}" >"$work/kiln.json" 2>"$work/kiln.err"
      python3 "$work/compare.py" "$copy/$dir ($globs globs)" "$work/wb.json" "$work/kiln.json" "$work/kiln.err" "$work/totals"
    done
  done
done
# Not compared (workbox has no default dontCacheBustURLsMatching): kiln's own default, its
# built-in hashed-name rule, against the regex, so its guesses are visible.
echo "note: kiln precache without --hashed-pattern (its built-in rule) vs /$HASHED/, published copies, wide globs:"
for dir in swagger-ui-dist pdfjs-web pdfjs-build; do
  d=$work/published/$dir
  node "$work/get-manifest.cjs" "$d" "$HASHED" "$WIDE" >"$work/wb.json"
  "$KILN" precache "$d" --glob "$WIDE" >"$work/kiln.json" 2>"$work/kiln.err"
  python3 "$work/compare.py" "built-in rule: $dir" "$work/wb.json" "$work/kiln.json" "$work/kiln.err" /dev/null | sed 's/^FAIL/note/'
done
read -r wb kiln equal differing bad < <(awk '{for (i = 1; i <= 5; i++) s[i] += $i} END {print s[1], s[2], s[3], s[4], s[5]}' "$work/totals")
echo "total: entries workbox $wb kiln $kiln, equal $equal, differing $differing"
((bad == 0)) || { echo "workbox-check: FAIL: kiln's precache list differs from workbox-build's" >&2; exit 1; }
echo "workbox-check: ok"
