#!/usr/bin/env bash
# Writes a corpus of small images, the kind a chat or forum export is full of, for timing per-file overheads.
#
# Usage: bench/make-small-corpus.sh [DIR [COUNT]]
#   DIR    where the files go (default: bench/target/small-corpus); it is emptied first.
#   COUNT  how many files (default 400): a seized drive or a chat export holds thousands, and a run of a few hundred
#          is too short to show what a second thread gains (the JVM's start is a tenth of it).
# Environment: JOBS, how many files are written at once (default: the number of processors).
# Needs ImageMagick 6's `convert` (Debian's imagemagick package; PATH=/usr/bin:$PATH where another `convert`
# comes first). The same ImageMagick version should give the same bytes every time: every random source is seeded
# (-seed) and the PNGs carry no time stamps. Every file is 8 bits per sample (ImageMagick Q16 would write
# 16-bit PNGs, which PDQ tools narrow differently: bench/RESULTS.md).
#
# COUNT distinct files, none over 100 KB; for the default 400:
#   140 icons           PNG, 16-128 px square, RGBA (alpha ramp) and RGB, some palette (-colors 16)
#   100 thumbnails      JPEG q75-90, 96-320 px on the long side
#   160 chat pictures   JPEG q60-75, 480-1024 px on the long side (what a messenger sends after its own resize)
# Another COUNT keeps those shares (7/20 icons, 1/4 thumbnails, the rest chat pictures) and the sizes and qualities
# above. The default corpus's 400 pictures are part of every larger one (the names' numbers padded to COUNT's
# digits); each file past them is another window of one of them, resized to the file's size and encoded at its
# quality (icons keep their source's kind).
# Content: seeded plasma fractals (photo-like low frequencies) with gradients, shapes and noise on top, so that
# the images differ and their PDQ quality is mostly above the usual threshold.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
out="${1:-$here/bench/target/small-corpus}"
count="${2:-400}"
jobs="${JOBS:-$(nproc)}"
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "COUNT must be a positive number: $count" >&2; exit 1; }
convert="$(command -v convert || true)"
[ -n "$convert" ] && "$convert" -version 2>/dev/null | grep -q 'ImageMagick 6' ||
  { echo "needs ImageMagick 6's convert on PATH (apt-get install imagemagick; PATH=/usr/bin:\$PATH)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"

# job COMMAND...: runs COMMAND in the background, at most JOBS at once
job() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n
  done
  "$@" &
}
# wait_all: waits for every job; ends the script with the status of a failed one
wait_all() {
  local status
  while true; do # wait -n says 127 when no job is left
    wait -n && continue
    status=$?
    [ "$status" -eq 127 ] && return 0
    exit "$status"
  done
}
# picture SEED W H OUT [ARG...]: a seeded plasma with a shape and light noise, then ARGs, written to OUT
picture() {
  local seed="$1" w="$2" h="$3" file="$4"
  shift 4
  job "$convert" -seed "$seed" -size "${w}x${h}" plasma:fractal -blur "0x$((seed % 3 + 1))" \
    -fill 'rgba(255,255,255,0.5)' -draw "circle $((w / 2)),$((h / 2)) $((w / 2)),$((h / 5))" \
    -attenuate "0.$((seed % 3 + 1))" +noise Gaussian "$@" -depth 8 -strip "$file"
}
# derived I SOURCE W H OUT [ARG...]: a window of 70-95 % of SOURCE's sides at a place that depends on I, resized to
# WxH, then ARGs, written to OUT. Files past the default corpus's are made so: a plasma is most of a file's making
# (0.2-0.5 CPU s; a corpus of thousands would take an hour of CPU), a window of one a few hundredths, and every
# window, size and quality gives another picture (another PDQ hash) and other bytes.
derived() {
  local i="$1" source="$2" w="$3" h="$4" file="$5" sw sh cw ch
  shift 5
  read -r sw sh < <(size "$source")
  cw=$((sw * (70 + (i * 13) % 26) / 100)) ch=$((sh * (70 + (i * 17) % 26) / 100))
  job "$convert" "$source" -crop "$((cw > 0 ? cw : 1))x$((ch > 0 ? ch : 1))+$(((i * 7) % (sw - cw + 1)))+$(((i * 11) % (sh - ch + 1)))" \
    +repage -resize "${w}x${h}!" "$@" -depth 8 -strip "$file"
}
# seed KIND I: the seed of a kind's I-th picture (KIND 1-3)
seed() {
  echo $(($1 * 1000 + $2))
}
# number WIDTH I: I padded to WIDTH digits, so that a kind's names sort by index
number() {
  printf '%0*d' "$1" "$2"
}

# the default corpus's pictures of each kind are drawn; the files past them are windows of those
icons=$((count * 7 / 20)) drawn_icons=140
thumbs=$((count / 4)) drawn_thumbs=100
chats=$((count - icons - thumbs)) drawn_chats=160
width=3
while ((10 ** width < count)); do width=$((width + 1)); done
icon_name() { echo "$out/icon_$(number "$width" "$1")_$((16 + ($1 * 37) % 113))px.png"; } # 16..128 px
thumb_long() { echo $((96 + ($1 * 53) % 225)); }                                       # 96..320
thumb_name() {
  local long short
  long="$(thumb_long "$1")" short=$((long * (3 + $1 % 2) / 4))
  echo "$out/thumb_$(number "$width" "$1")_${long}x${short}_q$((75 + ($1 * 7) % 16)).jpg"
}
chat_name() {
  local long=$((480 + ($1 * 97) % 545)) w h # 480..1024
  if (($1 % 4 == 0)); then w=$((long * 3 / 4)) h=$long; else w=$long h=$((long * 3 / 4)); fi # some portrait
  echo "$out/chat_$(number "$width" "$1")_${w}x${h}_q$((60 + ($1 * 11) % 16)).jpg"
}
# size NAME: W H from a file's name
size() {
  local s="${1##*_}"
  case "$s" in
    *px.png) echo "${s%px.png} ${s%px.png}" ;;
    *) s="${1%_q*}" s="${s##*_}" && echo "${s%x*} ${s#*x}" ;;
  esac
}
quality() {
  local q="${1##*_q}"
  echo "${q%.jpg}"
}
png_args=(-define png:exclude-chunks=date,time)
for ((i = 0; i < icons && i < drawn_icons; i++)); do
  file="$(icon_name "$i")"
  read -r side _ < <(size "$file")
  case $((i % 3)) in
    0) picture "$(seed 1 "$i")" "$side" "$side" "$file" \
      \( -size "${side}x${side}" gradient:white-black \) -alpha off -compose CopyOpacity -composite "${png_args[@]}" ;;
    1) picture "$(seed 1 "$i")" "$side" "$side" "$file" -colors 16 "${png_args[@]}" ;;
    *) picture "$(seed 1 "$i")" "$side" "$side" "$file" "${png_args[@]}" ;;
  esac
done
for ((i = 0; i < thumbs && i < drawn_thumbs; i++)); do
  file="$(thumb_name "$i")"
  read -r w h < <(size "$file")
  picture "$(seed 2 "$i")" "$w" "$h" "$file" -quality "$(quality "$file")"
done
for ((i = 0; i < chats && i < drawn_chats; i++)); do
  file="$(chat_name "$i")"
  read -r w h < <(size "$file")
  picture "$(seed 3 "$i")" "$w" "$h" "$file" -sampling-factor 2x2 -quality "$(quality "$file")"
done
wait_all
for ((i = drawn_icons; i < icons; i++)); do
  file="$(icon_name "$i")" source="$(icon_name $((i % drawn_icons)))"
  read -r side _ < <(size "$file")
  case $((i % drawn_icons % 3)) in # the source's kind of icon: alpha ramp, palette, RGB
    1) derived "$i" "$source" "$side" "$side" "$file" +dither -colors 16 "${png_args[@]}" ;;
    *) derived "$i" "$source" "$side" "$side" "$file" "${png_args[@]}" ;;
  esac
done
for ((i = drawn_thumbs; i < thumbs; i++)); do
  file="$(thumb_name "$i")"
  read -r w h < <(size "$file")
  derived "$i" "$(thumb_name $((i % drawn_thumbs)))" "$w" "$h" "$file" -quality "$(quality "$file")"
done
for ((i = drawn_chats; i < chats; i++)); do
  file="$(chat_name "$i")"
  read -r w h < <(size "$file")
  derived "$i" "$(chat_name $((i % drawn_chats)))" "$w" "$h" "$file" -sampling-factor 2x2 -quality "$(quality "$file")"
done
wait_all
n="$(find "$out" -type f | wc -l)"

big="$(find "$out" -type f -size +100k | wc -l)"
echo "$n files in $out, $(du -sk "$out" | cut -f1) KB in all, $big over 100 KB" >&2
[ "$big" -eq 0 ] || { echo "files over 100 KB:" >&2; find "$out" -type f -size +100k >&2; exit 1; }
