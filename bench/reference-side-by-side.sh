#!/usr/bin/env bash
# Times `hashmatch hash --threads 1` against a PDQ reference binary on the same files, in the same run.
#
# Usage: bench/reference-side-by-side.sh REF_BINARY [CORPUS]
#   REF_BINARY  a PDQ reference tool that prints one `<pdq hex>,<quality>,<path>` line per file, as Meta's
#               pdq-photo-hasher does (ThreatExchange pdq/cpp/bin/pdq-photo-hasher.cpp: without options it prints
#               hash, quality and file name; -k keeps going after a file it cannot read). It is given by path and
#               built outside this project; this script downloads and builds nothing.
#   CORPUS      a directory of images (default: ../shared/pdq/images next to the repository). Every regular
#               file in it, in sorted order, is given to both tools as arguments.
# Environment:
#   PAIRS          timed pairs (default 3); the order inside a pair alternates, so neither tool always runs
#                  first. One untimed run of each comes before, to warm the page cache (and build the jar).
#   HASHMATCH_ARGS extra arguments for hashmatch hash (default --reference-resize: pdq-photo-hasher as shipped
#                  resizes images larger than 512 pixels to 512x512 first; empty for the full-resolution
#                  algorithm, which then needs a reference built without that step).
#   AGREE_BITS     Hamming distance up to which two PDQ hashes count as near (default 8).
# Output: per run the load average (/proc/loadavg, 1/5/15 min) just before it, wall and CPU (user + system of
# the process and its children: the reference decodes through ImageMagick child processes) seconds; per pair the
# ratios reference/hashmatch (above 1: hashmatch is faster); the median and range of the ratios; and how many
# files got equal and near PDQ hashes from the two tools.
set -euo pipefail

usage() {
  sed -n '4,21p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
ref="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
corpus="${2:-$here/../shared/pdq/images}"
pairs="${PAIRS:-3}"
hm_args="${HASHMATCH_ARGS---reference-resize}"
agree_bits="${AGREE_BITS:-8}"
[ -x "$ref" ] || { echo "not an executable file: $ref" >&2; usage; }
[ -d "$corpus" ] || { echo "not a directory: $corpus" >&2; usage; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -d '' files < <(find "$corpus" -type f -print0 | sort -z)
[ ${#files[@]} -gt 0 ] || { echo "no files in $corpus" >&2; exit 1; }

# shellcheck disable=SC2086 # HASHMATCH_ARGS is a list of words
run_hashmatch() { "$here/hashmatch" hash --threads 1 --format jsonl $hm_args "${files[@]}"; }
# The reference exits 1 after a file it could not read (-k); the comparison below shows which.
run_reference() { "$ref" -k "${files[@]}" || [ $? -eq 1 ]; }

# timed NAME OUT: runs NAME's tool once, prints its load average, wall and CPU seconds, appends "wall cpu" to
# $work/NAME.times. Bash's `time` reports wall, user and system seconds of the command and every child it waited
# for (the reference decodes each file in an ImageMagick child process; the JVM's threads count too).
timed() {
  local name="$1" out="$2" load wall user sys cpu
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  { TIMEFORMAT='%R %U %S'; time "run_$name" >"$out" 2>"$work/$name.err"; } 2>"$work/time"
  read -r wall user sys <"$work/time"
  cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')"
  echo "$wall $cpu" >>"$work/$name.times"
  printf '  %-9s load %s  wall %7.2f s  cpu %7.2f s\n' "$name" "$load" "$wall" "$cpu"
}

echo "corpus: $corpus (${#files[@]} files); hashmatch hash --threads 1 $hm_args; reference: $ref"
echo "warm-up (untimed) ..."
run_hashmatch >"$work/hashmatch.out" 2>"$work/warm.err" || { cat "$work/warm.err" >&2; exit 1; }
run_reference >"$work/reference.out" 2>>"$work/warm.err"

for ((i = 1; i <= pairs; i++)); do
  echo "pair $i"
  if ((i % 2)); then order="hashmatch reference"; else order="reference hashmatch"; fi
  for name in $order; do timed "$name" "$work/$name.$i.out"; done
  cmp -s "$work/hashmatch.out" "$work/hashmatch.$i.out" || echo "  note: hashmatch output differs from warm-up"
  cmp -s "$work/reference.out" "$work/reference.$i.out" || echo "  note: reference output differs from warm-up"
done

python3 -I - "$work" "$pairs" "$agree_bits" "${#files[@]}" <<'PY'
import json, statistics, sys
work, pairs, agree_bits, nfiles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def times(name):
    with open(f"{work}/{name}.times") as f:
        return [tuple(map(float, line.split())) for line in f]

hm, ref = times("hashmatch"), times("reference")
wall = [r[0] / h[0] for h, r in zip(hm, ref)]
cpu = [r[1] / h[1] for h, r in zip(hm, ref)]
print("ratios reference/hashmatch (above 1: hashmatch faster)")
for i, (w, c) in enumerate(zip(wall, cpu), 1):
    print(f"  pair {i}: wall {w:.2f}x  cpu {c:.2f}x"
          f"  (hashmatch {nfiles / hm[i-1][0]:.1f} img/s, reference {nfiles / ref[i-1][0]:.1f} img/s)")
print(f"  median: wall {statistics.median(wall):.2f}x (range {min(wall):.2f}-{max(wall):.2f}),"
      f" cpu {statistics.median(cpu):.2f}x (range {min(cpu):.2f}-{max(cpu):.2f})")

hashes_hm = {}
with open(f"{work}/hashmatch.out") as f:
    for line in f:
        record = json.loads(line)
        if "pdq" in record:
            hashes_hm[record["path"]] = record["pdq"]
hashes_ref = {}
with open(f"{work}/reference.out") as f:
    for line in f:
        pdq, _quality, path = line.rstrip("\n").split(",", 2)
        hashes_ref[path] = pdq
both = hashes_hm.keys() & hashes_ref.keys()
dist = {p: bin(int(hashes_hm[p], 16) ^ int(hashes_ref[p], 16)).count("1") for p in both}
equal = sum(1 for d in dist.values() if d == 0)
near = sum(1 for d in dist.values() if d <= agree_bits)
print(f"hashes: {len(hashes_hm)} from hashmatch, {len(hashes_ref)} from the reference, of {nfiles} files;"
      f" {equal}/{len(both)} equal, {near}/{len(both)} within {agree_bits} bits")
for p in sorted(p for p, d in dist.items() if d > 0):
    print(f"  differs by {dist[p]} bits: {p}")
for p in sorted((hashes_hm.keys() | hashes_ref.keys()) - both):
    print(f"  hashed by one tool only: {p}")
PY
