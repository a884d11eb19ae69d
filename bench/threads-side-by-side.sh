#!/usr/bin/env bash
# Times `hashmatch hash --threads 1` against `--threads 2` on the same files, alternating, in the same run.
#
# Usage: bench/threads-side-by-side.sh [CORPUS]
#   CORPUS  a directory of images (default: ../shared/pdq/images next to the repository); every regular file in
#           it, in sorted order, is given as an argument.
# Environment: PAIRS (default 3); HASHMATCH_ARGS (default --reference-resize; empty for full resolution).
# Output: per run the 1-minute load average just before it, wall and CPU (user + system) seconds and CPU/wall
# (cores kept busy); per pair the speed-up wall(1 thread) / wall(2 threads); the median; whether both runs
# printed the same records (they must: records come out in input order whatever the thread count).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="${1:-$here/../shared/pdq/images}"
pairs="${PAIRS:-3}"
hm_args="${HASHMATCH_ARGS---reference-resize}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
# shellcheck disable=SC2086 # HASHMATCH_ARGS is a list of words
run() { "$here/hashmatch" hash --threads "$1" --format jsonl $hm_args "${files[@]}"; }

echo "corpus: $corpus (${#files[@]} files); hashmatch hash $hm_args; warm-up (untimed) ..."
run 2 >"$work/warm.out" 2>/dev/null || [ $? -eq 2 ]
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then order="1 2"; else order="2 1"; fi
  for t in $order; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    { TIMEFORMAT='%R %U %S'; time { run "$t" >"$work/out.$t" 2>/dev/null || [ $? -eq 2 ]; }; } 2>"$work/time"
    read -r wall user sys <"$work/time"
    echo "$i $t $wall $user $sys" >>"$work/times"
    awk -v i="$i" -v t="$t" -v l="$load" -v w="$wall" -v u="$user" -v s="$sys" \
      'BEGIN { printf "pair %d  --threads %d  load %5.2f  wall %6.2f s  cpu %6.2f s  cpu/wall %.2f\n", i, t, l, w, u + s, (u + s) / w }'
    cmp -s "$work/warm.out" "$work/out.$t" || echo "  note: records differ from the warm-up run"
  done
done
python3 -I - "$work/times" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    i, t, wall, user, sys_ = line.split()
    runs[(int(i), int(t))] = float(wall)
ratios = [runs[(i, 1)] / runs[(i, 2)] for i in sorted({i for i, _ in runs})]
print("speed-up wall(1 thread)/wall(2 threads): " + ", ".join(f"{r:.2f}x" for r in ratios)
      + f"; median {statistics.median(ratios):.2f}x")
PY
