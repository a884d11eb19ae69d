#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the PDQ suite (hash stage, end to end, peer) in ONE JMH run with
# short settings, then prints a summary in images/s with same-run ratios. Run from anywhere:
#   bench/run-pdq-bench.sh                 # whole suite, about 15 minutes on 2 shared cores
#   bench/run-pdq-bench.sh EndToEnd        # only benchmarks matching a regexp (JMH include pattern)
#   JMH_OPTS="-wi 2 -i 5" bench/run-pdq-bench.sh   # override/extend the JMH options
#   CORPUS=/path/to/images bench/run-pdq-bench.sh  # another corpus (default ../shared/pdq/images from the root)
# Results: bench/target/pdq-results.json (JMH JSON), bench/target/pdq-results.txt (JMH log).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -q -B -pl bench -am package -DskipTests
fi

PATTERN="${1:-io.hashmatch.bench.(PdqHashStage|EndToEnd|Peer)Benchmark}"
# One fork; one warmup iteration and three measured ones of 3 s. An operation is a whole corpus pass, so an
# iteration lasts at least one pass (a full-resolution pass takes 4-10 s here).
SETTINGS=(-f 1 -wi 1 -w 2s -i 3 -r 3s)
PARAMS=()
if [[ -n "${CORPUS:-}" ]]; then PARAMS=(-p "corpus=$CORPUS"); fi
# shellcheck disable=SC2086
"$JAVA" --enable-native-access=ALL-UNNAMED -jar bench/target/benchmarks.jar "$PATTERN" \
  "${SETTINGS[@]}" "${PARAMS[@]}" ${JMH_OPTS:-} \
  -rf json -rff bench/target/pdq-results.json 2>&1 | tee bench/target/pdq-results.txt | grep --line-buffered -E '^(# (Benchmark|Parameters|Threads):|Iteration|# hash stage|# end to end|# peer)' || true

# Summary: images/s and images per CPU-second, and ratios within this run.
python3 bench/summarize.py bench/target/pdq-results.json "${CORPUS:-../shared/pdq/images}"
