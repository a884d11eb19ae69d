#!/usr/bin/env bash
# Times one PDQ lookup (HammingSearchBenchmark.single, MULTI_INDEX, one thread) in two multi-index section layouts,
# alternating them in the same run, one JMH fork each: by default layout 2 (snapshot version 4: offset tables, a
# 128-bit fold of each hash read before the hash) against today's layout 3 (slot tables with up to two entries
# inline). Layout 1 (snapshot versions 1-3: offset tables, every candidate's hash read from the hash list) too.
#
# Usage: bench/lookup-fold.sh [SIZE] [RADIUS]   (defaults 10000000 and 31)
# Environment: PAIRS (default 3); OLD and NEW, the layouts (default 2 and 3); JMH (default "-wi 1 -w 1s -i 3 -r 2s");
# JAR (default bench/target/benchmarks.jar, made by ./mvnw -q -B -pl bench -am package -DskipTests).
# Output: per run the 1-minute load average just before and after it and JMH's mean and p50 (us/op); per pair the
# ratios NEW / OLD of the means and of the p50s; their medians. On a loaded machine the mean follows the
# scheduler (a preempted query counts whole), the p50 less so.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
size="${1:-10000000}"
radius="${2:-31}"
pairs="${PAIRS:-3}"
old="${OLD:-2}"
new="${NEW:-3}"
jmh="${JMH:--wi 1 -w 1s -i 3 -r 2s}"
jar="${JAR:-$here/bench/target/benchmarks.jar}"
java="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run() { # $1 = layout; prints "mean p50"
  # shellcheck disable=SC2086 # JMH is a list of words
  "$java" -Xmx6g -jar "$jar" 'HammingSearchBenchmark.single' -f 1 $jmh -p size="$size" \
    -p strategy=MULTI_INDEX -p radius="$radius" -p layout="$1" >"$work/out.$1" 2>&1
  awk '$1 == "HammingSearchBenchmark.single" { mean = $(NF-3) }
       $1 == "HammingSearchBenchmark.single:p0.50" { p50 = $(NF-1) }
       END { print mean, p50 }' "$work/out.$1"
}

echo "HammingSearchBenchmark.single MULTI_INDEX size=$size radius=$radius, JMH $jmh, $pairs pairs"
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then order="$old $new"; else order="$new $old"; fi
  for l in $order; do
    before="$(cut -d' ' -f1-3 /proc/loadavg)"
    read -r mean p50 < <(run "$l")
    after="$(cut -d' ' -f1-3 /proc/loadavg)"
    echo "pair $i layout $l: mean $mean us, p50 $p50 us (load $before -> $after)"
    echo "$i $l $mean $p50" >>"$work/scores"
  done
done
awk -v o="$old" -v n="$new" '{ m[$1 " " $2] = $3; p[$1 " " $2] = $4 }
     END { for (i = 1; m[i " " o] != ""; i++)
             printf "pair %d: layout %s / layout %s = %.3f (mean), %.3f (p50)\n", i, n, o, m[i " " n] / m[i " " o], p[i " " n] / p[i " " o] }' \
  "$work/scores" | tee "$work/ratios"
for col in 9 11; do
  what=$([ "$col" = 9 ] && echo mean || echo p50)
  awk -v c="$col" '{ print $c }' "$work/ratios" | sort -n |
    awk -v w="$what" '{ r[NR] = $1 } END { printf "median ratio (%s) %.3f over %d pairs\n", w, (NR % 2 ? r[(NR+1)/2] : (r[NR/2] + r[NR/2+1]) / 2), NR }'
done
