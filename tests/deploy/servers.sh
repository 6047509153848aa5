#!/usr/bin/env bash
# Real servers deliver what kiln wrote (issue 15, "Serving what kiln wrote").
#
#   tests/deploy/servers.sh KILN
#
# Builds a copy of fixtures/deploy/site with `kiln build` (hashed names, .br/.gz sidecars),
# writes the nginx and Caddy configs with `kiln deploy-config`, starts each server in the
# foreground on 127.0.0.1 and a free port (pid, logs and temp folders in a temp folder), and
# checks every file of the built folder with real HTTP requests (curl):
#   - no Accept-Encoding: the original bytes, no Content-Encoding;
#   - Accept-Encoding: br / gzip, for each file with a sidecar: the sidecar's exact bytes,
#     Content-Encoding br / gzip and Vary: Accept-Encoding;
#   - Content-Type from this script's own table (not kiln's) for every file;
#   - Cache-Control `public, max-age=31536000, immutable` for content-hashed names and
#     `no-cache` for pages, the service worker and every other name, compressed or not;
#   - `/` is the page, revalidated; a missing file under an immutable folder is a 404 that is
#     not cached for a year.
# nginx (with the brotli_static module), Caddy or curl missing is a failure, not a skip
# (scripts/setup installs them).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kiln=${1:?usage: servers.sh KILN}
nginx=${NGINX:-/usr/sbin/nginx}
caddy=${CADDY:-/usr/bin/caddy}
brotli_module=${BROTLI_MODULE:-/usr/share/nginx/modules/ngx_http_brotli_static_module.so}

fail() { echo "deploy_servers: FAIL: $*" >&2; exit 1; }
[[ -x $kiln ]] || fail "kiln binary not found: $kiln"
[[ -x $nginx ]] || fail "$nginx not found (Debian package nginx: scripts/setup)"
[[ -f $brotli_module ]] || fail "$brotli_module not found (Debian package libnginx-mod-http-brotli-static)"
[[ -x $caddy ]] || fail "$caddy not found (Debian package caddy: scripts/setup)"
command -v curl >/dev/null || fail "curl not found"
command -v python3 >/dev/null || fail "python3 not found"

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-deploy.XXXXXX")
chmod 755 "$work"  # nginx's workers run as another user when started as root
server_pid=""
stop_server() {
  if [[ -n $server_pid ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() { stop_server; if [[ -n ${KEEP_WORK:-} ]]; then echo "deploy_servers: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

site=$work/site
cp -r "$root/fixtures/deploy/site" "$site"
chmod -R a+rX "$site"
"$kiln" build "$site" -q --cache-dir "$work/cache" >"$work/build.out" 2>&1 || fail "kiln build: $(cat "$work/build.out")"
ls "$site"/assets/*.br >/dev/null 2>&1 || fail "kiln build wrote no .br sidecars under assets/"

# The type each extension must be served with (the standards' names, written here
# independently of kiln's own table).
expected_type() {
  case "${1##*.}" in
    html) echo "text/html" ;;
    js | mjs) echo "text/javascript" ;;
    css) echo "text/css" ;;
    json) echo "application/json" ;;
    webmanifest) echo "application/manifest+json" ;;
    wasm) echo "application/wasm" ;;
    avif) echo "image/avif" ;;
    txt) echo "text/plain" ;;
    *) echo "" ;;
  esac
}
# Content-hashed names (kiln's 8 hex digits), except pages, which are never hashed.
expected_cache() {
  local name=${1##*/}
  if [[ $name =~ -[0-9a-f]{8}\.[a-z0-9]+$ && $name != *.html ]]; then
    echo "public, max-age=31536000, immutable"
  else
    echo "no-cache"
  fi
}

header() {  # header FILE NAME: the value of a response header (last one), without CR
  grep -i "^$2:" "$1" | tail -1 | cut -d: -f2- | sed -e 's/^ *//' -e 's/\r$//'
}

checks=0
# fetch NAME URL_PATH ENCODING OUT: GET with Accept-Encoding ENCODING ("" for none).
fetch() {
  local args=(-s -S --max-time 10 -o "$4.body" -D "$4.headers" -w '%{http_code}')
  [[ -n $3 ]] && args+=(-H "Accept-Encoding: $3")
  curl "${args[@]}" "http://127.0.0.1:$port$2" >"$4.status" 2>"$4.err" || fail "$1: curl $2: $(cat "$4.err")"
}

check_file() {  # check_file SERVER REL
  local server=$1 rel=$2 out="$work/$1.$(echo "$2" | tr '/' '_')"
  local type cache
  type=$(expected_type "$rel")
  cache=$(expected_cache "$rel")
  fetch "$server" "/$rel" "" "$out"
  [[ $(cat "$out.status") == 200 ]] || fail "$server: /$rel: status $(cat "$out.status")"
  cmp -s "$out.body" "$site/$rel" || fail "$server: /$rel without Accept-Encoding: not the original bytes"
  [[ -z $(header "$out.headers" content-encoding) ]] || fail "$server: /$rel without Accept-Encoding: Content-Encoding $(header "$out.headers" content-encoding)"
  if [[ -n $type ]]; then
    local got
    got=$(header "$out.headers" content-type)
    [[ ${got%%;*} == "$type" ]] || fail "$server: /$rel: Content-Type '$got', expected $type"
  fi
  [[ $(header "$out.headers" cache-control) == "$cache" ]] ||
    fail "$server: /$rel: Cache-Control '$(header "$out.headers" cache-control)', expected '$cache'"
  checks=$((checks + 1))
  local enc suffix
  for enc in br gzip; do
    suffix=$([[ $enc == br ]] && echo br || echo gz)
    [[ -f $site/$rel.$suffix ]] || continue
    fetch "$server" "/$rel" "$enc" "$out.$enc"
    [[ $(cat "$out.$enc.status") == 200 ]] || fail "$server: /$rel ($enc): status $(cat "$out.$enc.status")"
    cmp -s "$out.$enc.body" "$site/$rel.$suffix" || fail "$server: /$rel with Accept-Encoding: $enc: not the bytes of $rel.$suffix"
    [[ $(header "$out.$enc.headers" content-encoding) == "$enc" ]] ||
      fail "$server: /$rel ($enc): Content-Encoding '$(header "$out.$enc.headers" content-encoding)'"
    grep -i '^vary:' "$out.$enc.headers" | grep -qi 'accept-encoding' || fail "$server: /$rel ($enc): no Vary: Accept-Encoding"
    if [[ -n $type ]]; then
      local got
      got=$(header "$out.$enc.headers" content-type)
      [[ ${got%%;*} == "$type" ]] || fail "$server: /$rel ($enc): Content-Type '$got', expected $type"
    fi
    [[ $(header "$out.$enc.headers" cache-control) == "$cache" ]] ||
      fail "$server: /$rel ($enc): Cache-Control '$(header "$out.$enc.headers" cache-control)', expected '$cache'"
    checks=$((checks + 1))
  done
}

check_site() {  # check_site SERVER
  checks=0
  local rel served=0 immutable=0 compressed=0
  while IFS= read -r rel; do
    case $rel in *.br | *.gz | *.zst | _headers) continue ;; esac
    check_file "$1" "$rel"
    served=$((served + 1))
    [[ $(expected_cache "$rel") == no-cache ]] || immutable=$((immutable + 1))
    [[ -f $site/$rel.br ]] && compressed=$((compressed + 1))
  done < <(cd "$site" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  ((immutable >= 4)) || fail "$1: only $immutable content-hashed files: the fixture no longer tests immutable caching"
  ((compressed >= 4)) || fail "$1: only $compressed files with sidecars"
  [[ -f $site/sw.js.br ]] || fail "the service worker has no .br sidecar: the fixture no longer tests it compressed"
  # The page at the folder's URL, and a missing hashed-looking asset.
  fetch "$1" "/" "br" "$work/$1.root"
  [[ $(cat "$work/$1.root.status") == 200 ]] || fail "$1: /: status $(cat "$work/$1.root.status")"
  [[ $(header "$work/$1.root.headers" content-type) == text/html* ]] || fail "$1: /: Content-Type $(header "$work/$1.root.headers" content-type)"
  [[ $(header "$work/$1.root.headers" cache-control) == no-cache ]] || fail "$1: /: Cache-Control '$(header "$work/$1.root.headers" cache-control)'"
  fetch "$1" "/assets/missing-0123abcd.js" "" "$work/$1.missing"
  [[ $(cat "$work/$1.missing.status") == 404 ]] || fail "$1: a missing file: status $(cat "$work/$1.missing.status")"
  [[ $(header "$work/$1.missing.headers" cache-control) != *immutable* ]] || fail "$1: a 404 is cached as immutable"
  echo "deploy_servers: $1: $served files, $immutable immutable, $compressed with sidecars, $checks responses checked"
}

wait_up() {  # wait_up SERVER LOG
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/robots.txt" && return 0
    kill -0 "$server_pid" 2>/dev/null || fail "$1 exited: $(tail -20 "$2")"
    sleep 0.1
  done
  fail "$1 did not start: $(tail -20 "$2")"
}

# --- nginx ---
port=$(free_port)
"$kiln" deploy-config "$site" --for nginx --listen "127.0.0.1:$port" -o "$work/nginx-site.conf" -q \
  --cache-dir "$work/cache" || fail "kiln deploy-config --for nginx"
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
load_module $brotli_module;
daemon off;
master_process on;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    include $work/nginx-site.conf;
}
CONF
"$nginx" -t -q -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" 2>"$work/nginx/test.log" ||
  fail "nginx rejects the generated config: $(cat "$work/nginx/test.log" "$work/nginx/error.log" 2>/dev/null)"
"$nginx" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" 2>>"$work/nginx/error.log" &
server_pid=$!
wait_up nginx "$work/nginx/error.log"
check_site nginx
stop_server

# --- Caddy ---
port=$(free_port)
"$kiln" deploy-config "$site" --for caddy --listen "127.0.0.1:$port" -o "$work/Caddyfile.site" -q \
  --cache-dir "$work/cache" || fail "kiln deploy-config --for caddy"
mkdir -p "$work/caddy"
{
  printf '{\n\tadmin off\n\tauto_https off\n}\n'
  cat "$work/Caddyfile.site"
} >"$work/caddy/Caddyfile"
HOME=$work/caddy XDG_DATA_HOME=$work/caddy/data XDG_CONFIG_HOME=$work/caddy/config \
  "$caddy" run --config "$work/caddy/Caddyfile" --adapter caddyfile >"$work/caddy/log" 2>&1 &
server_pid=$!
wait_up caddy "$work/caddy/log"
check_site caddy
stop_server
echo "deploy_servers: ok"
