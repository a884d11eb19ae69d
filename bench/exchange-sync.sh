#!/bin/sh
# Times a full sync of N NCMEC entries (default 1000000) from the local fake NCMEC server into a live list:
# pages of 1000 over loopback HTTP, XML parsed, ledger committed every 5000 records, list changed through its delta
# and compacted once the sync is over. Prints the BENCH lines of NcmecSyncBenchmark and the sync's time per step.
# Usage: bench/exchange-sync.sh [N[,N...]]
set -eu
cd "$(dirname "$0")/.."
N="${1:-1000000}" # or several, comma-separated: one sync each, in the same JVM
./mvnw -B -q -o -pl service -am test -Dtest=NcmecSyncBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dhashmatch.bench.ncmec="$N" -Dlogback.configurationFile="$PWD/bench/exchange-sync-logback.xml" 2>&1 | grep -E '^BENCH|synced into' || {
  echo "exchange-sync: the benchmark did not run; see service/target/surefire-reports" >&2
  exit 1
}
