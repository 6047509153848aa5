#!/usr/bin/env bash
# kiln images against sharp on two sets of real images, the same outputs on both sides: a
# full-size WebP (quality 80, effort 4) plus 640/1280/1920 widths, never upscaled.
#   mate:  Debian's mate-backgrounds (30 JPEG/PNG wallpapers, ~100 megapixels, some with alpha)
#   mixed: PNG artwork of other kinds: the wallpapers of sway-backgrounds, lomiri-wallpapers
#          and desktop-base (boot/login art), screenshots of real pages made here with headless
#          Chromium (swagger-ui-dist rendering images-swagger.html, Debian's HTML manuals), at
#          1x and 2x, and the Tango icon theme's 32x32 PNGs.
# Debian packages are unpacked with apt-get download + dpkg -x into corpus/images (never
# installed, never committed). Each run converts each set three times, interleaved, cold:
# sharp, kiln's default mode (no flag) and kiln --lossy; RUNS runs (default 3), medians. Then,
# once, kiln --lossless on the PNG/GIF sources: with the --lossy run that gives the best of
# lossy and lossless per image, against which images-choice.mjs checks the default's bytes
# and prints which images chose lossless and what that saved. FLOOR=1 then times, one thread,
# the libraries' own work for the --lossy outputs on mate (build-floor.c, sharp-webp-floor.mjs).
#   scripts/bench/images.sh            (KILN=path/to/kiln, JOBS=N, RUNS=N, SETS="mate mixed")
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
kiln=${KILN:-$root/build/kiln}
jobs=${JOBS:-$(nproc)}
runs=${RUNS:-3}
sets=${SETS:-mate mixed}
widths=640,1280,1920
corpus=$root/corpus/images

# --- corpora ---
unpack() {  # PACKAGE: unpacked under $corpus/x (mate-backgrounds' place since the first bench)
  [[ -f $corpus/.$1.unpacked ]] && return
  mkdir -p "$corpus"
  (cd "$corpus" && apt-get download "$1" >/dev/null && dpkg -x "$1"_*.deb x && rm -f "$1"_*.deb)
  touch "$corpus/.$1.unpacked"
}
[[ -d $corpus/x/usr/share/backgrounds/mate ]] && touch "$corpus/.mate-backgrounds.unpacked"
unpack mate-backgrounds
mixed=$corpus/mixed
if [[ ! -f $mixed/.complete ]]; then
  rm -rf "$mixed" && mkdir -p "$mixed"/{wallpapers,screenshots,icons}
  for p in sway-backgrounds lomiri-wallpapers desktop-base tango-icon-theme; do unpack "$p"; done
  x=$corpus/x/usr/share
  cp "$x"/backgrounds/sway/*.png "$x"/backgrounds/warty-final-ubuntu.png "$mixed/wallpapers/"
  find "$x/desktop-base" -path '*/grub/*' -name '*.png' -type f -size +20k | while read -r f; do
    t=${f#"$x"/desktop-base/}; cp "$f" "$mixed/wallpapers/desktop-base-${t//\//-}"; done
  find "$x/icons/Tango/32x32" -name '*.png' -type f -exec cp {} "$mixed/icons/" \;
  [[ -d corpus/swagger-ui-dist ]] || scripts/fetch-corpus swagger-ui-dist
  shot() {  # NAME URL WIDTH HEIGHT SCALE
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
      --virtual-time-budget=5000 --window-size="$3,$4" --force-device-scale-factor="$5" \
      --screenshot="$mixed/screenshots/$1.png" "$2" >/dev/null 2>&1
  }
  swagger=file://$root/scripts/bench/images-swagger.html
  shot swagger-1280 "$swagger" 1280 900 1
  shot swagger-1920 "$swagger" 1920 1080 1
  shot swagger-1440-2x "$swagger" 1440 900 2
  shot libffi-index-1280 file:///usr/share/doc/libffi8/html/index.html 1280 900 1
  shot libffi-types-1440-2x file:///usr/share/doc/libffi8/html/Primitive-Types.html 1440 900 2
  shot users-and-groups-1920 file:///usr/share/doc/base-passwd/users-and-groups.html 1920 1080 1
  shot users-and-groups-1280-2x file:///usr/share/doc/base-passwd/users-and-groups.html 1280 800 2
  touch "$mixed/.complete"
fi
set_dir() { [[ $1 == mate ]] && echo "$corpus/x/usr/share/backgrounds/mate" || echo "$mixed"; }

# --- sharp, from the npm registry into scripts/bench/node_modules ---
if [[ ! -d scripts/bench/node_modules/sharp ]]; then
  (cd scripts/bench && npm install --no-audit --no-fund --silent >/dev/null)
fi

work=$(mktemp -d /tmp/kiln-bench-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Runs a command under /usr/bin/time -v, its stdout into $work/out.log; prints "wall cpu maxrss_kb".
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
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
fresh() { rm -rf "$2" && cp -r "$1" "$2" && rm -f "$2/.complete" && sync; }
kiln_run() {  # DIR CACHE [FLAGS...]: kiln images, JSON report into $work/out.log
  local dir=$1 cache=$2; shift 2
  measure "$kiln" images "$dir" --widths $widths --quality 80 --effort 4 "$@" --cache-dir "$cache" -j "$jobs" --format json
}

echo "$jobs cores, $runs run(s) of each tool per set, interleaved; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
summary=()
for set in $sets; do
  src=$(set_dir "$set")
  declare -A wall=() cpu=() rss=() ratio=()
  for ((r = 1; r <= runs; r++)); do
    fresh "$src" "$work/sharp"
    read -r w c m < <(measure node scripts/bench/sharp-images.mjs "$work/sharp" --widths $widths --quality 80 --effort 4 --jobs "$jobs")
    wall[sharp]+=" $w" cpu[sharp]+=" $c" rss[sharp]+=" $m" sharp_wall=$w
    sharp_version=$(head -1 "$work/out.log")
    for mode in default lossy; do
      fresh "$src" "$work/$mode"
      rm -rf "$work/cache-$mode"
      flag=(); [[ $mode == lossy ]] && flag=(--lossy)
      read -r w c m < <(kiln_run "$work/$mode" "$work/cache-$mode" "${flag[@]}")
      cp "$work/out.log" "$work/$set-$mode.json"
      wall[$mode]+=" $w" cpu[$mode]+=" $c" rss[$mode]+=" $m"
      ratio[$mode]+=" $(awk -v s="$sharp_wall" -v k="$w" 'BEGIN {printf "%.2f", s / k}')"
    done
  done
  read -r ww wc wm < <(kiln_run "$work/default" "$work/cache-default")  # warm: same folder, same cache
  # The lossless trial, once: PNG/GIF sources only (the default never tries lossless on others).
  rm -rf "$work/lossless" && mkdir -p "$work/lossless"
  (cd "$src" && find . \( -iname "*.png" -o -iname "*.gif" \) -type f -exec cp --parents {} "$work/lossless" \;)
  kiln_run "$work/lossless" "$work/cache-lossless" --lossless >/dev/null
  cp "$work/out.log" "$work/$set-lossless.json"

  printf '\n%s: %s images, %s; %s\n' "$set" "$(find "$src" -type f \( -iname '*.png' -o -iname '*.jp*g' -o -iname '*.gif' \) | wc -l)" "$(du -sh --exclude=.complete "$src" | cut -f1)" "$sharp_version"
  printf '%-26s %9s %9s %9s %14s %7s\n' "medians of $runs" "wall s" "cpu s" "peak MB" "webp bytes" "files"
  row() { printf '%-26s %9s %9s %9d %14s %7s\n' "$1" "$(echo "${wall[$2]}" | median)" "$(echo "${cpu[$2]}" | median)" $(($(echo "${rss[$2]}" | median | cut -d. -f1) / 1024)) "$3" "$4"; }
  row "sharp (cold)" sharp "$(webp_bytes "$work/sharp")" "$(webp_count "$work/sharp")"
  row "kiln default (cold)" default "$(webp_bytes "$work/default")" "$(webp_count "$work/default")"
  row "kiln --lossy (cold)" lossy "$(webp_bytes "$work/lossy")" "$(webp_count "$work/lossy")"
  printf '%-26s %9s %9s %9d\n' "kiln default (warm)" "$ww" "$wc" $((wm / 1024))
  d=$(echo "${ratio[default]}" | median) l=$(echo "${ratio[lossy]}" | median)
  printf 'cold: kiln default %.2fx faster than sharp (runs:%s; goal >= 1.3x), kiln --lossy %.2fx (runs:%s)\n' "$d" "${ratio[default]}" "$l" "${ratio[lossy]}"
  printf 'bytes: kiln default / sharp = %.3f; warm: %.0fx faster than sharp cold\n' \
    "$(awk -v k="$(webp_bytes "$work/default")" -v s="$(webp_bytes "$work/sharp")" 'BEGIN {print k / s}')" \
    "$(awk -v s="$(echo "${wall[sharp]}" | median)" -v w="$ww" 'BEGIN {print s / (w > 0.005 ? w : 0.005)}')"
  node scripts/bench/images-choice.mjs "$set" "$work/$set-default.json" "$work/$set-lossy.json" "$work/$set-lossless.json" | tee "$work/choice.log" | grep -v '^choice '
  summary+=("$set: default ${d}x sharp, --lossy ${l}x; $(grep '^choice ' "$work/choice.log" | awk '{printf "bytes %+.2f%% against the best single mode per image, %+.2f%% against the best per variant", ($3 / $4 - 1) * 100, ($3 / $8 - 1) * 100}')")
  unset wall cpu rss ratio
done
printf '\n%s\n' "${summary[@]}"
[[ ${FLOOR:-0} == 1 ]] || exit 0

# --- where the time goes for the --lossy outputs on mate (one thread each, CPU seconds) ---
src=$(set_dir mate)
g=$root/grammars/node_modules
read -ra libs < <(pkg-config --cflags --libs vips libwebp libbrotlienc)
cc -O2 -w -o "$work/build-floor" scripts/bench/build-floor.c \
  "$g"/tree-sitter-javascript/src/{parser,scanner}.c "$g"/tree-sitter-css/src/{parser,scanner}.c \
  "$g"/tree-sitter-html/src/{parser,scanner}.c "${libs[@]}" -ltree-sitter
fresh "$src" "$work/lossy"
read -r _ k_cpu _ < <(kiln_run "$work/lossy" "$work/cache-floor" --lossy)
find "$src" -type f | LC_ALL=C sort | sed "s/\$/ $widths/; s/^/webp /" >"$work/floor.list"
read -r _ _ f_webp _ f_px < <("$work/build-floor" <"$work/floor.list" | grep '^floor ')
sharp_webp=$(node scripts/bench/sharp-webp-floor.mjs "$src" --widths $widths | sed -n 's/.*cpu \([0-9.]*\) s$/\1/p')
awk -v w="$f_webp" -v p="$f_px" -v k="$k_cpu" -v sw="$sharp_webp" 'BEGIN {
  printf "\nwhere the CPU goes (--lossy, mate): system libwebp %.2f s + libvips decode once and reduce %.2f s = %.2f s; kiln cold %.2f s (%.2fx that); sharp'"'"'s libwebp alone %.2f s\n", w, p, w + p, k, k / (w + p), sw
}'
