#!/usr/bin/env bash
# Runs Jazzer fuzzing campaigns on hashmatch's @FuzzTest targets (see FUZZING.md).
#
#   bench/fuzz.sh                      every target, one after another, 600 s each
#   bench/fuzz.sh ListReaderFuzzTest   one class (each of its targets in turn)
#   bench/fuzz.sh ListReaderFuzzTest#readList 120
#   bench/fuzz.sh --list               the targets
#
# Each target runs in its own Maven test run with JAZZER_FUZZ=1 and JAZZER_MAX_DURATION, at nice 19 (Surefire's
# default execution only: -Dtest would also select the target in the engine's bounded-memory execution). A finding
# stops the run and lands as a crash-* file in the target's ...Inputs/<method>/ directory under
# src/test/resources, where `./mvnw verify` replays it from then on. The corpus the fuzzer grows is kept in
# <module>/.cifuzz-corpus/ (not committed). Logs: target/fuzz/<Class>#<method>.log; the last libFuzzer status
# line of each run (execs, cov, ft, exec/s) is printed at the end. FUZZ_HEAP sets the test JVM's heap (default 1g).
set -euo pipefail
cd "$(dirname "$0")/.."

# module:package.Class#method, in priority order.
TARGETS=(
  engine:io.hashmatch.list.format.ListReaderFuzzTest#readList
  engine:io.hashmatch.video.VpdqFileFuzzTest#readVpdq
  engine:io.hashmatch.list.SnapshotFuzzTest#openMutated
  engine:io.hashmatch.decode.DecodeFuzzTest#sniffAndProbe
  engine:io.hashmatch.hash.FileHasherFuzzTest#hashBytes
  engine:io.hashmatch.scan.JournalFuzzTest#readJournal
  engine:io.hashmatch.scan.ArchiveExpanderFuzzTest#expand
  engine:io.hashmatch.list.metadata.MetadataRecordFuzzTest#decodeRecord
  service:io.hashmatch.service.audit.AuditChainFuzzTest#verify
  service:io.hashmatch.service.http.RequestBodyFuzzTest#parseBodies
)

if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${TARGETS[@]#*:}"
  exit 0
fi
want="${1:-}"
seconds="${2:-600}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "seconds must be a whole number: $seconds" >&2; exit 1; }

selected=()
for t in "${TARGETS[@]}"; do
  cls="${t#*:}"; simple="${cls##*.}"
  if [[ -z "$want" || "$want" == "${simple%%#*}" || "$want" == "$simple" || "$want" == "${cls%%#*}" || "$want" == "$cls" ]]; then
    selected+=("$t")
  fi
done
if [[ ${#selected[@]} -eq 0 ]]; then
  echo "no target matches '$want'; targets:" >&2
  printf '  %s\n' "${TARGETS[@]#*:}" >&2
  exit 1
fi

mkdir -p target/fuzz
summary=()
status=0
for t in "${selected[@]}"; do
  module="${t%%:*}"; cls="${t#*:}"; simple="${cls##*.}"
  log="target/fuzz/${simple}.log"
  echo "== fuzzing ${simple} for ${seconds} s (log: ${log})"
  start=$(date +%s)
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" nice -n 19 ./mvnw -B -o -pl "$module" -am test-compile surefire:test@default-test \
      -Dspotless.check.skip=true -Dfuzz.jvm.flags="-XX:+EnableDynamicAgentLoading -Xmx${FUZZ_HEAP:-1g}" -Dtest="${cls%%#*}#${cls#*#}" -Dsurefire.failIfNoSpecifiedTests=false \
      >"$log" 2>&1; then
    result="no finding"
  else
    result="FINDING or failure: see $log"
    status=1
  fi
  took=$(( $(date +%s) - start ))
  last=$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)
  summary+=("${simple}: ${result}; ${took} s wall; last status: ${last:-none}")
done
printf '%s\n' "${summary[@]}"
exit $status
