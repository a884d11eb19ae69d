#!/usr/bin/env bash
# `hashmatch match` of one PDQ hash against a large snapshot, the whole command (JVM start included): wall and CPU
# seconds per run, with the load average beside every round. In each round, alternated: `match` (the snapshot's
# structure checked at open), `match --verify` (every byte read against its checksums first: what `match` did
# before), and `list info` (the open alone, the floor of any command on the snapshot).
#
#   bench/match-start.sh [SNAPSHOT]
#
# SNAPSHOT defaults to /tmp/lookup-load/scale-10000000.hmsnap, the 10 M-entry synthetic list of
# `bench/load/make-list.sh /tmp/lookup-load` (made when missing). Knobs: ROUNDS=5, HASH=<64 hex digits>,
# JAR=service/target/hashmatch.jar (built when missing). Runs the jar with the launcher's JVM flags but without
# its start-up cache, so that the figures are the command's own.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
SNAPSHOT=${1:-/tmp/lookup-load/scale-10000000.hmsnap}
JAR=${JAR:-service/target/hashmatch.jar}
ROUNDS=${ROUNDS:-5}
HASH=${HASH:-f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22}

if [ ! -f "$SNAPSHOT" ]; then
  n=$(basename "$SNAPSHOT" .hmsnap)
  bench/load/make-list.sh "$(dirname "$SNAPSHOT")" "${n#scale-}"
fi
if [ ! -f "$JAR" ]; then
  ./mvnw -B -q -pl service -am package -DskipTests
fi
flags=(-Xlog:disable -Xlog:all=warning:stderr --enable-native-access=ALL-UNNAMED -Dchronicle.analytics.disable=true)

# runs one command, prints "<wall s> <user+sys s>"
times=$(mktemp)
trap 'rm -f "$times"' EXIT
timed() {
  /usr/bin/time -f '%e %U %S' -o "$times" "$@" >/dev/null 2>&1 || true
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$times"
}

echo "snapshot: $SNAPSHOT ($(du -h "$SNAPSHOT" | cut -f1)), jar: $JAR, rounds: $ROUNDS"
cat "$SNAPSHOT" >/dev/null # into the page cache, as a served or recently used list is
printf '%-6s %-7s %-16s %-7s %-7s\n' round load command wall_s cpu_s
for r in $(seq 1 "$ROUNDS"); do
  for what in match verify info; do
    load=$(cut -d' ' -f1 /proc/loadavg)
    case $what in
      match) args=(match --list "$SNAPSHOT" "$HASH") ;;
      verify) args=(match --verify --list "$SNAPSHOT" "$HASH") ;;
      info) args=(list info "$SNAPSHOT") ;;
    esac
    read -r wall cpu < <(timed "$JAVA_HOME/bin/java" "${flags[@]}" -jar "$JAR" "${args[@]}")
    printf '%-6s %-7s %-16s %-7s %-7s\n' "$r" "$load" "${args[0]}${args[1]:+ ${args[1]}}" "$wall" "$cpu"
  done
done
