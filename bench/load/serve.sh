#!/usr/bin/env bash
# The service the load scripts drive, started one way, and the lookups' wrk runs and
# warm-up: sourced by run-load.sh, wrk-lookups.sh and wrk-pair.sh.
#
#   serve_start SNAPSHOT WORK   # a match key (exported as HM_KEY for the wrk scripts), a config with no rate limit,
#                               # the audit log on (as in production) in WORK, then hashmatch serve in the background,
#                               # in WORK (WORK an absolute path):
#                               # sets KEY, pid (the service's JVM: the launcher execs java), base (its URL) and
#                               # serve_started (when it was started, date +%s.%N)
#   serve_await                 # waits until the service answers GET /status; exits with its log if it died
#   wrk_round PID BASE DURATION OUT [WRK_FLAG...]
#                               # one wrk run of lookups.lua (-t$THREADS -c$CONNECTIONS, HM_KEY and QUERIES from the
#                               # caller) against BASE, served by the JVM PID; wrk's output in OUT; prints "requests
#                               # service_us wrk_us requests/s system_us minor_faults": the JVM's user + system CPU
#                               # (every thread, from /proc) per request, wrk's own, the JVM's system part and its minor
#                               # page faults per request
#   serve_warm PID BASE WORK    # wrk_round runs of 10 s until the service's CPU per request is steady (below)
#
# Uses HASHMATCH (the launcher), PORT, HEAP (default 3g), SERVICE_OPTS (extra JVM flags), THREADS and CONNECTIONS, as
# the scripts document, and WARMUP_SECONDS / WARMUP_MAX_SECONDS (serve_warm).

serve_start() {
  local snap=$1 work=$2
  "$HASHMATCH" keys create --role match --id load > "$work/key.txt"
  KEY=$(sed -n 's/^key: //p' "$work/key.txt")
  export HM_KEY=$KEY
  sed -n '/^hashmatch:/,$p' "$work/key.txt" > "$work/config.yml"
  cat >> "$work/config.yml" <<YML
    rate-limit:
      requests-per-second: 0
  audit:
    file: $work/audit.jsonl
  watch: false
YML
  # run from WORK: the service's working directory gets its files (the intake database), and two services must not
  # share one; the subshell execs the launcher, which execs java, so $! is the JVM
  snap=$(realpath "$snap")
  local launcher=$HASHMATCH
  [[ $launcher == */* ]] && launcher=$(realpath "$launcher")
  # shellcheck disable=SC2086 # SERVICE_OPTS is a list of flags
  (cd "$work" && JAVA_OPTS="-Xmx${HEAP:-3g} -XX:+UseParallelGC ${SERVICE_OPTS:-}" exec "$launcher" serve \
    --list "$snap" --port "$PORT" --config "$work/config.yml") > "$work/serve.log" 2>&1 &
  pid=$!
  serve_started=$(date +%s.%N)
  base=http://127.0.0.1:$PORT
  serve_log=$work/serve.log
}

serve_await() {
  until [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$base/status")" = 200 ]; do
    kill -0 "$pid" 2> /dev/null || { cat "$serve_log" >&2; exit 1; }
    sleep 0.2
  done
}

wrk_round() {
  local jvm=$1 url=$2 duration=$3 out=$4 u0 s0 f0 u1 s1 f1 n
  shift 4
  read -r u0 s0 f0 <<< "$(awk '{print $14, $15, $10}' "/proc/$jvm/stat")"
  /usr/bin/time -f '%U %S' -o "$out.time" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --timeout 60s "$@" \
    -s "$(dirname "${BASH_SOURCE[0]}")/lookups.lua" "$url" > "$out"
  read -r u1 s1 f1 <<< "$(awk '{print $14, $15, $10}' "/proc/$jvm/stat")"
  n=$(awk '/requests in/{print $1}' "$out")
  awk -v n="$n" -v t="$(getconf CLK_TCK)" -v d="$((u1 - u0 + s1 - s0))" -v sys="$((s1 - s0))" \
    -v faults="$((f1 - f0))" -v rps="$(awk '/^Requests\/sec/{print $2}' "$out")" \
    '{printf "%d %.1f %.1f %s %.1f %.2f\n", n, d * 1000000 / t / n, ($1 + $2) * 1000000 / n, rps,
      sys * 1000000 / t / n, faults / n}' "$out.time"
}

# The request path is steady only after a minute or more of load on 2 cores: C2 compiles it in stages and the heap's
# and the list's pages are touched the first time (page faults in the first runs). Measured (bench/RESULTS.md, "PDQ
# lookups through the service: a warm-up until steady"): the CPU per request of 10-s runs fell from 388 us (first) to
# 194, 185, 185, 175, 181, 167, 161 us, then stayed within the host's noise. So: runs of 10 s for at least
# WARMUP_SECONDS (default 60), then until a run is not 2 % cheaper than the cheapest before it, at most
# WARMUP_MAX_SECONDS (default 180) in all. Each run is printed.
serve_warm() {
  local jvm=$1 url=$2 work=$3 elapsed=0 best= r n us
  while :; do
    r=$(wrk_round "$jvm" "$url" 10s "$work/warm.out")
    read -r n us _ <<< "$r"
    elapsed=$((elapsed + 10))
    echo "  warm-up ${elapsed}s: $n requests, service CPU $us us/request; load average $(cut -d' ' -f1 /proc/loadavg)"
    if [ "$elapsed" -ge "${WARMUP_SECONDS:-60}" ] && [ -n "$best" ] &&
      awk -v us="$us" -v best="$best" 'BEGIN {exit !(us > 0.98 * best)}'; then
      break
    fi
    [ "$elapsed" -ge "${WARMUP_MAX_SECONDS:-180}" ] && break
    if [ -z "$best" ] || awk -v us="$us" -v best="$best" 'BEGIN {exit !(us < best)}'; then best=$us; fi
  done
}
