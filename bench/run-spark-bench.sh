#!/usr/bin/env bash
# Retro-scan figures of bench/RESULTS.md ("Beyond one machine"): STORED random PDQ hashes in Parquet (one in 50
# near a list entry) against a LIST-entry snapshot, by the retro-scan job in local[2] (input in 2 and in 4
# partitions) and by the engine alone on two threads reading the same Parquet files (RetroScanBench).
# Usage: bench/run-spark-bench.sh [STORED] [LIST]   (default 20000000 1000000; data kept in $WORK)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$here"
stored="${1:-20000000}"
list="${2:-1000000}"
work="${WORK:-/tmp/hashmatch-spark-bench}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

./mvnw -B -q -o -pl spark -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
cp="spark/target/test-classes:spark/target/classes:engine/target/classes:$(cat spark/target/test-classpath.txt)"

# The project's JVM flags and Spark's for Java 25 (the same as spark/pom.xml's surefire argLine).
flags=(--enable-native-access=ALL-UNNAMED -Dchronicle.analytics.disable=true
  --add-modules=jdk.incubator.vector -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
  java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  flags+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
exec "$JAVA_HOME/bin/java" "${flags[@]}" -Xmx${HEAP:-3g} -cp "$cp" io.hashmatch.spark.RetroScanBench "$work" "$stored" "$list"
