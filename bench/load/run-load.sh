#!/usr/bin/env bash
# Load figures of hashmatch serve (issue 5): starts the service on loopback with a 10 M-entry snapshot and drives it
# with wrk (Debian package "wrk"): single-hash lookups (HMA's GET /m/lookup and POST /v1/match/hashes with one hash),
# 1000-hash batches, and image uploads; then hashes the same image with the CLI on the same machine as the baseline
# of the upload figures. Prints wrk's reports (with --latency percentiles), the service's CPU time per request of each
# run (from /proc: robust against other load on the machine, unlike the rates) and the baseline's CPU time per image.
#
#   bench/load/make-list.sh                  # once: /tmp/hashmatch-load/scale-10000000.hmsnap
#   bench/load/run-load.sh [SNAPSHOT] [DURATION]  > load.txt
#
# Environment: CONNECTIONS (default 32), THREADS (wrk threads, default 1: the machine has 2 cores and the service
# needs them), IMAGE (default a 800x600 JPEG of the engine's test corpus), PORT (default 18080), HEAP (default 3g),
# SERVICE_OPTS (extra JVM flags of the service), HASHMATCH (the launcher, default ./hashmatch; point it at a copy of the
# launcher and jar to keep a parallel build from replacing the jar under the running service), LOOKUPS_ONLY=1 (only
# the single PDQ and MD5 lookups of POST /v1/match/hashes, alternated ROUNDS times (default 3), no batches, uploads or
# CLI baseline: the lookup-rate check).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd -P)"
root="$(cd "$here/../.." && pwd -P)"
# shellcheck source=bench/load/serve.sh
source "$here/serve.sh"
SNAP=${1:-/tmp/hashmatch-load/scale-10000000.hmsnap}
DURATION=${2:-30s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
PORT=${PORT:-18080}
IMAGE=${IMAGE:-$root/engine/src/test/resources/pdq/images/photolike_06_800x600.jpg}
HASHMATCH=${HASHMATCH:-$root/hashmatch}
work=$(mktemp -d /tmp/hashmatch-load-run.XXXXXX)
command -v wrk > /dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f "$SNAP" ] || { echo "no snapshot $SNAP: run bench/load/make-list.sh first" >&2; exit 1; }

echo "== $(date -u +%FT%TZ) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); snapshot $SNAP ($(du -h "$SNAP" | cut -f1))"
serve_start "$SNAP" "$work"
trap 'kill $pid 2> /dev/null; wait $pid 2> /dev/null || true' EXIT
serve_await
echo "ready after $(echo "$(date +%s.%N) - $serve_started" | bc) s (JVM start, snapshot open and verify)"
curl -s -H "X-API-Key: $KEY" "$base/v1/lists"; echo

cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; } # user + system time of the service, in 1/100 s
run() { # name, wrk args...
  local name=$1 c0 c1 out n; shift
  echo; echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --timeout 60s --latency $*"
  c0=$(cpu_ticks)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 60s --latency "$@" "$base")
  c1=$(cpu_ticks)
  echo "$out"
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "service CPU per request: $(echo "scale=1; ($c1 - $c0) * 10000 / $n" | bc) us"
}
MODE=hma wrk -t1 -c8 -d10s -s "$here/lookup.lua" "$base" > /dev/null # warm-up (JIT, page cache)
MODE=md5 wrk -t1 -c8 -d10s -s "$here/lookup.lua" "$base" > /dev/null
if [ "${LOOKUPS_ONLY:-0}" = 1 ]; then
  for round in $(seq 1 "${ROUNDS:-3}"); do
    MODE=v1 run "round $round: single-hash lookups, POST /v1/match/hashes (1 PDQ hash)" -s "$here/lookup.lua"
    MODE=md5 run "round $round: single-hash lookups, POST /v1/match/hashes (1 MD5)" -s "$here/lookup.lua"
    echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  done
  kill $pid; wait $pid 2> /dev/null || true
  trap - EXIT
  rm -rf "$work"
  exit 0
fi
MODE=hma run "single-hash lookups, GET /m/lookup" -s "$here/lookup.lua"
MODE=v1 run "single-hash lookups, POST /v1/match/hashes (1 PDQ hash)" -s "$here/lookup.lua"
MODE=md5 run "single-hash lookups, POST /v1/match/hashes (1 MD5)" -s "$here/lookup.lua"
BATCH=1000 CONNECTIONS=${BATCH_CONNECTIONS:-4} run "1000-hash batches, POST /v1/match/hashes" -s "$here/batch.lua"
IMAGE=$IMAGE TYPE=image/jpeg ROUTE=/v1/match/image CONNECTIONS=${IMAGE_CONNECTIONS:-4} \
  run "image uploads, POST /v1/match/image ($(basename "$IMAGE"), $(stat -c %s "$IMAGE") bytes)" -s "$here/image.lua"
kill $pid; wait $pid 2> /dev/null || true
trap - EXIT
echo; echo "audit lines written: $(wc -l < "$work/audit.jsonl")"

# Baseline for the uploads: the CLI hashing the same image (2 threads), 600 minus 100 copies to cancel JVM start.
mkdir -p "$work/img100" "$work/img600"
for i in $(seq 1 600); do
  cp "$IMAGE" "$work/img600/$i.jpg"
  [ "$i" -le 100 ] && cp "$IMAGE" "$work/img100/$i.jpg"
done
t() { # wall seconds and CPU seconds (user + system) of hashing a folder
  local s; s=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o "$work/cpu.txt" "$HASHMATCH" hash --threads 2 "$1" > /dev/null
  echo "$(echo "$(date +%s.%N) - $s" | bc) $(awk '{print $1 + $2}' "$work/cpu.txt")"
}
read -r t100 c100 <<< "$(t "$work/img100")"; read -r t600 c600 <<< "$(t "$work/img600")"
echo "== baseline: hashmatch hash --threads 2 of the same image: 100 copies ${t100} s, 600 copies ${t600} s ->" \
  "$(echo "scale=1; 500 / ($t600 - $t100)" | bc) img/s, CPU per image" \
  "$(echo "scale=0; ($c600 - $c100) * 1000000 / 500" | bc) us"
rm -rf "$work"
