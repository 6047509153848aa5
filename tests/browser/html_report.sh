#!/usr/bin/env bash
# `kiln analyze --format html` draws in a real browser: the report of fixtures/analyze/vite-esm
# is loaded from disk in headless Chromium and the DOM after its script ran must have the
# entry table (2 rows, the larger first), the treemap of index.html's entry (15 boxes: the
# assets/ folder and the 11 files with brotli bytes that index.html loads, 4 of them hatched:
# 3 lazy and the woff2 on use; the woff is an alternative, not drawn;
# where index-4f2a9c1b.js, which has a source map, is a box of its app folder src/ holding
# src/main.js, and its [unmapped] bytes),
# every file in the files table (17), the unreferenced file and the missing-reference warning.
#   tests/browser/html_report.sh KILN
# Chromium missing is a failure, not a skip (scripts/setup installs it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kiln=$(realpath "${1:?usage: html_report.sh KILN}")
chromium=${CHROMIUM:-/usr/bin/chromium}
fail() { echo "html_report: $*" >&2; exit 1; }
[[ -x $chromium ]] || fail "$chromium not found (install Debian's chromium package: scripts/setup)"

work=$(mktemp -d /tmp/kiln-html-report.XXXXXX)
trap 'rm -rf "$work"' EXIT
(cd "$root/fixtures/analyze/vite-esm" && "$kiln" analyze dist --no-cache --format html -o "$work/report.html" 2>/dev/null)
timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
  --disable-background-networking --disable-component-update --disable-sync --no-default-browser-check \
  --user-data-dir="$work/profile" --window-size=1200,900 --virtual-time-budget=5000 \
  --dump-dom "file://$work/report.html" >"$work/dom.html" 2>"$work/chromium.err" ||
  fail "chromium failed: $(tail -5 "$work/chromium.err")"

count() { grep -o "$1" "$work/dom.html" | wc -l; }
expect() {  # expect WHAT GOT WANT
  [[ $2 == "$3" ]] || fail "$1: got $2, want $3"
}
expect "treemap boxes" "$(grep -o 'data-boxes="[0-9]*"' "$work/dom.html" | tr -dc 0-9)" 15
expect "lazy boxes" "$(count 'class="leaf [a-z-]* lazy"')" 4
grep -q 'class="leaf t-script" title="src/main.js&#10;src in assets/index-4f2a9c1b.js: ' "$work/dom.html" ||
  grep -q 'class="leaf t-script" title="src/main.js
src in assets/index-4f2a9c1b.js: ' "$work/dom.html" || fail "index-4f2a9c1b.js is not drilled down to src/main.js"
expect "entry rows" "$(count '<tr class="pick')" 2
grep -q '<tr class="pick picked" title="Show this entry in the treemap"><td>index.html</td>' "$work/dom.html" ||
  fail "index.html is not the first, selected entry"
expect "file rows" "$(sed -n '/<table id="files">/,/<\/table>/p' "$work/dom.html" | grep -o '<tr><td>' | wc -l)" 17
grep -q '<li>assets/orphan-deadbeef.js (25 B raw)</li>' "$work/dom.html" || fail "the unreferenced file is not listed"
grep -q "<li class=\"warning\">warning: about/index.html:5:18: './missing.js' does not exist" "$work/dom.html" ||
  fail "the missing-reference warning is not listed"

# A folder with no entry at all: the JSON's "unreferenced" is null; the page still lists the
# warnings and says why there is no unreferenced list.
mkdir -p "$work/lib"
echo "import './gone.js';" >"$work/lib/a.js"
(cd "$work" && "$kiln" analyze lib --no-cache --format html -o "$work/lib.html" 2>/dev/null)
timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --no-first-run --disable-extensions \
  --disable-background-networking --disable-component-update --disable-sync --no-default-browser-check \
  --user-data-dir="$work/profile" --window-size=1200,900 --virtual-time-budget=5000 \
  --dump-dom "file://$work/lib.html" >"$work/lib-dom.html" 2>"$work/chromium.err" ||
  fail "chromium failed: $(tail -5 "$work/chromium.err")"
grep -q 'Not known without an entry.' "$work/lib-dom.html" || fail "no-entry page: the unreferenced section is missing"
grep -q "<li class=\"warning\">warning: a.js:1:9: './gone.js' does not exist" "$work/lib-dom.html" ||
  fail "no-entry page: the warning is not listed"
echo "html_report: ok (15 treemap boxes, 2 entries, 17 files; a folder without entries)"
