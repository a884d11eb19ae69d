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
  -rf json -rff bench/target/pdq-results.json 2>&1 | tee bench/target/pdq-results.txt | grep -E '^(# (Benchmark|Parameters|Threads):|Iteration|# hash stage|# end to end|# peer)' || true

# Summary: images/s (the "images" secondary result, summed over threads) and ratios within this run.
python3 - bench/target/pdq-results.json <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
REF = {"hash": 16.0, "e2e": 5.6, "tool": 8.7}
res = {}
for r in rows:
    name = r["benchmark"].rsplit(".", 2)
    cls, method = name[-2], name[-1]
    p = r.get("params", {})
    key = (cls, method, p.get("mode", ""), p.get("fast", ""), p.get("subset", ""))
    sec = r.get("secondaryMetrics", {}).get("images")
    if sec is None:
        continue
    res[key] = (sec["score"], sec["scoreError"], r["threads"])
def get(cls, method, mode="", fast="", subset=""):
    for k, v in res.items():
        if k[0] == cls and k[1] == method and (not mode or k[2] == mode) and (not fast or k[3] == fast) \
           and (not subset or k[4] in ("", subset)):
            return v[0]
    return None
def ratio(a, b):
    return f"{a / b:6.2f}x" if a and b else "     -"
print()
print(f"{'benchmark':<62} {'thr':>3} {'images/s':>10} {'+-':>8}")
for k, (s, e, t) in sorted(res.items()):
    label = ".".join(x for x in (k[0], k[1]) if x) + "".join(f" {x}" for x in k[2:] if x)
    print(f"{label:<62} {t:>3} {s:10.1f} {e:8.1f}")
print()
H, E = "PdqHashStageBenchmark", "EndToEndBenchmark"
P = "PeerBenchmark"
h1 = get(H, "oneThread", "FULL_RESOLUTION"); h2 = get(H, "twoThreads", "FULL_RESOLUTION")
r1 = get(H, "oneThread", "REFERENCE_RESIZE"); r2 = get(H, "twoThreads", "REFERENCE_RESIZE")
peer1 = get(P, "hashDecoded"); peer2 = get(P, "hashDecodedTwoThreads")
pf1 = get(P, "fromFile"); pf2 = get(P, "fromFileTwoThreads")
e1 = get(E, "oneThread", fast="false"); e2 = get(E, "twoThreads", fast="false")
f1 = get(E, "oneThread", fast="true"); f2 = get(E, "twoThreads", fast="true")
rb = get(E, "baselineReadBytes"); rd = get(E, "baselineReadAndDigest")
lines = [
  ("hash stage full-res, 1 thread vs reference 16 img/s (target >= 1.5x)", h1, REF["hash"]),
  ("hash stage full-res, 1 thread vs peer pHash 1 thread (same run)", h1, peer1),
  ("hash stage full-res, 2 threads vs 1 thread (target >= 1.8x)", h2, h1),
  ("hash stage 512 mode, 1 thread vs reference 105 img/s", r1, 105.0),
  ("hash stage 512 mode, 2 threads vs 1 thread", r2, r1),
  ("end to end exact, 1 thread vs reference 5.6 img/s (target >= 5x)", e1, REF["e2e"]),
  ("end to end exact, 1 thread vs peer ImageIO+pHash (same run)", e1, pf1),
  ("end to end exact, 1 thread / baselineReadBytes (same run)", e1, rb),
  ("end to end exact, 2 threads vs 1 thread (target >= 1.8x)", e2, e1),
  ("end to end fast, 1 thread vs tool 8.7 img/s (target >= 20x)", f1, REF["tool"]),
  ("end to end fast, 1 thread vs exact 1 thread (same run)", f1, e1),
  ("end to end fast, 2 threads vs 1 thread (target >= 1.8x)", f2, f1),
  ("peer hash stage, 2 threads vs 1 thread", peer2, peer1),
  ("peer end to end, 2 threads vs 1 thread", pf2, pf1),
]
for text, a, b in lines:
    if a and b:
        print(f"{text:<72} {ratio(a, b)}  ({a:.1f} / {b:.1f})")
PY
