#!/usr/bin/env bash
# The shared remote cache, measured (issue 17, "Benchmark" and "Sharded runs").
#
#   scripts/bench/remote-cache.sh        (RUNS=3)
#
# The corpus: swagger-ui-dist (npm, pinned by scripts/fetch-corpus) with Debian's
# mate-backgrounds photos (30 JPEG/PNG, 45 MB) in images/; `kiln build` with parse, images
# (WebP 640/1280/1920) and compression, every phase cached. The remote: Debian's nginx with
# WebDAV on 127.0.0.1, which speaks Bazel's HTTP cache protocol (GET/PUT of /cas/, /ac/);
# each run uses a fresh path on it, so each cold run starts with an empty remote.
# Per run, each build on a fresh copy of the corpus:
#   cold         empty local cache, no remote: what a build costs
#   A cold       empty local cache, remote empty: machine A fills it (uploads included)
#   warm-local   A's local cache again, no remote: the second build on one machine
#   B warm-rem.  empty local cache, A's remote: a fresh CI machine after A
#   shard 1/2, shard 2/2   two processes, each its own empty local cache, one empty remote;
#   final        empty local cache after both shards (the matrix's last job)
# Prints the median wall time of each, the ratios to cold, the bytes A uploaded and B
# downloaded, and whether every whole build's output is byte-identical to cold's.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
runs=${RUNS:-3}
nginx=${NGINX:-/usr/sbin/nginx}
for tool in "$nginx" python3 curl sha256sum; do command -v "$tool" >/dev/null || { echo "missing $tool (scripts/setup)" >&2; exit 1; }; done
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build; }
scripts/fetch-corpus swagger-ui-dist
photos=$root/corpus/images
if [[ ! -d $photos/x/usr/share/backgrounds/mate ]]; then
  mkdir -p "$photos"
  (cd "$photos" && apt-get download mate-backgrounds >/dev/null && dpkg -x mate-backgrounds_*.deb x)
fi

work=$(mktemp -d /tmp/kiln-remote-bench.XXXXXX)
chmod 755 "$work"
stop_nginx() { [[ -s $work/nginx/nginx.pid ]] && kill "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true; }
trap 'stop_nginx; rm -rf "$work"' EXIT
kiln=$work/kiln
cp build/kiln "$kiln"

# --- the corpus ---
corpus=$work/corpus
cp -r corpus/swagger-ui-dist "$corpus"
cp -r "$photos/x/usr/share/backgrounds/mate" "$corpus/images"
cat >"$corpus/kiln.json" <<'JSON'
{ "dir": ".", "images": { "enabled": true, "widths": [640, 1280, 1920] } }
JSON
echo "corpus: $(find "$corpus" -type f | wc -l) files, $(du -sh "$corpus" | cut -f1)" >&2

# --- the remote: nginx WebDAV (PUT with full paths) ---
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
n=$work/nginx
mkdir -p "$n/store" "$n/tmp"
cat >"$n/nginx.conf" <<CONF
$( [[ $(id -u) == 0 ]] && echo "user root;" )
worker_processes 2;
pid $n/nginx.pid;
error_log $n/error.log;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $n/tmp/body; proxy_temp_path $n/tmp/proxy; fastcgi_temp_path $n/tmp/fastcgi;
  uwsgi_temp_path $n/tmp/uwsgi; scgi_temp_path $n/tmp/scgi;
  client_max_body_size 0;
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$port;
    root $n/store;
    location / { dav_methods PUT; create_full_put_path on; dav_access user:rw group:r all:r; }
  }
}
CONF
"$nginx" -p "$n" -c "$n/nginx.conf" >"$n/stdout.log" 2>&1 || { cat "$n/stdout.log" >&2; exit 1; }
for _ in $(seq 50); do [[ -s $n/nginx.pid ]] && break; sleep 0.1; done
[[ -s $n/nginx.pid ]] || { echo "nginx did not start: $(cat "$n/error.log")" >&2; exit 1; }

fingerprint() { (cd "$1" && find . -type f ! -name kiln.json -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }
# build NAME CACHE [flags...]: kiln build on a fresh copy of the corpus; appends "NAME seconds" to times.
build() {
  local name=$1 cache=$2
  shift 2
  rm -rf "$work/site-$name"
  cp -r "$corpus" "$work/site-$name"
  local t0 t1
  t0=$(date +%s.%N)
  "$kiln" build "$work/site-$name" --cache-dir "$cache" --format json -o "$work/$name.json" "$@" 2>"$work/$name.err" ||
    { cat "$work/$name.err" >&2; echo "$name: kiln build failed" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$name $(python3 -c "print($t1 - $t0)")" >>"$work/times"
  echo "$name $(fingerprint "$work/site-$name")" >>"$work/prints"
}
field() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {"d": d}))' "$@"; }

for run in $(seq "$runs"); do
  echo "run $run of $runs" >&2
  url=http://127.0.0.1:$port/run$run
  rm -rf "$work"/cache-*
  build cold "$work/cache-cold"
  build a "$work/cache-a" --remote-cache "$url"
  build warm-local "$work/cache-a"
  build b "$work/cache-b" --remote-cache "$url"
  echo "a-up $(field "$work/a.json" 'd["build"]["remoteCache"]["bytesUp"]')" >>"$work/bytes"
  echo "b-down $(field "$work/b.json" 'd["build"]["remoteCache"]["bytesDown"]')" >>"$work/bytes"
  echo "b-misses $(field "$work/b.json" 'd["build"]["remoteCache"]["misses"]')" >>"$work/bytes"
  # Two shards at once, as two CI jobs would run, then the final build.
  surl=http://127.0.0.1:$port/shards$run
  build shard1 "$work/cache-s1" --remote-cache "$surl" --shard 1/2 &
  p1=$!
  build shard2 "$work/cache-s2" --remote-cache "$surl" --shard 2/2 &
  p2=$!
  wait "$p1" "$p2"
  build final "$work/cache-final" --remote-cache "$surl"
done

python3 - "$work" <<'PY'
import sys, statistics, collections
work = sys.argv[1]
times = collections.defaultdict(list)
for line in open(work + "/times"):
    k, v = line.split(); times[k].append(float(v))
bytes_ = collections.defaultdict(list)
for line in open(work + "/bytes"):
    k, v = line.split(); bytes_[k].append(int(v))
prints = collections.defaultdict(set)
for line in open(work + "/prints"):
    k, v = line.split(); prints[k].add(v)
med = {k: statistics.median(v) for k, v in times.items()}
cold = med["cold"]
print("median of %d runs (wall s), machine loaded by other jobs" % len(times["cold"]))
for k, label in (("cold", "cold, no remote"), ("a", "A cold, fills the remote"), ("warm-local", "warm local cache"),
                 ("b", "B: empty local, warm remote"), ("shard1", "shard 1/2"), ("shard2", "shard 2/2"),
                 ("final", "final after shards")):
    print("  %-30s %8.2f s  %6.1fx faster than cold" % (label, med[k], cold / med[k]))
shards = [max(a, b) for a, b in zip(times["shard1"], times["shard2"])]
print("  %-30s %8.2f s  (longest shard + final, median)" % ("sharded critical path",
      statistics.median(s + f for s, f in zip(shards, times["final"]))))
print("  A uploaded %.1f MB, B downloaded %.1f MB (medians); B's remote misses: %s" % (
      statistics.median(bytes_["a-up"]) / 1e6, statistics.median(bytes_["b-down"]) / 1e6, sorted(set(bytes_["b-misses"]))))
ref = prints["cold"]  # shards write only their share of the work: not compared
whole = {k: v for k, v in prints.items() if not k.startswith("shard")}
same = all(v == ref for v in whole.values()) and len(ref) == 1
print("  outputs byte-identical (cold, A, warm-local, B, final; every run): %s" % ("yes" if same else "NO: " + str(whole)))
PY
