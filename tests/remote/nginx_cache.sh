#!/usr/bin/env bash
# kiln's remote cache against a real server (issue 17): Debian's nginx with WebDAV as a
# Bazel-protocol HTTP cache on 127.0.0.1, and two local cache folders standing for two CI
# machines.
#
#   tests/remote/nginx_cache.sh KILN [SITE_DIR]      (SITE_DIR defaults to fixtures/site)
#
# Fails when:
#   - machine A's cold build stored nothing on the server (or put something outside cas/, ac/);
#   - machine B's first build (empty local cache) missed anything remotely, stored anything,
#     parsed, converted or compressed anything itself, or wrote output that differs from A's;
#   - with a corrupted object on the server, a server answering 500, a server that accepts
#     and never answers, or no server at all, the build fails, its output differs from A's,
#     or it does not print exactly one remote-cache warning;
#   - --remote-cache-upload=false writes anything to the server;
#   - after `--shard 1/2` and `--shard 2/2` (separate local caches, one server), a build with
#     an empty local cache misses anything remotely or differs from A's.
# nginx missing is a failure, not a skip (scripts/setup installs it).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
kiln=${1:?usage: nginx_cache.sh KILN [SITE_DIR]}
site=${2:-$root/fixtures/site}
nginx=${NGINX:-/usr/sbin/nginx}

fail() { echo "nginx_cache: FAIL: $*" >&2; exit 1; }
[[ -x $kiln ]] || fail "kiln binary not found: $kiln"
[[ -x $nginx ]] || fail "$nginx not found (install Debian's nginx package: scripts/setup)"
command -v python3 >/dev/null || fail "python3 not found"

work=$(mktemp -d "${TMPDIR:-/tmp}/kiln-remote.XXXXXX")
stall_pid=""
cleanup() {
  [[ -f $work/nginx.pid ]] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  [[ -n $stall_pid ]] && kill "$stall_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- the server: nginx WebDAV (PUT, full paths) under /, a location answering 500 ---
port=$(free_port)
mkdir -p "$work/store" "$work/tmp"
cat >"$work/nginx.conf" <<CONF
$( [[ $(id -u) == 0 ]] && echo "user root;" )
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 256; }
http {
  access_log $work/access.log;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  client_max_body_size 0;
  server {
    listen 127.0.0.1:$port;
    root $work/store;
    location / {
      dav_methods PUT;
      create_full_put_path on;
      dav_access user:rw group:r all:r;
    }
    location /broken/ { return 500; }
  }
}
CONF
"$nginx" -p "$work" -c "$work/nginx.conf" || fail "nginx did not start (see above)"
for _ in $(seq 50); do [[ -s $work/nginx.pid ]] && break; sleep 0.1; done
url="http://127.0.0.1:$port/kiln"

# --- the site, with every cached phase on (parse, images, compress) ---
mkdir -p "$work/pristine"
cp -r "$site/." "$work/pristine/"
cat >"$work/pristine/kiln.json" <<'JSON'
{ "dir": ".", "images": { "enabled": true }, "compress": { "zstd": true } }
JSON
# Output of one machine: the built folder (kiln.json excluded) as one listing of hashes.
fingerprint() { (cd "$1" && find . -type f ! -name kiln.json -print0 | sort -z | xargs -0 sha256sum); }
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

# build NAME REMOTE_URL [extra flags]: a fresh copy of the site with an empty local cache.
build() {
  local name=$1 remote=$2
  shift 2
  rm -rf "$work/$name" "$work/cache-$name"
  cp -r "$work/pristine" "$work/$name"
  local t0=$SECONDS
  "$kiln" build "$work/$name" --cache-dir "$work/cache-$name" --remote-cache "$remote" --format json \
    -o "$work/$name.json" "$@" 2>"$work/$name.err" ||
    { cat "$work/$name.err" >&2; fail "$name: kiln build exited $?"; }
  echo "nginx_cache: $name built in $((SECONDS - t0)) s"
}
warnings() { grep -c "kiln: warning: .*remote cache" "$work/$1.err" || true; }

# Machine A: cold, fills the server.
build a "$url"
[[ $(field "$work/a.json" 'd["build"]["remoteCache"]["uploads"]') -gt 0 ]] || fail "machine A stored nothing"
[[ $(field "$work/a.json" 'd["build"]["remoteCache"]["hits"]') == 0 ]] || fail "machine A hit a cache that was empty"
[[ -d $work/store/kiln/cas && -d $work/store/kiln/ac ]] || fail "nothing under cas/ and ac/ on the server"
[[ -z $(ls "$work/store/kiln" | grep -v -x -e cas -e ac) ]] || fail "the server got objects outside cas/ and ac/"
[[ $(warnings a) == 0 ]] || { cat "$work/a.err" >&2; fail "machine A warned about a healthy server"; }
expected=$(fingerprint "$work/a")
[[ $(echo "$expected" | wc -l) -gt 10 ]] || fail "machine A's output is suspiciously small"

# Machine B: empty local cache, the same server: everything from the remote.
build b "$url"
b=$work/b.json
[[ $(field "$b" 'd["build"]["remoteCache"]["misses"]') == 0 ]] || fail "machine B missed: $(field "$b" 'd["build"]["remoteCache"]')"
[[ $(field "$b" 'd["build"]["remoteCache"]["hits"]') -gt 0 ]] || fail "machine B got no remote hits"
[[ $(field "$b" 'd["build"]["remoteCache"]["uploads"]') == 0 ]] || fail "machine B stored what it got from the server"
[[ $(field "$b" 'd["build"]["parse"]["files"] - d["build"]["parse"]["cacheHits"]') == 0 ]] || fail "machine B parsed files itself"
[[ $(field "$b" 'd["build"]["images"]["cacheHits"]') -gt 0 ]] || fail "machine B converted its images itself"
[[ $(field "$b" 'd["build"]["compress"]["counts"]["filesFromCache"]') -gt 0 ]] || fail "machine B compressed by itself"
[[ $(fingerprint "$work/b") == "$expected" ]] || fail "machine B's output differs from machine A's"
[[ $(warnings b) == 0 ]] || fail "machine B warned about a healthy server"

# Pull-only: reads the server, writes nothing to it.
build pull "http://127.0.0.1:$port/pull-only" --remote-cache-upload=false
[[ ! -e $work/store/pull-only ]] || fail "--remote-cache-upload=false wrote to the server"
[[ $(fingerprint "$work/pull") == "$expected" ]] || fail "pull-only build's output differs"

# A CI matrix of two shards filling a fresh prefix, then a final unsharded build: warm.
shards="http://127.0.0.1:$port/shards"
build s1 "$shards" --shard 1/2
build s2 "$shards" --shard 2/2
build final "$shards"
echo "nginx_cache: shards stored $(field "$work/s1.json" 'd["build"]["remoteCache"]["uploads"]') + $(field "$work/s2.json" 'd["build"]["remoteCache"]["uploads"]') entries; final: $(field "$work/final.json" 'd["build"]["remoteCache"]')"
[[ $(field "$work/final.json" 'd["build"]["remoteCache"]["misses"]') == 0 ]] || fail "the build after the shards missed"
[[ $(field "$work/s1.json" 'd["build"]["shard"]["files"]') -gt 0 ]] || fail "shard 1/2 got no files"
[[ $(field "$work/s2.json" 'd["build"]["shard"]["files"]') -gt 0 ]] || fail "shard 2/2 got no files"
[[ $(fingerprint "$work/final") == "$expected" ]] || fail "the build after the shards differs from machine A's"

# Bad servers: the output must still be A's, with one warning each.
check_bad() {
  local name=$1
  [[ $(fingerprint "$work/$name") == "$expected" ]] || fail "$name: output differs from machine A's"
  [[ $(warnings "$name") == 1 ]] || { cat "$work/$name.err" >&2; fail "$name: expected exactly one remote-cache warning"; }
}
# A corrupted object: every content blob's bytes changed on the server.
for f in "$work"/store/kiln/cas/*; do printf 'X' | dd of="$f" bs=1 seek=0 conv=notrunc status=none; done
build corrupt "$url"
check_bad corrupt
# (A later hit is fine: a miss is computed and stored again, which repairs the object.)
[[ $(field "$work/corrupt.json" 'd["build"]["remoteCache"]["errors"]') -gt 0 ]] || fail "no corrupted object was noticed"
# A server answering 500 to everything.
build err500 "http://127.0.0.1:$port/broken"
check_bad err500
# A server that accepts and never answers (timeout shortened so the test stays quick).
python3 "$here/stall_server.py" >"$work/stall.port" &
stall_pid=$!
for _ in $(seq 50); do [[ -s $work/stall.port ]] && break; sleep 0.1; done
build stalled "http://127.0.0.1:$(cat "$work/stall.port")/kiln" --remote-cache-timeout 1
check_bad stalled
# No server at all.
build down "http://127.0.0.1:$(free_port)/kiln" --remote-cache-timeout 1
check_bad down
echo "nginx_cache: ok (machine B fully warm from nginx; corrupt, 500, stalled and down servers left the output correct)"
