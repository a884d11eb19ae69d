#!/usr/bin/env bash
# The service the load scripts drive, started one way: sourced by run-load.sh and wrk-lookups.sh.
#
#   serve_start SNAPSHOT WORK   # a match key (exported as HM_KEY for the wrk scripts), a config with no rate limit,
#                               # the audit log on (as in production) in WORK, then hashmatch serve in the background,
#                               # in WORK (WORK an absolute path):
#                               # sets KEY, pid (the service's JVM: the launcher execs java), base (its URL) and
#                               # serve_started (when it was started, date +%s.%N)
#   serve_await                 # waits until the service answers GET /status; exits with its log if it died
#
# Uses HASHMATCH (the launcher), PORT, HEAP (default 3g) and SERVICE_OPTS (extra JVM flags), as the scripts document.

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
