#!/usr/bin/env bash
# Lighthouse before and after kiln (issue 15, "Proof with Lighthouse").
#
#   scripts/bench/lighthouse.sh   (RUNS=3, SITES="swagger pdfjs gallery", SERVERS="nginx caddy";
#                                  LIGHTHOUSE=path/to/lighthouse to use another install)
#
# Three real sites, each served on 127.0.0.1 (a free port, server in the foreground):
#   swagger   swagger-ui-dist's index.html (npm, pinned by scripts/fetch-corpus)
#   pdfjs     a viewer page for pdfjs-dist's build/pdf.mjs and web/pdf_viewer.mjs, showing a
#             small PDF this script writes, under a title bar (the page's first paint: without
#             it the page paints nothing before the PDF and Lighthouse stops with NO_FCP)
#   gallery   Debian's mate-backgrounds photos (30 JPEG/PNG, 45 MB) on one page of plain <img>s
# Three states per site, each under nginx and under Caddy:
#   before    the folder as published; nginx with Debian's mime.types, Caddy's plain file_server
#   kiln      `kiln build` (WebP 640/1280/1920 + <picture>, hashing, .br/.gz) served with the
#             config `kiln deploy-config` wrote for that server; html step off (the default)
#   kiln+html the same with the html step on (width/height, lazy/fetchpriority, modulepreload)
# Lighthouse 12.2.3 (npm) on Debian's chromium, performance and best-practices categories,
# default (mobile, simulated throttling) settings, RUNS runs each. Prints the medians of the
# performance score, LCP and total byte weight, then per site and state (first server, last
# run) the listed audits (pass = score >= 0.9, n/a = not applicable), console errors, and
# whether the page's text (chromium --dump-dom) is the same as before.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
lighthouse=${LIGHTHOUSE:-$root/scripts/bench/node_modules/.bin/lighthouse}
if [[ ! -x $lighthouse ]]; then
  (cd scripts/bench && npm install --no-audit --no-fund --silent >/dev/null)
fi
chromium=${CHROMIUM:-/usr/bin/chromium}
for tool in nginx python3 curl "$chromium"; do command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup)" >&2; exit 1; }; done
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build; }
scripts/fetch-corpus swagger-ui-dist pdfjs-dist
photos=$root/corpus/images
if [[ ! -d $photos/x/usr/share/backgrounds/mate ]]; then
  mkdir -p "$photos"
  (cd "$photos" && apt-get download mate-backgrounds >/dev/null && dpkg -x mate-backgrounds_*.deb x)
fi

work=$(mktemp -d /tmp/kiln-lighthouse.XXXXXX)
chmod 755 "$work"
server_pid=""
stop_server() { if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; server_pid=""; fi; }
trap 'stop_server; [[ -n ${KEEP_WORK:-} ]] && echo "kept $work" >&2 || rm -rf "$work"' EXIT
KILN=$work/kiln-bin
cp build/kiln "$KILN"

# --- the sites, as published ---
mkdir -p "$work/before"
cp -r corpus/swagger-ui-dist "$work/before/swagger"
mkdir -p "$work/before/pdfjs"
cp -r corpus/pdfjs-dist/build corpus/pdfjs-dist/web "$work/before/pdfjs/"
cat >"$work/before/pdfjs/index.html" <<'HTML'
<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>PDF viewer</title>
  <link rel="stylesheet" href="web/pdf_viewer.css">
  <script type="module" src="viewer.mjs"></script>
</head>
<body>
  <header style="height:32px;padding:6px 12px;font:16px sans-serif;background:#38383d;color:#fff">sample.pdf</header>
  <div id="viewerContainer" style="position:absolute;top:44px;left:0;right:0;bottom:0;overflow:auto"><div id="viewer" class="pdfViewer"></div></div>
</body>
</html>
HTML
cat >"$work/before/pdfjs/viewer.mjs" <<'JS'
// A minimal viewer: pdf.js's display layer and its PDFViewer component, one document.
import * as pdfjsLib from './build/pdf.mjs';

globalThis.pdfjsLib = pdfjsLib;  // web/pdf_viewer.mjs reads the library from here
pdfjsLib.GlobalWorkerOptions.workerSrc = new URL('./build/pdf.worker.mjs', import.meta.url).href;
const { EventBus, PDFViewer, PDFLinkService } = await import('./web/pdf_viewer.mjs');
const container = document.getElementById('viewerContainer');
const eventBus = new EventBus();
const linkService = new PDFLinkService({ eventBus });
const viewer = new PDFViewer({ container, eventBus, linkService });
linkService.setViewer(viewer);
const doc = await pdfjsLib.getDocument(new URL('./sample.pdf', import.meta.url).href).promise;
viewer.setDocument(doc);
linkService.setDocument(doc, null);
JS
python3 - "$work/before/pdfjs/sample.pdf" <<'PY'
import sys
text = "BT /F1 24 Tf 72 720 Td (Served by nginx, built by kiln) Tj ET"
objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        "<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out, offsets = b"%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offsets.append(len(out)); out += ("%d 0 obj\n%s\nendobj\n" % (i, o)).encode()
xref = len(out)
out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
for off in offsets: out += ("%010d 00000 n \n" % off).encode()
out += ("trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)).encode()
open(sys.argv[1], "wb").write(out)
PY
mkdir -p "$work/before/gallery"
cp -r "$photos/x/usr/share/backgrounds/mate" "$work/before/gallery/images"
(
  cd "$work/before/gallery"
  echo '<!DOCTYPE html>'
  echo '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
  echo '<title>Gallery</title><style>img{max-width:100%;height:auto;display:block}</style></head>'
  echo '<body><h1>Gallery</h1>'
  find images -type f | LC_ALL=C sort | while read -r f; do
    name=${f##*/}
    echo "<figure><img src=\"$f\" alt=\"${name%.*}\"><figcaption>${name%.*}</figcaption></figure>"
  done
  echo '</body></html>'
) >"$work/gallery.html"
mv "$work/gallery.html" "$work/before/gallery/index.html"
chmod -R a+rX "$work/before"


read -r -a sites <<<"${SITES:-swagger pdfjs gallery}"
read -r -a servers <<<"${SERVERS:-nginx caddy}"
runs=${RUNS:-3}
states=(before kiln kiln+html)

# --- kiln and kiln+html: kiln build, with the configs for both servers ---
for state in kiln kiln+html; do
  html=false; [[ $state == kiln+html ]] && html=true
  cp -r "$work/before" "$work/$state"
  for site in "${sites[@]}"; do
    cat >"$work/$state/$site.kiln.json" <<JSON
{
  "dir": "$site",
  "images": { "enabled": true, "widths": [640, 1280, 1920], "rewriteHtml": true },
  "html": { "enabled": $html },
  "deploy": { "for": ["nginx", "caddy"], "out": "$site.deploy", "listen": "127.0.0.1:PORT" }
}
JSON
    echo "kiln build $site ($state)" >&2
    "$KILN" build -c "$work/$state/$site.kiln.json" --cache-dir "$work/cache" -q >"$work/$site.$state.build.log" 2>&1 || {
      cat "$work/$site.$state.build.log" >&2; exit 1; }
    grep -E "warning" "$work/$site.$state.build.log" | sed "s|^|  $site: |" | head -8 >&2 || true
  done
  chmod -R a+rX "$work/$state"
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
wait_up() {
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.1; done
  echo "$1 did not start: $(cat "$2")" >&2
  exit 1
}
# serve SERVER STATE SITE: the server in the foreground on a free port; sets $port.
serve() {
  port=$(free_port)
  local conf=$work/$1-$2-$3 site_conf
  mkdir -p "$conf"
  if [[ $1 == nginx ]]; then
    if [[ $2 == before ]]; then
      site_conf="server { listen 127.0.0.1:$port; root $work/before/$3; index index.html; include /etc/nginx/mime.types; }"
    else
      site_conf=$(sed "s/127.0.0.1:PORT/127.0.0.1:$port/" "$work/$2/$3.deploy/nginx.conf")
    fi
    cat >"$conf/nginx.conf" <<CONF
load_module /usr/share/nginx/modules/ngx_http_brotli_static_module.so;
daemon off;
pid $conf/nginx.pid;
error_log $conf/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $conf/body; proxy_temp_path $conf/proxy; fastcgi_temp_path $conf/fastcgi;
    uwsgi_temp_path $conf/uwsgi; scgi_temp_path $conf/scgi;
    $site_conf
}
CONF
    nginx -p "$conf" -e "$conf/error.log" -c "$conf/nginx.conf" 2>>"$conf/error.log" &
    server_pid=$!
    wait_up nginx "$conf/error.log"
  else
    {
      printf '{\n\tadmin off\n\tauto_https off\n}\n'
      if [[ $2 == before ]]; then
        printf 'http://127.0.0.1:%s {\n\troot * %s\n\tfile_server\n}\n' "$port" "$work/before/$3"
      else
        sed "s/127.0.0.1:PORT/127.0.0.1:$port/" "$work/$2/$3.deploy/Caddyfile"
      fi
    } >"$conf/Caddyfile"
    HOME=$conf XDG_DATA_HOME=$conf/data XDG_CONFIG_HOME=$conf/config \
      caddy run --config "$conf/Caddyfile" --adapter caddyfile >"$conf/log" 2>&1 &
    server_pid=$!
    wait_up caddy "$conf/log"
  fi
}

audits=(uses-text-compression uses-long-cache-ttl modern-image-formats uses-responsive-images offscreen-images
        unsized-images unminified-javascript unminified-css render-blocking-resources uses-rel-preload font-display)
for site in "${sites[@]}"; do
  for state in "${states[@]}"; do
    for server in "${servers[@]}"; do
      serve "$server" "$state" "$site"
      for run in $(seq "$runs"); do
        echo "lighthouse $site $state $server run $run" >&2
        out=$work/lh.$site.$state.$server.$run
        "$lighthouse" "http://127.0.0.1:$port/" --quiet --output=json --output-path="$out.json" \
          --only-categories=performance,best-practices --chrome-path="$chromium" \
          --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$out.log" ||
          { echo "lighthouse failed: $(tail -5 "$out.log")" >&2; exit 1; }
      done
      # The page's DOM after it settled; the longest of 3 dumps, since pdf.js fills its text
      # layer from a worker, which headless chromium's virtual time does not always wait for.
      for try in 1 2 3; do
        profile=$(mktemp -d "$work/profile.XXXXXX")
        timeout 90 "$chromium" --headless=new --no-sandbox --disable-gpu --user-data-dir="$profile" --virtual-time-budget=10000 \
          --dump-dom "http://127.0.0.1:$port/" >"$work/dom.try" 2>/dev/null || true
        if [[ ! -f $work/dom.$site.$state.$server || $(wc -c <"$work/dom.try") -gt $(wc -c <"$work/dom.$site.$state.$server") ]]; then
          mv "$work/dom.try" "$work/dom.$site.$state.$server"
        fi
      done
      stop_server
    done
  done
done

python3 - "$work" "$runs" "${#sites[@]}" "${sites[@]}" "${servers[@]}" -- "${audits[@]}" <<'PY'
import json, re, sys, html, statistics
args = sys.argv[1:]
work, runs, nsites = args[0], int(args[1]), int(args[2])
sites = args[3:3 + nsites]
rest = args[3 + nsites:]
servers, audits = rest[:rest.index("--")], rest[rest.index("--") + 1:]
states = ("before", "kiln", "kiln+html")
def text(path):
    try: dom = open(path, encoding="utf-8", errors="replace").read()
    except OSError: return None
    dom = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", dom)
    return " ".join(html.unescape(re.sub(r"(?s)<[^>]*>", " ", dom)).split())
def verdict(a):
    if a is None: return "-"
    if a.get("scoreDisplayMode") in ("notApplicable", "manual", "informative") and a.get("score") is None: return "n/a"
    return "pass" if (a.get("score") or 0) >= 0.9 else "FAIL"
def load(site, state, server, run):
    return json.load(open("%s/lh.%s.%s.%s.%d.json" % (work, site, state, server, run)))
print("medians of %d Lighthouse runs (mobile, simulated throttling)" % runs)
print("%-8s %-10s %-6s %5s %9s %13s %7s  %s" % ("site", "state", "server", "perf", "LCP ms", "bytes", "console", "page text"))
for site in sites:
    for state in states:
        for server in servers:
            rs = [load(site, state, server, r) for r in range(1, runs + 1)]
            perf = statistics.median(round((r["categories"]["performance"]["score"] or 0) * 100) for r in rs)
            lcp = statistics.median(r["audits"]["largest-contentful-paint"].get("numericValue") or 0 for r in rs)
            weight = statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in rs)
            console = len((rs[-1]["audits"].get("errors-in-console", {}).get("details") or {}).get("items", []))
            before, now = text("%s/dom.%s.before.%s" % (work, site, server)), text("%s/dom.%s.%s.%s" % (work, site, state, server))
            same = "-" if state == "before" else ("same" if before == now else "DIFFERS")
            print("%-8s %-10s %-6s %5g %9.0f %13s %7d  %s" % (site, state, server, perf, lcp, f"{int(weight):,}", console, same))
print()
print("audits (%s, last run)" % servers[0])
for site in sites:
    for state in states:
        a = load(site, state, servers[0], runs)["audits"]
        print("%-8s %-10s %s" % (site, state, "  ".join("%s=%s" % (k, verdict(a.get(k))) for k in audits)))
PY
