#!/usr/bin/env bash
# A hashed site still works in a real browser (issue 6, "Checks that matter").
#
#   tests/browser/hashed_site.sh KILN [SITE_DIR]     (SITE_DIR defaults to fixtures/site)
#
# Copies the site to a temp dir and injects tests/browser/harness.js into each page of the
# copy, serves it from a loopback static server on a free port, and loads every HTML page in
# headless Chromium (the harness clicks every button, so the dynamic import() runs too).
# Then runs `kiln hash --sri` on the copy and loads every page again. Fails when:
#   - any request after hashing got a status other than 200 (the server logs each one);
#   - the page saw a failed load: a resource error event (404, integrity mismatch), a script
#     error or an unhandled rejection (a failed dynamic import) - reported by the harness;
#   - the requests after hashing are not exactly the requests before, with each renamed
#     file's old name mapped to its new name through kiln's manifest.json;
#   - no hashed name was requested, or a file the site must load (REQUIRED) was not;
#   - document.body.innerText differs, or the dumped DOM differs once hashed names are mapped
#     back and kiln's integrity attributes removed.
# Chromium missing is a failure, not a skip (scripts/setup installs it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kiln=${1:?usage: hashed_site.sh KILN [SITE_DIR]}
site=${2:-$root/fixtures/site}
# Files of the default fixture that must be fetched for the test to mean anything: the
# module entry, its static and lazy imports, the stylesheet and what its url()s point to.
if [[ $# -lt 2 ]]; then
  required=(assets/main.js assets/vendor.js assets/chart.js assets/style.css assets/fixture-sans.woff2 assets/paper.png)
else
  required=()
fi
chromium=${CHROMIUM:-/usr/bin/chromium}

fail() { echo "hashed_site: FAIL: $*" >&2; exit 1; }
[[ -x $kiln ]] || fail "kiln binary not found: $kiln"
[[ -x $chromium ]] || fail "$chromium not found (install Debian's chromium package: scripts/setup)"
command -v python3 >/dev/null || fail "python3 not found"

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-browser.XXXXXX")
server_pid=""
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() { stop_server; if [[ -n ${KEEP_WORK:-} ]]; then echo "hashed_site: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# serve DIR LOG: starts the static server on 127.0.0.1 and a kernel-chosen free port (no
# fixed port, so parallel runs never collide); sets $port.
serve() {
  rm -f "$work/port"
  python3 "$here/static_server.py" "$1" "$work/port" "$2" 2>>"$work/server.err" &
  server_pid=$!
  for _ in $(seq 100); do
    [[ -s $work/port ]] && break
    kill -0 "$server_pid" 2>/dev/null || fail "static server exited: $(cat "$work/server.err")"
    sleep 0.05
  done
  [[ -s $work/port ]] || fail "static server did not start"
  port=$(cat "$work/port")
}

# load URL OUT: the DOM after the page (and the harness) ran, via --dump-dom. The virtual
# time budget lets timers and the lazy import finish before the dump; timeout bounds it.
load() {
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  if ! timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --disable-extensions --disable-default-apps --no-default-browser-check \
      --user-data-dir="$profile" --virtual-time-budget=15000 --dump-dom "$1" \
      >"$2" 2>"$2.stderr"; then
    fail "chromium failed on $1: $(tail -5 "$2.stderr")"
  fi
  grep -q '<pre id="kiln-harness">{' "$2" || fail "$1: the page's harness report is missing from the DOM (did the page load?)"
}

# Every page of the copy, relative to it, sorted.
pages() { (cd "$1" && find . -name '*.html' -type f | sed 's|^\./||' | LC_ALL=C sort); }

# run_phase NAME DIR: serves DIR and loads each page into $work/NAME/<page>.dom.
run_phase() {
  local name=$1 dir=$2 page
  mkdir -p "$work/$name"
  serve "$dir" "$work/$name/requests.log"
  while read -r page; do
    mkdir -p "$(dirname "$work/$name/$page")"
    load "http://127.0.0.1:$port/$page" "$work/$name/$page.dom"
  done < <(pages "$dir")
  stop_server
}

# The site copy with the harness injected at the top of each page's <head>.
cp -r "$site" "$work/site"
python3 - "$work/site" "$here/harness.js" <<'EOF'
import pathlib, sys
site, harness = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
tag = "<script>\n" + harness + "</script>\n"
for page in site.rglob("*.html"):
    html = page.read_text()
    at = html.lower().find("<head>")
    at = at + len("<head>") if at >= 0 else 0
    page.write_text(html[:at] + "\n" + tag + html[at:])
EOF
[[ -n $(pages "$work/site") ]] || fail "no HTML page in $site"

run_phase before "$work/site"
"$kiln" hash --sri "$work/site" >"$work/hash.out" 2>"$work/hash.err" ||
  fail "kiln hash --sri failed: $(cat "$work/hash.out" "$work/hash.err")"
run_phase after "$work/site"

# All the assertions, over the server logs, the harness reports and the dumps.
python3 - "$work" "$work/site/manifest.json" "${required[@]}" <<'EOF'
import html, json, pathlib, re, sys

work = pathlib.Path(sys.argv[1])
manifest = json.loads(pathlib.Path(sys.argv[2]).read_text())
required = sys.argv[3:]
errors = []

# manifest.json: "assets/main.js" -> "/assets/main-3f5706b1.js" (base "/").
renamed = {"/" + old: new for old, new in manifest.items() if "/" + old != new}
back = {new: old for old, new in renamed.items()}

def requests(phase):
    out = []
    for line in (work / phase / "requests.log").read_text().splitlines():
        status, path = line.split(" ", 1)
        out.append((status, path.split("?", 1)[0]))
    return out

def to_old(text):
    # Map hashed URLs back to the old ones (longest first) and drop kiln's SRI attributes.
    for new in sorted(back, key=len, reverse=True):
        text = text.replace(new, back[new])
        rel = new.rsplit("/", 1)[1]
        text = text.replace(rel, back[new].rsplit("/", 1)[1])
    text = re.sub(r'\s+integrity="sha(256|384|512)-[A-Za-z0-9+/=]+"', "", text)
    return re.sub(r'\s+crossorigin(="[^"]*")?', "", text)

def report(dom):
    m = re.search(r'<pre id="kiln-harness">(\{.*?)</pre>', dom, re.S)
    return json.loads(html.unescape(m.group(1)))

before, after = requests("before"), requests("after")
for phase, reqs in (("before", before), ("after", after)):
    for status, path in reqs:
        if status != "200":
            errors.append(f"{phase} hashing: GET {path} -> {status}")

before_paths = sorted({p for _, p in before})
after_paths = sorted({p for _, p in after})
mapped = sorted({renamed.get(p, p) for p in before_paths})
if after_paths != mapped:
    errors.append("requests after hashing are not the requests before with renamed files mapped:\n"
                  f"    expected {mapped}\n    got      {after_paths}")
hashed_requested = [p for p in after_paths if p in back]
if not hashed_requested:
    errors.append("no hashed name was requested after hashing (did kiln rename anything?)")
for r in required:
    if "/" + r not in before_paths:
        errors.append(f"before hashing: /{r} was never requested (the test would prove nothing)")
    new = renamed.get("/" + r)
    if new is None:
        errors.append(f"kiln hash did not rename {r}")
    elif new not in after_paths:
        errors.append(f"after hashing: {new} (was {r}) was never requested")

pages = sorted(p.relative_to(work / "before") for p in (work / "before").rglob("*.dom"))
for page in pages:
    b_dom, a_dom = (work / "before" / page).read_text(), (work / "after" / page).read_text()
    b, a = report(b_dom), report(a_dom)
    name = str(page)[: -len(".dom")]
    for phase, r in (("before", b), ("after", a)):
        for f in r["failures"]:
            errors.append(f"{name} {phase} hashing: {f}")
    if a["text"] != b["text"]:
        errors.append(f"{name}: document.body.innerText differs after hashing:\n"
                      f"    before {b['text']!r}\n    after  {a['text']!r}")
    if a["fonts"] != b["fonts"]:
        errors.append(f"{name}: fonts differ: before {b['fonts']} after {a['fonts']}")
    a_res = sorted({to_old(u) for u in a["resources"]})
    if a_res != sorted(set(b["resources"])):
        errors.append(f"{name}: resources the page fetched differ:\n    before {sorted(set(b['resources']))}\n"
                      f"    after  {a['resources']} (mapped back: {a_res})")
    # The harness's own report is compared above, field by field; the rest of the DOM here.
    strip = lambda dom: re.sub(r'<pre id="kiln-harness">\{.*?</pre>', "", dom, flags=re.S)
    b_dom, a_dom = strip(b_dom), strip(a_dom)
    if to_old(a_dom) != b_dom:
        import difflib
        diff = "".join(difflib.unified_diff(b_dom.splitlines(True), to_old(a_dom).splitlines(True),
                                            "before", "after (hashed names mapped back)", n=1))
        errors.append(f"{name}: the DOM differs after hashing:\n{diff}")

if errors:
    print("hashed_site: FAIL", file=sys.stderr)
    for e in errors:
        print("  " + e, file=sys.stderr)
    sys.exit(1)
print(f"hashed_site: ok: {len(pages)} page(s); {len(before)} requests before hashing, {len(after)} after, "
      f"all 200; {len(hashed_requested)} hashed names requested: {' '.join(hashed_requested)}")
EOF
