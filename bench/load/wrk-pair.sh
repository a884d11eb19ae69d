#!/usr/bin/env bash
# Two builds of hashmatch serve side by side: the service's CPU per PDQ lookup request of build A against build B,
# in the same run. Both serve the same snapshot at once (two ports), are warmed up alike, then wrk drives them in
# turn (A, B, B, A, ...: each pair alternates which goes first) with the queries of bench/load/wrk-lookups.sh; the
# service not driven waits idle. Each service is warmed up as wrk-lookups.sh does (serve_warm of bench/load/serve.sh:
# 10-s wrk runs until its CPU per request is steady, each run printed), then the pairs start. Each
# turn prints the service's CPU per request (user + system of its JVM from /proc over the wrk run, every thread,
# divided by the requests answered), its system time and minor page faults per request, and wrk's CPU; the summary
# gives B/A per pair and the median. CPU per request holds up on a loaded machine far better than requests/s, which
# measure the other processes as much as hashmatch.
#
#   bench/load/wrk-pair.sh LAUNCHER_A LAUNCHER_B [SNAPSHOT]
#
# LAUNCHER_A/B: copies of the launcher, each beside its own service/target/hashmatch.jar (so that a build cannot
# replace a jar under a running service). SNAPSHOT defaults to /tmp/lookup-load/scale-10000000.hmsnap (see
# bench/load/make-list.sh). SNAPSHOT_B: another snapshot for B (default SNAPSHOT), e.g. the same list written in
# another format version by another build's make-list.sh (both must hold the same hashes). Environment: PAIRS (default
# 4), DURATION (each wrk run, default 15s), CONNECTIONS (32), THREADS (wrk threads, 1), MODE (v1 or hma), HEAP,
# WARMUP_SECONDS / WARMUP_MAX_SECONDS and QUERY_COUNT/SEED/NEAR (the queries), all as wrk-lookups.sh; SERVICE_OPTS
# (both), SERVICE_OPTS_A / SERVICE_OPTS_B (one side's extra JVM flags, e.g. the same build with a setting changed:
# -Dhashmatch.server.round-flush=false); bench/target/benchmarks.jar must exist (it writes the queries).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
# shellcheck source=bench/load/serve.sh
source "$here/serve.sh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ $# -ge 2 ] || { echo "usage: $0 LAUNCHER_A LAUNCHER_B [SNAPSHOT]" >&2; exit 2; }
launchers=("$1" "$2")
SNAP=${3:-/tmp/lookup-load/scale-10000000.hmsnap}
snaps=("$SNAP" "${SNAPSHOT_B:-$SNAP}")
PAIRS=${PAIRS:-4}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
export MODE=${MODE:-v1}
work=$(mktemp -d /tmp/hashmatch-wrk-pair.XXXXXX)
export QUERIES=$work/queries.txt
"$JAVA_HOME/bin/java" -cp "$root/bench/target/benchmarks.jar" io.hashmatch.bench.list.LookupLoop write "$SNAP" \
  "$QUERIES" "${QUERY_COUNT:-4096}" "${SEED:-20}" "${NEAR:-20}"

names=(A B)
pids=()
bases=()
keys=()
cleanup() {
  kill "${pids[@]}" 2> /dev/null || true
  wait "${pids[@]}" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "snapshot $SNAP (B: ${snaps[1]})"
for i in 0 1; do
  mkdir -p "$work/$i"
  opts=SERVICE_OPTS_${names[$i]}
  HASHMATCH=${launchers[$i]} PORT=$((18080 + i)) SERVICE_OPTS="${SERVICE_OPTS:-} ${!opts:-}" \
    serve_start "${snaps[$i]}" "$work/$i"
  serve_await
  pids+=("$pid")
  bases+=("$base")
  keys+=("$KEY")
  echo "service ${names[$i]}: ${launchers[$i]} ${!opts:-} (pid $pid, $base)"
done

run() { # i duration -> "requests cpu_us wrk_us rps sys_us minor_faults" (wrk_round)
  HM_KEY=${keys[$1]} wrk_round "${pids[$1]}" "${bases[$1]}" "$2" "$work/round.out"
}

for i in 0 1; do
  echo "warm-up of ${names[$i]} (pid ${pids[$i]}):"
  HM_KEY=${keys[$i]} serve_warm "${pids[$i]}" "${bases[$i]}" "$work"
done
echo "warmed up; load average $(cut -d' ' -f1-3 /proc/loadavg)"

ratios=()
for p in $(seq 1 "$PAIRS"); do
  order=(0 1)
  [ $((p % 2)) = 0 ] && order=(1 0)
  declare -A cpu=()
  for i in "${order[@]}"; do
    read -r n us wrk_us rps sys_us faults <<< "$(run "$i" "$DURATION")"
    cpu[$i]=$us
    echo "pair $p ${names[$i]}: $n requests, $rps/s; service CPU $us us/request (system $sys_us, page faults" \
      "$faults per request), wrk CPU $wrk_us" \
      "us/request; load average $(cut -d' ' -f1 /proc/loadavg)"
  done
  ratios+=("$(echo "scale=3; ${cpu[1]} / ${cpu[0]}" | bc)")
done
echo "== service CPU per request B/A per pair: ${ratios[*]}; median $(printf '%s\n' "${ratios[@]}" | sort -n |
  awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}')"
