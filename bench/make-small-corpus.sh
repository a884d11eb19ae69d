#!/usr/bin/env bash
# Writes a corpus of small images, the kind a chat or forum export is full of, for timing per-file overheads.
#
# Usage: bench/make-small-corpus.sh [DIR]
#   DIR  where the files go (default: bench/target/small-corpus); it is emptied first.
# Needs ImageMagick 6's `convert` (Debian's imagemagick package; PATH=/usr/bin:$PATH where another `convert`
# comes first). The same ImageMagick version should give the same bytes every time: every random source is seeded
# (-seed) and the PNGs carry no time stamps. Every file is 8 bits per sample (ImageMagick Q16 would write
# 16-bit PNGs, which PDQ tools narrow differently: bench/RESULTS.md).
#
# 400 files, none over 100 KB:
#   140 icons           PNG, 16-128 px square, RGBA (alpha ramp) and RGB, some palette (-colors 16)
#   100 thumbnails      JPEG q75-90, 96-320 px on the long side
#   160 chat pictures   JPEG q60-75, 480-1024 px on the long side (what a messenger sends after its own resize)
# Content: seeded plasma fractals (photo-like low frequencies) with gradients, shapes and noise on top, so that
# the images differ and their PDQ quality is mostly above the usual threshold.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
out="${1:-$here/bench/target/small-corpus}"
convert="$(command -v convert || true)"
[ -n "$convert" ] && "$convert" -version 2>/dev/null | grep -q 'ImageMagick 6' ||
  { echo "needs ImageMagick 6's convert on PATH (apt-get install imagemagick; PATH=/usr/bin:\$PATH)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"

# picture SEED W H OUT [ARG...]: a seeded plasma with a shape and light noise, then ARGs, written to OUT
picture() {
  local seed="$1" w="$2" h="$3" file="$4"
  shift 4
  "$convert" -seed "$seed" -size "${w}x${h}" plasma:fractal -blur "0x$((seed % 3 + 1))" \
    -fill 'rgba(255,255,255,0.5)' -draw "circle $((w / 2)),$((h / 2)) $((w / 2)),$((h / 5))" \
    -attenuate "0.$((seed % 3 + 1))" +noise Gaussian "$@" -depth 8 -strip "$file"
}

n=0
for i in $(seq 0 139); do
  side=$((16 + (i * 37) % 113)) # 16..128
  file="$out/$(printf 'icon_%03d_%dpx.png' "$i" "$side")"
  case $((i % 3)) in
    0) picture "$((1000 + i))" "$side" "$side" "$file" \
      \( -size "${side}x${side}" gradient:white-black \) -alpha off -compose CopyOpacity -composite \
      -define png:exclude-chunks=date,time ;;
    1) picture "$((1000 + i))" "$side" "$side" "$file" -colors 16 -define png:exclude-chunks=date,time ;;
    *) picture "$((1000 + i))" "$side" "$side" "$file" -define png:exclude-chunks=date,time ;;
  esac
  n=$((n + 1))
done
for i in $(seq 0 99); do
  long=$((96 + (i * 53) % 225)) # 96..320
  short=$((long * (3 + i % 2) / 4))
  q=$((75 + (i * 7) % 16))
  picture "$((2000 + i))" "$long" "$short" "$out/$(printf 'thumb_%03d_%dx%d_q%d.jpg' "$i" "$long" "$short" "$q")" \
    -quality "$q"
  n=$((n + 1))
done
for i in $(seq 0 159); do
  long=$((480 + (i * 97) % 545)) # 480..1024
  short=$((long * 3 / 4))
  q=$((60 + (i * 11) % 16))
  if ((i % 4 == 0)); then w=$short h=$long; else w=$long h=$short; fi # some portrait
  picture "$((3000 + i))" "$w" "$h" "$out/$(printf 'chat_%03d_%dx%d_q%d.jpg' "$i" "$w" "$h" "$q")" \
    -sampling-factor 2x2 -quality "$q"
  n=$((n + 1))
done

big="$(find "$out" -type f -size +100k | wc -l)"
echo "$n files in $out, $(du -sk "$out" | cut -f1) KB in all, $big over 100 KB" >&2
[ "$big" -eq 0 ] || { echo "files over 100 KB:" >&2; find "$out" -type f -size +100k >&2; exit 1; }
