#!/usr/bin/env bash
# Lighthouse before and after kiln (issue 15, "Proof with Lighthouse").
#
#   scripts/bench/lighthouse.sh        (LIGHTHOUSE=path/to/lighthouse to use another install)
#
# Three real sites, each served by nginx on 127.0.0.1 (a free port, in the foreground):
#   swagger   swagger-ui-dist's index.html (npm, pinned by scripts/fetch-corpus)
#   pdfjs     a viewer page for pdfjs-dist's build/pdf.mjs and web/pdf_viewer.mjs, showing a
#             small PDF this script writes
#   gallery   Debian's mate-backgrounds photos (30 JPEG/PNG, 45 MB) on one page of plain <img>s
# "before": the folder as published, nginx with Debian's mime.types and nothing else;
# "after": `kiln build` with images (WebP 640/1280/1920 + <picture>), the html step, hashing,
# compression, and the nginx config `kiln deploy-config` wrote. Lighthouse 12.2.3 (npm) on
# Debian's chromium, performance and best-practices categories, default (mobile) settings.
# Prints per site and state the performance score, total byte weight and the listed audits
# (pass = score >= 0.9, n/a = not applicable), console errors, and whether the page's text
# (document.body.innerText from chromium --dump-dom) is the same after as before.
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
trap 'stop_server; rm -rf "$work"' EXIT
KILN=$work/kiln
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
  <div id="viewerContainer" style="position:absolute;inset:0;overflow:auto"><div id="viewer" class="pdfViewer"></div></div>
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

# --- after: kiln build with the generated nginx config ---
cp -r "$work/before" "$work/after"
for site in swagger pdfjs gallery; do
  cat >"$work/after/$site.kiln.json" <<JSON
{
  "dir": "$site",
  "images": { "enabled": true, "widths": [640, 1280, 1920], "rewriteHtml": true },
  "html": { "enabled": true },
  "deploy": { "for": ["nginx"], "out": "$site.deploy", "listen": "127.0.0.1:PORT" }
}
JSON
  echo "kiln build $site" >&2
  "$KILN" build -c "$work/after/$site.kiln.json" --cache-dir "$work/cache" -q >"$work/$site.build.log" 2>&1 || {
    cat "$work/$site.build.log" >&2; exit 1; }
  grep -E "warning" "$work/$site.build.log" | sed "s|^|  $site: |" | head -8 >&2 || true
done
chmod -R a+rX "$work/after"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
# serve STATE SITE: nginx in the foreground on a free port; sets $port.
serve() {
  port=$(free_port)
  local conf=$work/nginx-$1-$2 site_conf
  mkdir -p "$conf"
  if [[ $1 == before ]]; then
    site_conf="server { listen 127.0.0.1:$port; root $work/before/$2; index index.html; include /etc/nginx/mime.types; }"
  else
    site_conf=$(sed "s/127.0.0.1:PORT/127.0.0.1:$port/" "$work/after/$2.deploy/nginx.conf")
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
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.1; done
  echo "nginx did not start: $(cat "$conf/error.log")" >&2
  exit 1
}

audits=(uses-text-compression uses-long-cache-ttl modern-image-formats uses-responsive-images offscreen-images
        unsized-images unminified-javascript unminified-css render-blocking-resources uses-rel-preload font-display)
for site in swagger pdfjs gallery; do
  for state in before after; do
    serve "$state" "$site"
    echo "lighthouse $site $state" >&2
    "$lighthouse" "http://127.0.0.1:$port/" --quiet --output=json --output-path="$work/$site.$state.json" \
      --only-categories=performance,best-practices --chrome-path="$chromium" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage" >/dev/null 2>"$work/$site.$state.lh.log" ||
      { echo "lighthouse failed: $(tail -5 "$work/$site.$state.lh.log")" >&2; exit 1; }
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 90 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" --virtual-time-budget=10000 \
      --dump-dom "http://127.0.0.1:$port/" >"$work/$site.$state.dom" 2>/dev/null || true
    stop_server
  done
done

python3 - "$work" "${audits[@]}" <<'PY'
import json, re, sys, html
work, audits = sys.argv[1], sys.argv[2:]
def text(path):
    dom = open(path, encoding="utf-8", errors="replace").read()
    dom = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", dom)
    return " ".join(html.unescape(re.sub(r"(?s)<[^>]*>", " ", dom)).split())
def verdict(a):
    if a is None: return "-"
    if a.get("scoreDisplayMode") in ("notApplicable", "manual", "informative") and a.get("score") is None: return "n/a"
    return "pass" if (a.get("score") or 0) >= 0.9 else "FAIL"
print("%-8s %-6s %5s %12s %7s  %s" % ("site", "state", "perf", "bytes", "console", "  ".join(audits)))
for site in ("swagger", "pdfjs", "gallery"):
    texts = {}
    for state in ("before", "after"):
        r = json.load(open("%s/%s.%s.json" % (work, site, state)))
        a = r["audits"]
        perf = r["categories"]["performance"]["score"]
        weight = a["total-byte-weight"]["numericValue"]
        console = len((a.get("errors-in-console", {}).get("details") or {}).get("items", []))
        print("%-8s %-6s %5d %12s %7d  %s" % (site, state, round((perf or 0) * 100), f"{int(weight):,}", console,
              "  ".join("%s=%s" % (k, verdict(a.get(k))) for k in audits)))
        texts[state] = text("%s/%s.%s.dom" % (work, site, state))
    print("%-8s page text %s after kiln (%d characters)" % (site, "the same" if texts["before"] == texts["after"] else "DIFFERS", len(texts["after"])))
PY
