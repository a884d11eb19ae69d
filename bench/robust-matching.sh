#!/usr/bin/env bash
# Recall per edit kind and false hits of PDQ matching, alone and with variants (query side, both sides), on
# photographs from Debian packages and their edited copies; also the hashing time per image, plain vs variants.
# Run from anywhere:
#   bench/robust-matching.sh                    # about 5 minutes on 2 shared cores
#   LISTED=12 bench/robust-matching.sh          # corpus size: how many photographs are listed (1..22)
#   SEED=7 bench/robust-matching.sh             # another choice of listed photographs and other edits
#   EXTRA=none bench/robust-matching.sh         # skip ../shared/pdq/images as extra unrelated queries
#   VARIANT_DISTANCE=31 bench/robust-matching.sh   # distance for hits between two variants (default 24)
#   SKIP_BUILD=1 bench/robust-matching.sh       # reuse bench/target/benchmarks.jar
#   KINDS=MIRROR_CROP5,WATERMARK bench/robust-matching.sh   # only these edits (EditKind names): a quicker loop;
#                                               # each edit is the same as in a full run, fewer unrelated edits
#   FLOORS=40,30,20,0 bench/robust-matching.sh  # also what lower PDQ quality floors would find and risk against
#                                               # the PDQ-only list (each query hashed once more, untimed)
# The photographs (CC BY-SA / GPL wallpapers of mate-backgrounds and plasma-workspace-wallpapers) and the
# artwork used as unrelated images (plus ukui-wallpapers and sway-backgrounds) are installed with apt-get when
# missing (needs root); nothing of them is committed. Corpus and results go to bench/target/robust/:
# report.md (the tables), hits.tsv (every hit of every setup, for tuning), corpus/ (the images).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
WORK=bench/target/robust
PACKAGES=(mate-backgrounds plasma-workspace-wallpapers ukui-wallpapers sway-backgrounds fonts-dejavu-core)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "# installing ${missing[*]}" >&2
  if [[ $(id -u) == 0 ]]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    echo "need root (or sudo) to apt-get install ${missing[*]}" >&2; exit 1
  fi
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$WORK"
# Plasma ships each wallpaper at several sizes: take the smallest landscape one at least 1280 wide.
plasma() {
  local dir=/usr/share/wallpapers/$1/contents/images
  ls "$dir" | grep -E '^[0-9]+x[0-9]+\.(jpg|png)$' | awk -F'[x.]' '$1>=1280 && $1>$2 {print $1, $0}' \
    | sort -n | head -1 | sed "s|^[0-9]* |$dir/|"
}
# Photographs (listed or unrelated, chosen by SEED) and artwork (always unrelated): name<TAB>path.
{
  for f in /usr/share/backgrounds/mate/nature/*.jpg; do n=$(basename "$f" .jpg); printf 'mate-%s\t%s\n' "$n" "$f"; done
  for n in BytheWater ColdRipple ColorfulCups DarkestHour EveningGlow FallenLeaf Grey Kite OneStandsOut Path summer_1am; do
    printf 'plasma-%s\t%s\n' "$n" "$(plasma "$n")"
  done
} > "$WORK/photos.tsv"
{
  for n in Altai Autumn Canopee Cascade Cluster Elarun Flow FlyingKonqui Honeywave IceCold Kay Kokkini MilkyWay \
           Opal PastelHills Patak SafeLanding Shell Volna; do
    f=$(plasma "$n"); [[ -n "$f" ]] && printf 'plasma-%s\t%s\n' "$n" "$f"
  done
  for f in /usr/share/backgrounds/mate/abstract/{Elephants.jpg,Flow.png,Gulp.png,Silk.png,Spring.png,Waves.png} \
           /usr/share/backgrounds/mate/desktop/*.{jpg,png}; do
    n=$(basename "$f"); printf 'mate-%s\t%s\n' "${n%.*}" "$f"
  done
  for f in /usr/share/backgrounds/*.jpg /usr/share/backgrounds/*.png; do
    n=$(basename "$f"); printf 'ukui-%s\t%s\n' "${n%.*}" "$f"
  done
  printf 'sway-Blue\t%s\n' /usr/share/backgrounds/sway/Sway_Wallpaper_Blue_1920x1080.png
} > "$WORK/artwork.tsv"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi

EXTRA="${EXTRA:-../shared/pdq/images}"
[[ "$EXTRA" == none ]] && EXTRA=""
args=(--photos "$WORK/photos.tsv" --artwork "$WORK/artwork.tsv" --work "$WORK"
      --listed "${LISTED:-16}" --seed "${SEED:-14}" --max-side "${MAX_SIDE:-1024}" --extra-queries "$EXTRA")
[[ -n "${DISTANCE:-}" ]] && args+=(--distance "$DISTANCE")
[[ -n "${VARIANT_DISTANCE:-}" ]] && args+=(--variant-distance "$VARIANT_DISTANCE")
[[ -n "${KINDS:-}" ]] && args+=(--kinds "$KINDS")
[[ -n "${FLOORS:-}" ]] && args+=(--floors "$FLOORS")

{
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'); LISTED=${LISTED:-16} SEED=${SEED:-14} MAX_SIDE=${MAX_SIDE:-1024} EXTRA=${EXTRA:-none} DISTANCE=${DISTANCE:-31} VARIANT_DISTANCE=${VARIANT_DISTANCE:-24} KINDS=${KINDS:-all} FLOORS=${FLOORS:-none}"
  "$JAVA" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -Xmx3g \
    -cp bench/target/benchmarks.jar io.hashmatch.bench.robust.RobustMatching "${args[@]}"
  echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$WORK/report.md"
