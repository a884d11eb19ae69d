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
#   CONTROL=1 to measure the host's own ceiling instead: the files are split into two halves of about the same
#   bytes (largest first, each to the half with fewer bytes so far), each hashed by a `--threads 1` process pinned
#   to a CPU of its own (the first two this script may use; needs taskset), the halves one after the other and then
#   both at once (alternating which comes first). Two independent one-thread processes share nothing but the host
#   (its caches, memory bandwidth, a vCPU's SMT sibling), so the CPU they take together over the CPU they take alone
#   is the host's inflation, and sum(wall alone) / max(wall together) the speed-up two cores give work that needs
#   no coordination; it is also bounded by how evenly the halves' work is split (equal bytes are not equal time,
#   and each half pays its own JVM start), so `--threads 2`, with one queue, can come out above it. Each half's run
#   is checked against the warm-up's records. Meaningful on an otherwise idle host: on a loaded one a half "alone"
#   has other work on the second CPU beside it too.
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

# half NAME CPU FILE...: hashes FILEs with one thread on CPU (the launcher's own pinning then keeps it there), writing
# the records to $work/NAME.out and "wall user system" seconds to $work/NAME.time
# shellcheck disable=SC2086 # HASHMATCH_ARGS is a list of words
half() {
  local name="$1" cpu="$2"
  shift 2
  { TIMEFORMAT='%R %U %S'; time { taskset -c "$cpu" "$here/hashmatch" hash --threads 1 --format jsonl $hm_args "$@" \
    >"$work/$name.out" 2>/dev/null || [ $? -eq 2 ]; }; } 2>"$work/$name.time"
}
if [ "${CONTROL:-0}" = 1 ]; then
  command -v taskset >/dev/null || { echo "CONTROL=1 needs taskset (util-linux)" >&2; exit 1; }
  read -r cpu_a cpu_b < <(python3 -I -c 'import os; print(*sorted(os.sched_getaffinity(0))[:2])')
  [ -n "${cpu_b:-}" ] || { echo "CONTROL=1 needs two CPUs" >&2; exit 1; }
  # halves of about the same bytes: every other file left the PDQ corpus's halves 2.2 and 2.5-3.1 s apart alone
  first=() second=()
  while IFS= read -r -d '' half_file; do
    case "$half_file" in 1*) first+=("${half_file#1}") ;; *) second+=("${half_file#2}") ;; esac
  done < <(python3 -I - "${files[@]}" <<'PY'
import os, sys
sums, half = [0, 0], {}
for p in sorted(sys.argv[1:], key=lambda p: (-os.path.getsize(p), p)):
    half[p] = 0 if sums[0] <= sums[1] else 1
    sums[half[p]] += os.path.getsize(p)
for p in sys.argv[1:]:  # each half in the script's own (sorted) order
    sys.stdout.write(f"{half[p] + 1}{p}\0")
PY
  )
  echo "control: halves of ${#first[@]} and ${#second[@]} files, --threads 1 each, pinned to CPUs $cpu_a and $cpu_b"
  for ((i = 1; i <= pairs; i++)); do
    if ((i % 2)); then order="alone together"; else order="together alone"; fi
    for mode in $order; do
      load="$(cut -d' ' -f1 /proc/loadavg)"
      if [ "$mode" = alone ]; then
        half a "$cpu_a" "${first[@]}"
        half b "$cpu_b" "${second[@]}"
      else
        half a "$cpu_a" "${first[@]}" &
        half b "$cpu_b" "${second[@]}" &
        wait
      fi
      read -r wall_a user_a sys_a <"$work/a.time"
      read -r wall_b user_b sys_b <"$work/b.time"
      echo "$i $mode $wall_a $user_a $sys_a $wall_b $user_b $sys_b" >>"$work/control"
      awk -v i="$i" -v m="$mode" -v l="$load" -v wa="$wall_a" -v ua="$user_a" -v sa="$sys_a" -v wb="$wall_b" \
        -v ub="$user_b" -v sb="$sys_b" \
        'BEGIN { printf "round %d  %-8s  load %5.2f  first half wall %6.2f s cpu %6.2f s  second half wall %6.2f s cpu %6.2f s\n",
                 i, m, l, wa, ua + sa, wb, ub + sb }'
      sort "$work/a.out" "$work/b.out" | cmp -s <(sort "$work/warm.out") - || echo "  note: the halves' records differ from the warm-up run's"
    done
  done
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 -I - "$work/control" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    i, mode, wa, ua, sa, wb, ub, sb = line.split()
    runs[(int(i), mode)] = (float(wa), float(ua) + float(sa), float(wb), float(ub) + float(sb))
rounds = sorted({i for i, _ in runs})
cpu = [(runs[(i, "together")][1] + runs[(i, "together")][3]) / (runs[(i, "alone")][1] + runs[(i, "alone")][3])
       for i in rounds]
speed = [(runs[(i, "alone")][0] + runs[(i, "alone")][2]) / max(runs[(i, "together")][0], runs[(i, "together")][2])
         for i in rounds]
print("host's CPU inflation cpu(together)/cpu(alone): " + ", ".join(f"{r:.2f}x" for r in cpu)
      + f"; median {statistics.median(cpu):.2f}x")
print("host's ceiling sum(wall alone)/max(wall together): " + ", ".join(f"{r:.2f}x" for r in speed)
      + f"; median {statistics.median(speed):.2f}x")
PY
  exit 0
fi
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
