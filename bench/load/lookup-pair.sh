#!/usr/bin/env bash
# Two builds' engines side by side, in process: the CPU per PDQ lookup (through the Matcher, as the service makes
# them: one hash, distance 31) of bench jar A against bench jar B, in the same run. Each jar runs LookupLoop loop in
# its own JVM, both open the same snapshot and read the queries of bench/load/wrk-lookups.sh; then passes of LOOKUPS
# lookups alternate between them (A, B, B, A, ...: each pair alternates which goes first), and the summary gives B/A
# per pair and the median. CPU time of the searching thread, so it holds up on a loaded machine better than
# wall time; the load average is printed per pair.
#
#   bench/load/lookup-pair.sh JAR_A JAR_B [SNAPSHOT]
#
# JAR_A/B: copies of bench/target/benchmarks.jar (so that a build cannot replace one under a running JVM). SNAPSHOT
# defaults to /tmp/lookup-load/scale-10000000.hmsnap (bench/load/make-list.sh). SNAPSHOT_B: another snapshot for B
# (default SNAPSHOT), e.g. the same list written in another format version by make-list.sh of another build, so that
# two layouts race with one jar (both sides must hold the same hashes: the hit counts are compared). PAIRS (default 8),
# LOOKUPS (per pass, default 8192), WARMUP (lookups each JVM makes first, default 20000), QUERY_COUNT/SEED/NEAR (the
# queries, as wrk-lookups.sh).
set -euo pipefail
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ $# -ge 2 ] || { echo "usage: $0 JAR_A JAR_B [SNAPSHOT]" >&2; exit 2; }
jar_a=$1
jar_b=$2
SNAP=${3:-/tmp/lookup-load/scale-10000000.hmsnap}
SNAP_B=${SNAPSHOT_B:-$SNAP}
PAIRS=${PAIRS:-8}
LOOKUPS=${LOOKUPS:-8192}
WARMUP=${WARMUP:-20000}
work=$(mktemp -d /tmp/hashmatch-lookup-pair.XXXXXX)
queries=$work/queries.txt
"$JAVA_HOME/bin/java" -cp "$jar_a" io.hashmatch.bench.list.LookupLoop write "$SNAP" "$queries" \
  "${QUERY_COUNT:-4096}" "${SEED:-20}" "${NEAR:-20}"

# each side a JVM reading N from a FIFO and answering one line per pass into another
for side in a b; do mkfifo "$work/$side.in" "$work/$side.out"; done
"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -cp "$jar_a" io.hashmatch.bench.list.LookupLoop loop "$SNAP" \
  "$queries" < "$work/a.in" > "$work/a.out" &
a_pid=$!
"$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -cp "$jar_b" io.hashmatch.bench.list.LookupLoop loop "$SNAP_B" \
  "$queries" < "$work/b.in" > "$work/b.out" &
b_pid=$!
exec {a_in}> "$work/a.in" {a_out}< "$work/a.out" {b_in}> "$work/b.in" {b_out}< "$work/b.out"
cleanup() {
  kill "$a_pid" "$b_pid" 2> /dev/null || true
  wait "$a_pid" "$b_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# one pass of side $1 (A or B) of $2 lookups; prints its CPU us per lookup and hits
pass() {
  local line
  if [ "$1" = A ]; then
    echo "$2" >&"$a_in"
    read -r line <&"$a_out"
  else
    echo "$2" >&"$b_in"
    read -r line <&"$b_out"
  fi
  # lookups N cpu_us X wall_us Y hits H
  awk '{print $4, $8}' <<< "$line"
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); snapshot $SNAP (B: $SNAP_B); A=$jar_a B=$jar_b"
pass A "$WARMUP" > /dev/null
pass B "$WARMUP" > /dev/null
ratios=()
for p in $(seq 1 "$PAIRS"); do
  if [ $((p % 2)) -eq 1 ]; then
    read -r a hits_a <<< "$(pass A "$LOOKUPS")"
    read -r b hits_b <<< "$(pass B "$LOOKUPS")"
  else
    read -r b hits_b <<< "$(pass B "$LOOKUPS")"
    read -r a hits_a <<< "$(pass A "$LOOKUPS")"
  fi
  [ "$hits_a" = "$hits_b" ] || { echo "pair $p: hits differ: A $hits_a, B $hits_b" >&2; exit 1; }
  r=$(echo "scale=3; $b / $a" | bc)
  ratios+=("$r")
  echo "pair $p: A $a us, B $b us per lookup, B/A $r ($hits_a queries with a hit); load average $(cut -d' ' -f1 /proc/loadavg)"
done
echo "B/A per pair: ${ratios[*]}; median $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')"
