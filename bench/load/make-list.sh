#!/usr/bin/env bash
# Writes the 10 M-entry synthetic snapshot the load tests serve: DIR/scale-N.hmsnap (default N = 10 000 000), made by
# the engine's SnapshotScaleExperiment (random PDQ hashes with 20 % near-duplicates, and one MD5 + SHA-1 per entry;
# nothing real). Needs ~12 GB of heap while writing; about 1 minute at 10 M on a quiet machine.
#
#   bench/load/make-list.sh [DIR] [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
DIR=${1:-/tmp/hashmatch-load}
N=${2:-10000000}
mkdir -p "$DIR"
if [ -f "$DIR/scale-$N.hmsnap" ]; then
  echo "exists: $DIR/scale-$N.hmsnap"
  exit 0
fi
./mvnw -B -q -pl engine test-compile dependency:build-classpath -Dmdep.outputFile="$DIR/cp.txt"
"$JAVA_HOME/bin/java" -Xmx12g -Dscale.keep=true \
  -cp "engine/target/classes:engine/target/test-classes:$(cat "$DIR/cp.txt")" \
  io.hashmatch.list.SnapshotScaleExperiment "$N" "$DIR"
ls -la "$DIR/scale-$N.hmsnap"
