#!/usr/bin/env python3
"""Summarises the JMH JSON files of bench/run-index-bench.sh: per list size, strategy and radius, single-query
mean / p50 / p99 (microseconds), batched queries per second, and the speed-up over the brute force of the same
run (mean single query; batched throughput). Usage: summarize-index.py FILE.json..."""
import json
import sys

rows = {}  # (size, strategy, radius) -> dict
for path in sys.argv[1:]:
    for r in json.load(open(path)):
        p = r["params"]
        key = (int(p["size"]), p["strategy"], int(p["radius"]))
        d = rows.setdefault(key, {})
        m = r["primaryMetric"]
        if r["benchmark"].endswith(".single"):
            pct = m["scorePercentiles"]
            d["mean"], d["p50"], d["p99"] = m["score"], pct["50.0"], pct["99.0"]
        else:
            d["batch_us"] = m["score"]  # microseconds per query

def fmt(v, spec="{:.1f}"):
    return "-" if v is None else spec.format(v)

for size in sorted({k[0] for k in rows}):
    print(f"\n{size:,} entries (µs per query; batched: queries/s; ×: brute force time / this strategy's, same run)\n")
    print("| r | strategy | mean | p50 | p99 | × brute (mean) | batched q/s | × brute (batched) |")
    print("|---|---|---|---|---|---|---|---|")
    for radius in sorted({k[2] for k in rows if k[0] == size}):
        brute = rows.get((size, "BRUTE_FORCE", radius), {})
        for strategy in ("BRUTE_FORCE", "MULTI_INDEX", "BK_TREE"):
            d = rows.get((size, strategy, radius))
            if not d:
                continue
            mean, b = d.get("mean"), d.get("batch_us")
            x_single = brute.get("mean") / mean if mean and brute.get("mean") else None
            x_batch = brute.get("batch_us") / b if b and brute.get("batch_us") else None
            qps = 1e6 / b if b else None
            print(f"| {radius} | {strategy} | {fmt(mean)} | {fmt(d.get('p50'))} | {fmt(d.get('p99'))} | "
                  f"{fmt(x_single, '{:.1f}×')} | {fmt(qps, '{:,.0f}')} | {fmt(x_batch, '{:.1f}×')} |")
