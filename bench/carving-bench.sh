#!/usr/bin/env bash
# Carving throughput: a 2 GB raw image of random bytes with a few pictures planted at odd offsets (kept in /tmp,
# never committed), carved at every offset with THREADS threads vs a plain sequential read of the same file, same run.
# Usage: bench/carving-bench.sh [THREADS] [SIZE_MB]   (from the repository root, after ./mvnw -pl engine compile)
# CLASSES=dir runs another build of the carver (e.g. an older commit's Carver compiled with javac) for A/B pairs.
# Round 0 is the JVM's first pass (the JIT cold; the page cache is warm when the image was read before). EARLY=1
# makes the carver when the JVM starts, as a scan does before it hashes the file, so that its start search warms up
# during round 0's reads; by default it is made when round 0's carving starts, inside the time measured.
set -euo pipefail
threads=${1:-2}
size_mb=${2:-2048}
img=/tmp/hashmatch-carving-bench.raw
java=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
if [ ! -f "$img" ] || [ "$(stat -c %s "$img")" -ne $((size_mb * 1024 * 1024)) ]; then
  head -c $((size_mb * 1024 * 1024)) /dev/urandom > "$img"
  i=0
  for pic in engine/src/test/resources/pdq/images/photolike_0*.jpg engine/src/test/resources/pdq/images/syn_*.png; do
    i=$((i + 1)); [ $i -gt 8 ] && break
    dd if="$pic" of="$img" bs=1 seek=$((i * 200000000 + i * 7)) conv=notrunc status=none
  done
fi
cp="${CLASSES:-engine/target/classes}":$(ls ~/.m2/repository/org/jspecify/jspecify/*/jspecify-*.jar | head -1)
# compiled first, not run as a source file: javac in the measured JVM would fill the JIT's queues before round 0
bench_classes=$(mktemp -d)
trap 'rm -rf "$bench_classes"' EXIT
"${java%java}javac" -d "$bench_classes" -cp "$cp" bench/carving/CarvingBench.java
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the vector module as ./hashmatch adds it (the carver's start search uses it when present)
"$java" --add-modules=jdk.incubator.vector -cp "$bench_classes:$cp" CarvingBench "$img" "$threads" ${EARLY:+early}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
