#!/usr/bin/env python3
"""Summarises a JMH JSON result of the PDQ suite: images/s (wall clock, summed over threads: JMH's ops/s
times the files per operation), images per CPU-second of the worker threads, and the ratios RESULTS.md quotes.
Usage: summarize.py pdq-results.json CORPUS_DIR"""
import json
import os
import sys

CORPUS = sys.argv[2]
MAGIC = {"JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG", "GIF": b"GIF8"}


def files_in(subset):
    n = 0
    for name in os.listdir(CORPUS):
        path = os.path.join(CORPUS, name)
        if not os.path.isfile(path):
            continue
        if subset in (None, "all"):
            n += 1
        else:
            with open(path, "rb") as f:
                n += f.read(4).startswith(MAGIC.get(subset.upper(), b"?"))
    return n

REF_HASH, REF_E2E, REF_TOOL, REF_HASH_512 = 16.0, 5.6, 8.7, 105.0

res = {}
for r in json.load(open(sys.argv[1])):
    cls, method = r["benchmark"].rsplit(".", 2)[-2:]
    p = r.get("params", {})
    sm = r.get("secondaryMetrics", {})
    n = files_in(p.get("subset"))
    cpu = None
    if sm.get("cpuMs", {}).get("score"):
        cpu = sm["cpuImages"]["score"] / sm["cpuMs"]["score"] * 1000
    tags = tuple(f"{k}={p[k]}" for k in ("mode", "fast", "subset") if k in p and p[k] != "all")
    pm = r["primaryMetric"]
    res[(cls, method, tags)] = (pm["score"] * n, pm["scoreError"] * n, r["threads"], cpu)


def get(cls, method, *want):
    for (c, m, tags), v in res.items():
        if c == cls and m == method and all(w in tags for w in want):
            return v
    return None


print()
print(f"{'benchmark':<70} {'thr':>3} {'images/s':>9} {'+-':>7} {'img/CPU-s':>10}")
for (c, m, tags), (s, e, t, cpu) in sorted(res.items()):
    label = f"{c}.{m} " + " ".join(tags)
    print(f"{label:<70} {t:>3} {s:9.1f} {e:7.1f} {cpu if cpu else float('nan'):10.1f}")

H, E, P = "PdqHashStageBenchmark", "EndToEndBenchmark", "PeerBenchmark"
full, tool = "mode=FULL_RESOLUTION", "mode=REFERENCE_RESIZE"
rows = [
    ("hash stage full-res 1t vs reference 16 img/s (target >= 1.5x)", get(H, "oneThread", full), REF_HASH),
    ("hash stage full-res 1t vs peer pHash 1t", get(H, "oneThread", full), get(P, "hashDecoded")),
    ("hash stage full-res 1t vs touching every pixel once 1t", get(H, "oneThread", full), get(H, "baselineTouchPixels")),
    ("hash stage full-res 2t vs 1t (target >= 1.8x)", get(H, "twoThreads", full), get(H, "oneThread", full)),
    ("hash stage 512 mode 1t vs reference 105 img/s", get(H, "oneThread", tool), REF_HASH_512),
    ("hash stage 512 mode 2t vs 1t", get(H, "twoThreads", tool), get(H, "oneThread", tool)),
    ("end to end exact 1t vs reference 5.6 img/s (target >= 5x)", get(E, "oneThread", "fast=false"), REF_E2E),
    ("end to end exact 1t vs peer ImageIO+pHash 1t", get(E, "oneThread", "fast=false"), get(P, "fromFile")),
    ("end to end exact 1t vs readAllBytes 1t", get(E, "oneThread", "fast=false"), get(E, "baselineReadBytes")),
    ("end to end exact 2t vs 1t (target >= 1.8x)", get(E, "twoThreads", "fast=false"), get(E, "oneThread", "fast=false")),
    ("end to end fast 1t vs tool 8.7 img/s (target >= 20x)", get(E, "oneThread", "fast=true"), REF_TOOL),
    ("end to end fast 1t vs exact 1t", get(E, "oneThread", "fast=true"), get(E, "oneThread", "fast=false")),
    ("end to end fast 2t vs 1t (target >= 1.8x)", get(E, "twoThreads", "fast=true"), get(E, "oneThread", "fast=true")),
    ("peer hash stage 2t vs 1t", get(P, "hashDecodedTwoThreads"), get(P, "hashDecoded")),
    ("peer end to end 2t vs 1t", get(P, "fromFileTwoThreads"), get(P, "fromFile")),
]
print()
print(f"{'ratio':<66} {'wall':>16} {'CPU-time':>16}")
for text, a, b in rows:
    if not a or not b:
        continue
    if isinstance(b, float):
        wall = f"{a[0] / b:5.2f}x ({a[0]:.1f})"
        cpu = f"{a[3] / b:5.2f}x ({a[3]:.1f})" if a[3] else "-"
    else:
        wall = f"{a[0] / b[0]:5.2f}x"
        # CPU-time ratios of 2t vs 1t are per-core efficiency, not scaling: omit them.
        cpu = "-" if "2t vs 1t" in text else (f"{a[3] / b[3]:5.2f}x" if a[3] and b[3] else "-")
    print(f"{text:<66} {wall:>16} {cpu:>16}")
