#!/usr/bin/env bash
# Hamming range search at 1 M and 10 M entries: every strategy, r = 0, 8, 16, 31, single query and batched, in
# ONE script run so that every ratio is against the brute force of the same run. Prints the summary table that
# bench/RESULTS.md quotes. About 40 minutes on 2 cores (building the 10 M BK-tree alone takes ~50 s per trial).
#   bench/run-index-bench.sh               # both sizes
#   SIZES=1000000 bench/run-index-bench.sh # one size
# Results: bench/target/index-<size>-<mode>.json (JMH JSON) and .txt (JMH log).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi
SETTINGS=(-f 1 -wi 1 -w 1s -i 3 -r 2s)
run() { # size mode strategies radii
  local out="bench/target/index-$1-$2-${3//,/_}"
  "$JAVA" -Xmx12g -Djmh.ignoreLock=true -jar bench/target/benchmarks.jar "HammingSearchBenchmark.$2" \
    "${SETTINGS[@]}" -p size="$1" -p strategy="$3" -p radius="$4" -rf json -rff "$out.json" >"$out.txt" 2>&1
  echo "done: $out"
}
for size in ${SIZES:-1000000 10000000}; do
  run "$size" single BRUTE_FORCE,MULTI_INDEX 0,8,16,31
  run "$size" batch BRUTE_FORCE,MULTI_INDEX 0,8,16,31
  run "$size" single BK_TREE 0,8,16,31
  if [[ "$size" -le 1000000 ]]; then
    run "$size" batch BK_TREE 0,8,16,31
  else # a batch of 256 BK-tree queries at r >= 16 takes minutes at 10 M: batched BK-tree only at r <= 8
    run "$size" batch BK_TREE 0,8
  fi
done
python3 bench/summarize-index.py bench/target/index-*.json
