#!/usr/bin/env bash
# Times `hashmatch hash --threads 1` against `--threads 2` on the same files, alternating, in the same run.
#
# Usage: bench/threads-side-by-side.sh [CORPUS]
#   CORPUS  a directory of images (default: ../shared/pdq/images next to the repository); every regular file in
#           it, in sorted order, is given as an argument.
# Environment: PAIRS (default 3); HASHMATCH_ARGS (default --reference-resize; empty for full resolution);
#   JAVA_OPTS (passed to the launcher, e.g. -XX:TieredStopAtLevel=4 to force C2 where the launcher picks C1);
#   PERF=1 to record each run with `perf record -F 499` and split its CPU by thread: the hashing pool
#   (hashmatch-hash-N), the C1 and C2 compiler threads, GC, the rest (main, walker, decoder loader, launcher).
# Output: per run the 1-minute load average just before it, wall and CPU (user + system) seconds and CPU/wall
# (cores kept busy); per pair the speed-up wall(1 thread) / wall(2 threads) and the CPU ratio cpu(2) / cpu(1); the
# medians; whether both runs printed the same records (they must: records come out in input order whatever the
# thread count). On a loaded machine only the CPU figures and the cores kept busy mean much: a run gets a share
# of a core, whatever its thread count.
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
# shellcheck disable=SC2086 # HASHMATCH_ARGS is a list of words
perf_run() {
  if [ "${PERF:-0}" = 1 ]; then
    perf record -q -F 499 -o "$work/perf.$1" -- "$here/hashmatch" hash --threads "$1" --format jsonl $hm_args "${files[@]}"
  else
    run "$1"
  fi
}
# split_by_thread FILE: shares of a perf recording's samples by thread kind
split_by_thread() {
  perf report -i "$1" --sort comm --stdio 2>/dev/null | awk '
    /^#/ || NF < 2 { next }
    { pct = $1; sub(/%/, "", pct); name = $2
      if (name ~ /^hashmatch-hash/) k = "hashing"; else if (name == "C2") k = "C2"; else if (name == "C1") k = "C1";
      else if (name ~ /^(GC|G1)/) k = "GC"; else k = "rest"
      share[k] += pct }
    END { printf "  threads: hashing %.0f %%, C2 %.0f %%, C1 %.0f %%, GC %.0f %%, rest %.0f %%\n",
          share["hashing"], share["C2"], share["C1"], share["GC"], share["rest"] }'
}

echo "corpus: $corpus (${#files[@]} files); hashmatch hash $hm_args; warm-up (untimed) ..."
run 2 >"$work/warm.out" 2>/dev/null || [ $? -eq 2 ]
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then order="1 2"; else order="2 1"; fi
  for t in $order; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    { TIMEFORMAT='%R %U %S'; time { perf_run "$t" >"$work/out.$t" 2>/dev/null || [ $? -eq 2 ]; }; } 2>"$work/time"
    read -r wall user sys <"$work/time"
    echo "$i $t $wall $user $sys" >>"$work/times"
    awk -v i="$i" -v t="$t" -v l="$load" -v w="$wall" -v u="$user" -v s="$sys" \
      'BEGIN { printf "pair %d  --threads %d  load %5.2f  wall %6.2f s  cpu %6.2f s  cpu/wall %.2f\n", i, t, l, w, u + s, (u + s) / w }'
    [ "${PERF:-0}" = 1 ] && split_by_thread "$work/perf.$t"
    cmp -s "$work/warm.out" "$work/out.$t" || echo "  note: records differ from the warm-up run"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 -I - "$work/times" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    i, t, wall, user, sys_ = line.split()
    runs[(int(i), int(t))] = (float(wall), float(user) + float(sys_))
pairs = sorted({i for i, _ in runs})
speed = [runs[(i, 1)][0] / runs[(i, 2)][0] for i in pairs]
cpu = [runs[(i, 2)][1] / runs[(i, 1)][1] for i in pairs]
for t in (1, 2):
    busy = [runs[(i, t)][1] / runs[(i, t)][0] for i in pairs]
    print(f"--threads {t}: wall {min(runs[(i, t)][0] for i in pairs):.2f}-{max(runs[(i, t)][0] for i in pairs):.2f} s,"
          f" cpu {min(runs[(i, t)][1] for i in pairs):.2f}-{max(runs[(i, t)][1] for i in pairs):.2f} s,"
          f" cores busy median {statistics.median(busy):.2f}")
print("speed-up wall(1 thread)/wall(2 threads): " + ", ".join(f"{r:.2f}x" for r in speed)
      + f"; median {statistics.median(speed):.2f}x")
print("CPU cpu(2 threads)/cpu(1 thread): " + ", ".join(f"{r:.2f}x" for r in cpu)
      + f"; median {statistics.median(cpu):.2f}x")
PY
