#!/usr/bin/env bash
# PDQ lookups per second of hashmatch serve against a 10 M-entry list at distance 31, driven by wrk on the same
# machine, and what the HTTP path costs on top of the search: each round runs wrk against the service, then the same
# queries in process through the engine's Matcher (bench LookupLoop, one thread, a JVM kept warm; it runs between the
# wrk runs, never during one: it waits on its input then, 0.2 % of a core), and prints
#   - wrk's requests/s and latency percentiles,
#   - the service's CPU per request (user + system time of its process from /proc over the wrk run, divided by the
#     requests answered: it counts every thread of the service, GC and audit writer included, and is the figure that
#     survives a loaded machine, unlike the rates), and wrk's own (its user + system time over the same requests:
#     the two together are what the 2 cores must give per request),
#   - the engine's CPU per lookup in process, and the ratio of the two.
# The queries (QUERY_COUNT, default 4096) are written once, seeded (SEED, default 20): NEAR percent (default 20) are
# a listed entry with 1-24 bits flipped, the rest random hashes (misses, which pay the whole search).
#
#   bench/load/wrk-lookups.sh [SNAPSHOT]   > lookups.txt
#
# SNAPSHOT defaults to /tmp/lookup-load/scale-10000000.hmsnap, made by bench/load/make-list.sh when missing.
# First the service is warmed up until its CPU per request is steady (serve_warm of bench/load/serve.sh: 10-s wrk runs
# for at least WARMUP_SECONDS, default 60, then until a run is no longer 2 % cheaper than the best, at most
# WARMUP_MAX_SECONDS, default 180; each run printed), and the in-process loop by two passes.
# Environment: DURATION (wrk run per round, default 15s), ROUNDS (default 3), CONNECTIONS (default 32), THREADS (wrk
# threads, default 1: wrk shares the 2 cores with the service), MODE (v1: POST /v1/match/hashes, default; hma:
# GET /m/lookup), LOOKUPS (in-process lookups per round, default 20000), PORT (default 18080), HEAP (default 3g),
# HASHMATCH (the launcher, default ./hashmatch; a copy of the launcher and jar keeps a parallel build from replacing the
# jar under the running service), SERVICE_OPTS (extra JVM flags of the service), PROFILE=FILE (a JFR recording of the
# service, settings=profile, from the end of the warm-up to the end of the last round: the request path without the
# start), WARMUP_SECONDS and WARMUP_MAX_SECONDS (above), SKIP_BUILD=1 (use bench/target/benchmarks.jar as it is).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
# shellcheck source=bench/load/serve.sh
source "$here/serve.sh"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SNAP=${1:-/tmp/lookup-load/scale-10000000.hmsnap}
DURATION=${DURATION:-15s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-18080}
LOOKUPS=${LOOKUPS:-20000}
HASHMATCH=${HASHMATCH:-$root/hashmatch}
export MODE=${MODE:-v1}
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [ ! -f "$SNAP" ]; then
  "$here/make-list.sh" "$(dirname "$SNAP")" 10000000
  [ -f "$SNAP" ] || { echo "no snapshot $SNAP (make-list.sh writes DIR/scale-10000000.hmsnap)" >&2; exit 1; }
fi
bench_jar=$root/bench/target/benchmarks.jar
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$bench_jar" ]; then
  (cd "$root" && ./mvnw -q -B -pl bench -am package -DskipTests) 1>&2
fi
work=$(mktemp -d /tmp/hashmatch-wrk-lookups.XXXXXX)
export QUERIES=$work/queries.txt
"$JAVA_HOME/bin/java" -cp "$bench_jar" io.hashmatch.bench.list.LookupLoop write "$SNAP" "$QUERIES" \
  "${QUERY_COUNT:-4096}" "${SEED:-20}" "${NEAR:-20}"

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); snapshot $SNAP" \
  "($(du -h "$SNAP" | cut -f1)); commit $(git -C "$root" rev-parse --short HEAD)"
serve_start "$SNAP" "$work"
# the in-process loop: a coprocess reading "N" and answering one line per pass
coproc LOOP { exec "$JAVA_HOME/bin/java" -Xmx1g -XX:+UseParallelGC -cp "$bench_jar" \
  io.hashmatch.bench.list.LookupLoop loop "$SNAP" "$QUERIES"; }
loop_pid=$LOOP_PID
cleanup() {
  [ -n "${PROFILE:-}" ] && "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=load > /dev/null 2>&1
  kill "$pid" "$loop_pid" 2> /dev/null || true
  wait "$pid" "$loop_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
serve_await
in_process() { # N -> "cpu_us wall_us hits" of N lookups in the loop
  local line
  echo "$1" >&"${LOOP[1]}"
  read -r line <&"${LOOP[0]}"
  echo "$line" | awk '{print $4, $6, $8}'
}

echo "warm-up of the service (pid $pid):"
serve_warm "$pid" "$base" "$work"
in_process "$LOOKUPS" > /dev/null
in_process "$LOOKUPS" > /dev/null
echo "warmed up; load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "${PROFILE:-}" ]; then
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name=load settings=profile filename="$PROFILE" > /dev/null
fi

summary=()
for round in $(seq 1 "$ROUNDS"); do
  echo
  echo "== round $round: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, MODE=$MODE;" \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  read -r n service_us wrk_us rps system_us _ <<< "$(wrk_round "$pid" "$base" "$DURATION" "$work/round.out" --latency)"
  cat "$work/round.out"
  p50=$(awk '$1 == "50%" {print $2}' "$work/round.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/round.out")
  read -r engine_us engine_wall_us hits <<< "$(in_process "$LOOKUPS")"
  ratio=$(echo "scale=2; $service_us / $engine_us" | bc)
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "service CPU per request: $service_us us (system $system_us us); wrk CPU per request: $wrk_us us; in process (LookupLoop, $LOOKUPS lookups, $hits with a hit):" \
    "$engine_us us CPU, $engine_wall_us us wall per lookup; ratio $ratio; load average $load"
  summary+=("$round $rps $p50 $p99 $service_us $wrk_us $engine_us $ratio $load")
done
echo
echo "== summary (round, requests/s, p50, p99, service CPU us/request, wrk CPU us/request, engine CPU us/lookup," \
  "ratio, load average)"
printf '%s\n' "${summary[@]}"
echo "audit lines written: $(wc -l < "$work/audit.jsonl")"
