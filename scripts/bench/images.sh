#!/usr/bin/env bash
# kiln images against sharp on real photographs and artwork: Debian's mate-backgrounds (30
# JPEG/PNG wallpapers, ~100 megapixels, some with alpha), unpacked with apt-get download +
# dpkg -x into corpus/images (never installed, never committed). Same outputs on both sides:
# a full-size WebP (quality 80, effort 4) plus 640/1280/1920 widths, never upscaled.
# Then where the time goes, one thread, CPU seconds: build-floor.c encodes the same pictures
# with the system libwebp (and times libvips' one decode per image and reduce per width
# apart), sharp-webp-floor.mjs encodes them with sharp's bundled libwebp: kiln's cold CPU
# against the sum of its own libraries' work, and the encoders side by side.
#   scripts/bench/images.sh            (KILN=path/to/kiln, JOBS=N to override)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
kiln=${KILN:-$root/build/kiln}
jobs=${JOBS:-$(nproc)}
widths=640,1280,1920

# --- corpus ---
corpus=$root/corpus/images
if [[ ! -d $corpus/x/usr/share/backgrounds/mate ]]; then
  mkdir -p "$corpus"
  (cd "$corpus" && apt-get download mate-backgrounds >/dev/null && dpkg -x mate-backgrounds_*.deb x)
fi
src=$corpus/x/usr/share/backgrounds/mate

# --- sharp, from the npm registry into scripts/bench/node_modules ---
if [[ ! -d scripts/bench/node_modules/sharp ]]; then
  (cd scripts/bench && npm install --no-audit --no-fund --silent >/dev/null)
fi

work=$(mktemp -d /tmp/kiln-bench-images.XXXXXX)
trap 'rm -rf "$work"' EXIT
g=$root/grammars/node_modules
read -ra libs < <(pkg-config --cflags --libs vips libwebp libbrotlienc)
cc -O2 -w -o "$work/build-floor" scripts/bench/build-floor.c \
  "$g"/tree-sitter-javascript/src/{parser,scanner}.c "$g"/tree-sitter-css/src/{parser,scanner}.c \
  "$g"/tree-sitter-html/src/{parser,scanner}.c "${libs[@]}" -ltree-sitter
cp -r "$src" "$work/kiln"
cp -r "$src" "$work/sharp"
sync

# Runs a command under /usr/bin/time -v; prints "wall cpu maxrss_kb".
measure() {
  local log=$work/time.log
  /usr/bin/time -v "$@" >"$work/out.log" 2>"$log" || { cat "$work/out.log" "$log"; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %d\n", wall, cpu, rss }' "$log"
}
webp_bytes() { find "$1" -name '*.webp' -printf '%s\n' | awk '{s += $1} END {print s + 0}'; }
webp_count() { find "$1" -name '*.webp' | wc -l; }

echo "corpus: $(find "$src" -type f | wc -l) images, $(du -sh "$src" | cut -f1), $jobs cores"
read -r s_wall s_cpu s_rss < <(measure node scripts/bench/sharp-images.mjs "$work/sharp" --widths $widths --quality 80 --effort 4 --jobs "$jobs")
head -1 "$work/out.log"
read -r k_wall k_cpu k_rss < <(measure "$kiln" images "$work/kiln" --widths $widths --quality 80 --effort 4 --lossy --cache-dir "$work/cache" -j "$jobs" -q)
read -r w_wall w_cpu w_rss < <(measure "$kiln" images "$work/kiln" --widths $widths --quality 80 --effort 4 --lossy --cache-dir "$work/cache" -j "$jobs" -q)
s_bytes=$(webp_bytes "$work/sharp") k_bytes=$(webp_bytes "$work/kiln")

printf '\n%-22s %9s %9s %12s %14s %7s\n' "" "wall s" "cpu s" "peak MB" "webp bytes" "files"
printf '%-22s %9s %9s %12d %14d %7d\n' "sharp (cold)" "$s_wall" "$s_cpu" $((s_rss / 1024)) "$s_bytes" "$(webp_count "$work/sharp")"
printf '%-22s %9s %9s %12d %14d %7d\n' "kiln (cold)" "$k_wall" "$k_cpu" $((k_rss / 1024)) "$k_bytes" "$(webp_count "$work/kiln")"
printf '%-22s %9s %9s %12d\n' "kiln (warm)" "$w_wall" "$w_cpu" $((w_rss / 1024))
awk -v sw="$s_wall" -v kw="$k_wall" -v ww="$w_wall" -v sb="$s_bytes" -v kb="$k_bytes" -v sr="$s_rss" -v kr="$k_rss" 'BEGIN {
  printf "\ncold: kiln %.2fx faster than sharp (goal >= 1.2x)\n", sw / kw
  printf "bytes: kiln/sharp = %.3f (goal within 3%%)\n", kb / sb
  printf "warm: kiln %.0fx faster than sharp cold (goal >= 50x)\n", sw / (ww > 0.005 ? ww : 0.005)
  printf "peak memory: kiln/sharp = %.2f (goal < 1)\n", kr / sr
}'

# --- where the time goes (one thread each, CPU seconds) ---
find "$src" -type f | LC_ALL=C sort | sed "s/\$/ $widths/; s/^/webp /" >"$work/floor.list"
read -r _ _ f_webp _ f_px < <("$work/build-floor" <"$work/floor.list" | grep '^floor ')
sharp_webp=$(node scripts/bench/sharp-webp-floor.mjs "$src" --widths $widths | sed -n 's/.*cpu \([0-9.]*\) s$/\1/p')
awk -v w="$f_webp" -v p="$f_px" -v k="$k_cpu" -v sw="$sharp_webp" -v s="$s_cpu" 'BEGIN {
  printf "\nwhere the CPU goes: system libwebp %.2f s + libvips decode once and reduce %.2f s = %.2f s; kiln cold %.2f s (%.2fx that)\n", w, p, w + p, k, k / (w + p)
  printf "sharp: its libwebp alone %.2f s of %.2f s; sharp / (libwebp + decode + reduce) = %.2fx\n", sw, s, s / (w + p)
}'
