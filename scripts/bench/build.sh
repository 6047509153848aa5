#!/usr/bin/env bash
# kiln build (the whole pipeline from one kiln.json) against the chain of tools a webpack/Vite
# user runs today after the bundler for the same outputs, on a realistic site, in one run.
#
# Site: swagger-ui-dist (a real dist from the npm registry, scripts/fetch-corpus) plus
# Debian's mate-backgrounds photos and artwork (30 JPEG/PNG, ~100 megapixels; apt-get download
# + dpkg -x into the git-ignored corpus/images, as images.sh) copied in as images/, referenced
# from a generated gallery.html (<img src=images/...>).
#
# The chain, sequential as a postbuild script chain runs it (each tool timed, and the whole):
#   1. sharp            sharp-images.mjs: full-size WebP + 640/1280/1920 widths, q80, effort 4
#   2. compression      compress-node.mjs: node zlib as compression-webpack-plugin (brotli q11
#                       + gzip 9, every file at once, threshold 1 KiB, minRatio 0.8)
#   3. workbox-build    workbox-manifest.mjs: getManifest() on "**/*.{js,css,html}"
#   4. size-limit       @size-limit/file, brotli: the JS/CSS of index.html and gallery.html
# The chain has no content hashing (webpack hashes while bundling; no postbuild tool renames
# files and rewrites references), so it does less than kiln: kiln also renames, rewrites
# references, writes manifest.json, chunk-manifest.json and _headers.
# kiln: `kiln build` with the same settings in kiln.json, cold (empty --cache-dir), then warm
# (a fresh copy of the same input, the same cache dir). The warm output must be byte-identical
# to the cold one; every reference in the final graph must point at a file that exists.
#
# Floor: the CPU time the three libraries doing the irreducible work need alone, divided by the
# cores. Measured separately, not taken from kiln's --perf: build-floor.c calls, one thread,
# timing only the library call with the thread CPU clock (so load from other processes does
# not count): BrotliEncoderCompress q11 on the final bytes of every file kiln wrote a .br for,
# WebPPictureImport + WebPEncode (lossy q80 method 4) for every picture sharp writes (full
# size + each width below the image's), and ts_parser_parse_string on every .js/.css/.html of
# the input. JPEG/PNG decoding and resizing are not in the floor (they are libvips'), so the
# floor is strict; they are timed too (one decode per image, vips_reduce per width, process
# CPU clock) and a second ratio against the floor plus that work is printed. kiln's --perf
# phase times (parse, images, compress) are printed beside it.
# kiln.json sets "lossy": true, sharp's setting, for the floor comparison; each run also times
# kiln build with the images' default mode (no "lossy": lossless for a flat PNG when a sample
# says it is smaller), the way a user runs it, as "kiln build cold, default mode".
#
# Goals (2 cores): kiln cold wall <= chain wall, kiln cold wall <= 1.10 x floor,
# kiln warm >= 30x faster than the chain. Wall times depend on the machine's load: it is
# printed (uptime) before and after; CPU seconds are the steadier figure on a busy machine.
#   scripts/bench/build.sh           one run (slow: several minutes)
#   RUNS=3 scripts/bench/build.sh    medians of 3
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
RUNS=${RUNS:-1}
cores=$(nproc)
widths=640,1280,1920
globs='**/*.{js,css,html}'

# ---------------------------------------------------------------- tools and inputs
missing=()
command -v jq >/dev/null || missing+=(jq)
command -v bc >/dev/null || missing+=(bc)
command -v cc >/dev/null || missing+=(gcc)
command -v pkg-config >/dev/null || missing+=(pkg-config)
[[ -x /usr/bin/time ]] || missing+=(time)
((${#missing[@]} == 0)) || apt-get install -y -qq "${missing[@]}" >/dev/null
bench=$root/scripts/bench
nm=$bench/node_modules
[[ -d $nm/sharp && -d $nm/workbox-build && -x $nm/.bin/size-limit && -d $nm/@size-limit/file ]] ||
  (cd "$bench" && npm install --no-audit --no-fund --silent >/dev/null)
scripts/fetch-corpus swagger-ui-dist
photos=$root/corpus/images
if [[ ! -d $photos/x/usr/share/backgrounds/mate ]]; then
  mkdir -p "$photos"
  (cd "$photos" && apt-get download mate-backgrounds >/dev/null && dpkg -x mate-backgrounds_*.deb x)
fi
[[ -x build/kiln ]] || { cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null && cmake --build build; }

work=$(mktemp -d /tmp/kiln-bench-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A private copy: a concurrent rebuild of build/kiln does not change the binary mid-run.
KILN=$work/kiln
cp build/kiln "$KILN"

# The floor program.
g=$root/grammars/node_modules
read -ra libs < <(pkg-config --cflags --libs vips libwebp libbrotlienc)
cc -O2 -w -o "$work/build-floor" "$bench/build-floor.c" \
  "$g"/tree-sitter-javascript/src/{parser,scanner}.c "$g"/tree-sitter-css/src/{parser,scanner}.c \
  "$g"/tree-sitter-html/src/{parser,scanner}.c "${libs[@]}" -ltree-sitter

# The site, built once; every run works on fresh copies of it.
input=$work/input/site
mkdir -p "$work/input"
cp -r corpus/swagger-ui-dist "$input"
cp -r "$photos/x/usr/share/backgrounds/mate" "$input/images"
(
  cd "$input"
  echo '<!DOCTYPE html>'
  echo '<html lang="en"><head><meta charset="utf-8"><title>Gallery</title><link rel="stylesheet" href="index.css"></head>'
  echo '<body><h1>Gallery</h1>'
  find images -type f | LC_ALL=C sort | while read -r f; do
    name=${f##*/}
    echo "<figure><img src=\"$f\" alt=\"${name%.*}\" loading=\"lazy\"><figcaption>${name%.*}</figcaption></figure>"
  done
  echo '</body></html>'
) >"$work/gallery.html"
mv "$work/gallery.html" "$input/gallery.html"
prepare() { rm -rf "$1" && mkdir -p "$1" && cp -r "$input" "$1/site"; }

cat >"$work/kiln.json" <<EOF
{
  // scripts/bench/build.sh: the same outputs as the chain (plus hashed names)
  "images": { "enabled": true, "widths": [${widths}], "quality": 80, "effort": 4, "lossy": true },
  "hash": { "enabled": true },
  "compress": { "enabled": true, "brotliQuality": 11 },
  "precache": { "enabled": true, "globPatterns": ["${globs}"], "output": "precache-manifest.json" },
  "budget": { "entries": [
    { "path": "index.html", "initial": "2 MB" },
    { "path": "gallery.html", "initial": "2 MB" }
  ] }
}
EOF
sed 's/, "lossy": true//' "$work/kiln.json" >"$work/kiln-default.json"  # the images' default mode

# size-limit: its config lives outside the site (kiln would read a .size-limit.json in it).
sl=$work/sl
mkdir -p "$sl"
ln -s "$work/chain/site" "$sl/site"
echo '{"private":true,"devDependencies":{"size-limit":"*","@size-limit/file":"*"}}' >"$sl/package.json"
cat >"$sl/.size-limit.json" <<'EOF'
[
  { "name": "index.html JS/CSS", "brotli": true, "limit": "2 MB",
    "path": ["site/swagger-ui.css", "site/index.css", "site/swagger-ui-bundle.js",
             "site/swagger-ui-standalone-preset.js", "site/swagger-initializer.js"] },
  { "name": "gallery.html JS/CSS", "brotli": true, "limit": "2 MB", "path": ["site/index.css"] }
]
EOF

# The chain, one tool after the other; each step's "wall user sys maxrss_kb" in $W/t-NAME.
cat >"$work/chain.sh" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
step() { local n=$1; shift; /usr/bin/time -f "%e %U %S %M" -o "$W/t-$n" "$@" >"$W/$n.out"; }
step sharp node "$B/sharp-images.mjs" "$S" --widths "$WIDTHS" --quality 80 --effort 4 --jobs "$J"
step zlib node "$B/compress-node.mjs" "$S"
step workbox node "$B/workbox-manifest.mjs" "$S" precache-manifest.json "$GLOBS"
step size-limit bash -c 'cd "$1" && "$2" --json' - "$W/sl" "$B/node_modules/.bin/size-limit"
EOF
chmod +x "$work/chain.sh"

# measure NAME CMD...: CMD under /usr/bin/time, stdout to $work/NAME.out, stderr to
# $work/NAME.err; appends "name wall cpu maxrss_kb" to $work/times; returns CMD's exit code.
measure() {
  local name=$1 rc=0; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  read -r wall user sys rss <"$work/time.txt"
  echo "$name $wall $(echo "$user + $sys" | bc) $rss" >>"$work/times"
  return $rc
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
stat_of() { awk -v n="$1" -v c="$2" '$1==n {print $c}' "$work/times" | median; }
div() { echo "scale=4; $1 / ($2 + 0.0001)" | bc -l; }
verdict() { [[ $(echo "$1" | bc -l) == 1 ]] && echo met || echo MISSED; }

# ---------------------------------------------------------------- runs
echo "load before: $(uptime)"
: >"$work/times"
kiln_rc=()
for ((i = 1; i <= RUNS; i++)); do
  prepare "$work/chain"
  W=$work B=$bench S=$work/chain/site J=$cores WIDTHS=$widths GLOBS=$globs measure chain "$work/chain.sh" ||
    { cat "$work/chain.err" "$work"/*.out; exit 1; }
  for t in sharp zlib workbox size-limit; do
    read -r wall user sys rss <"$work/t-$t"
    echo "$t $wall $(echo "$user + $sys" | bc) $rss" >>"$work/times"
  done
  rm -rf "$work/cache"
  prepare "$work/cold"
  rc=0
  measure kiln-cold "$KILN" build "$work/cold/site" -c "$work/kiln.json" --cache-dir "$work/cache" \
    --format json --perf -q || rc=$?
  kiln_rc+=("cold:$rc")
  mv "$work/kiln-cold.err" "$work/cold.perf"
  prepare "$work/warm"
  rc=0
  measure kiln-warm "$KILN" build "$work/warm/site" -c "$work/kiln.json" --cache-dir "$work/cache" \
    --format json --perf -q || rc=$?
  kiln_rc+=("warm:$rc")
  mv "$work/kiln-warm.err" "$work/warm.perf"
  rm -rf "$work/cache-default"
  prepare "$work/default"
  rc=0
  measure kiln-default "$KILN" build "$work/default/site" -c "$work/kiln-default.json" \
    --cache-dir "$work/cache-default" --format json -q || rc=$?
  kiln_rc+=("default:$rc")
done
echo "load after:  $(uptime)"

# The floor, once (thread CPU time does not depend on load): the files kiln compressed (their
# final, hashed bytes), the input's pictures and sources.
{
  find "$work/cold/site" -name '*.br' | LC_ALL=C sort | sed 's/\.br$//; s/^/br /'
  find "$input" -type f -regextype posix-extended -iregex '.*\.(png|jpe?g|gif|tiff?|webp)' | LC_ALL=C sort |
    sed "s/\$/ $widths/; s/^/webp /"
  find "$input" -type f -regextype posix-extended -iregex '.*\.(m?js|cjs|css|html?)' | LC_ALL=C sort | sed 's/^/ts /'
} >"$work/floor.list"
"$work/build-floor" <"$work/floor.list" >"$work/floor.out"
read -r _ f_br f_webp f_ts f_px < <(grep '^floor ' "$work/floor.out")
f_cpu=$(echo "$f_br + $f_webp + $f_ts" | bc -l)
f_wall=$(echo "$f_cpu / $cores" | bc -l)
# The floor with the pixels the encoder needs: one decode per image and a resize per width.
fp_cpu=$(echo "$f_cpu + $f_px" | bc -l)
fp_wall=$(echo "$fp_cpu / $cores" | bc -l)

# ---------------------------------------------------------------- outputs and checks
cold=$work/cold/site warm=$work/warm/site chain=$work/chain/site
webp_bytes() { find "$1" -name '*.webp' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
webp_count() { find "$1" -name '*.webp' | wc -l; }
sum_ext() { find "$1" -name "*.$2" -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
identical=$(diff -r -q "$cold" "$warm" >"$work/diff.txt" && echo "byte-identical" || echo "DIFFERENT ($(wc -l <"$work/diff.txt") paths)")
broken=0
while read -r to; do [[ -e $cold/$to ]] || { echo "  broken reference after hashing: $to"; broken=$((broken + 1)); }; done \
  < <(jq -r '.edges[] | select(.to != null and (.external | not)) | .to' "$work/kiln-cold.out")
# _headers rules that say "immutable" for a file whose name carries no content hash (kiln's
# names are NAME-<8 hex>.EXT, image widths NAME-<8 hex>-640w.webp; folder rules end in /*).
unhashed_immutable=$(awk '/^\// {p = $0} /^ .*immutable/ {print p}' "$cold/_headers" | grep -v '/\*$' |
  grep -Evc -- '-[0-9a-f]{8}(-[0-9]+w)?\.[^/.]+$' || true)
sl_index=$(jq '.[] | select(.name == "index.html JS/CSS") | .size' "$work/size-limit.out")
kiln_index=$(jq '.entries[] | select(.path == "index.html") | .initial.byType | (.script.brotli // 0) + (.stylesheet.brotli // 0)' "$work/kiln-cold.out")
phase_cpu() { awk -v p="$1" '$1==p {s += $3} END {printf "%.2f", s / 1000}' "$2"; }

printf '\nkiln build: swagger-ui-dist + mate-backgrounds (%d files, %s), %d run(s), medians, %d cores\n' \
  "$(find "$input" -type f | wc -l)" "$(du -sh "$input" | cut -f1)" "$RUNS" "$cores"
printf '%-30s %8s %8s %9s   %s\n' "" "wall s" "CPU s" "peak MiB" "output"
row() { printf '%-30s %8.2f %8.2f %9.0f   %s\n' "$1" "$(stat_of "$2" 2)" "$(stat_of "$2" 3)" "$(echo "$(stat_of "$2" 4) / 1024" | bc -l)" "$3"; }
row "sharp (WebP + widths)" sharp "$(webp_count "$chain") WebP, $(webp_bytes "$chain") bytes"
row "node zlib (br 11 + gz 9)" zlib "$(jq -r '"\(.brFiles) .br \(.brOut) bytes, \(.gzFiles) .gz \(.gzOut) bytes"' "$work/zlib.out")"
row "workbox-build getManifest" workbox "$(jq -r '"\(.entries) entries, \(.bytes) bytes"' "$work/workbox.out")"
row "size-limit (@size-limit/file)" size-limit "index.html JS/CSS brotli $sl_index bytes"
row "chain total (no hashing)" chain ""
row "kiln build cold" kiln-cold "$(webp_count "$cold") WebP $(webp_bytes "$cold") B; .br $(sum_ext "$cold" br) B, .gz $(sum_ext "$cold" gz) B; $(jq length "$cold/precache-manifest.json") precache; index JS/CSS br $kiln_index B; $(jq '.build.hash.renamed | length' "$work/kiln-cold.out") renamed"
row "kiln build warm" kiln-warm "output $identical to cold"
row "kiln build cold, default mode" kiln-default "$(webp_count "$work/default/site") WebP $(webp_bytes "$work/default/site") B ($(awk -v d="$(webp_bytes "$work/default/site")" -v l="$(webp_bytes "$cold")" 'BEGIN {printf "%+.1f%%", (d / l - 1) * 100}') against lossy)"
printf '%-30s %8.2f %8.2f %9s   %s\n' "floor (CPU / $cores cores)" "$f_wall" "$f_cpu" "" \
  "$(printf 'brotli %.2f + libwebp %.2f + tree-sitter %.2f CPU s' "$f_br" "$f_webp" "$f_ts")"
sed -n 's/^  /  floor: /p' "$work/floor.out"
printf '  kiln cold --perf CPU s: parse %s, images %s, compress %s (run %d)\n' \
  "$(phase_cpu parse "$work/cold.perf")" "$(phase_cpu images "$work/cold.perf")" "$(phase_cpu compress "$work/cold.perf")" "$RUNS"
printf '  kiln exit codes: %s; broken references after hashing: %d; immutable in _headers without a hash in the name: %d\n' \
  "${kiln_rc[*]}" "$broken" "$unhashed_immutable"
((unhashed_immutable == 0)) || awk '/^\// {p = $0} /^ .*immutable/ {print p}' "$cold/_headers" | grep -v '/\*$' |
  grep -Ev -- '-[0-9a-f]{8}(-[0-9]+w)?\.[^/.]+$' | sed 's/^/    /'
echo "  (kiln writes fewer WebP than sharp: it drops a width whose WebP is not smaller than the full-size one, see kiln images --format json)"

cw=$(stat_of chain 2) kw=$(stat_of kiln-cold 2) ww=$(stat_of kiln-warm 2)
printf '\nchain / kiln cold: wall %.2fx, CPU %.2fx   [cold no slower than the chain: %s]\n' \
  "$(div "$cw" "$kw")" "$(div "$(stat_of chain 3)" "$(stat_of kiln-cold 3)")" "$(verdict "$kw <= $cw")"
printf 'chain / kiln cold, default mode: wall %.2fx, CPU %.2fx\n' \
  "$(div "$cw" "$(stat_of kiln-default 2)")" "$(div "$(stat_of chain 3)" "$(stat_of kiln-default 3)")"
printf 'kiln cold / floor: wall %.2fx, CPU %.2fx   [within 10%% of the floor: %s]\n' \
  "$(div "$kw" "$f_wall")" "$(div "$(stat_of kiln-cold 3)" "$f_cpu")" "$(verdict "$kw <= 1.10 * $f_wall")"
printf 'kiln cold / floor + decode and resize (%.2f CPU s): wall %.2fx, CPU %.2fx\n' \
  "$f_px" "$(div "$kw" "$fp_wall")" "$(div "$(stat_of kiln-cold 3)" "$fp_cpu")"
printf 'chain / kiln warm: wall %.1fx, CPU %.1fx   [warm >= 30x faster: %s]\n' \
  "$(div "$cw" "$ww")" "$(div "$(stat_of chain 3)" "$(stat_of kiln-warm 3)")" "$(verdict "$cw >= 30 * $ww")"
