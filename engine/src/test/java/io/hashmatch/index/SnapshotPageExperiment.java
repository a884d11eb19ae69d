package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.list.IndexMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tuning harness (not a test, not JMH): the multi-index search of a real snapshot (as {@code bench/load/make-list.sh}
 * writes it) with the queries of {@code bench/load/wrk-lookups.sh} (seed 20, 20 % a listed entry with 1-24 bits
 * flipped, the rest random), opened twice: {@link IndexMemory#MAPPED} (the file's 4 KB pages) and
 * {@link IndexMemory#HUGE_PAGES} (the section copied onto 2 MB pages). Same hits checked, then raced (CPU time per
 * query, alternating). Run after {@code ./mvnw -pl engine test-compile}: {@code java -Xmx2g
 * --enable-native-access=ALL-UNNAMED -cp engine/target/classes:engine/target/test-classes:DEPENDENCIES
 * io.hashmatch.index.SnapshotPageExperiment SNAPSHOT [rounds]} (the dependencies as {@code bench/load/make-list.sh}
 * lists them).
 */
final class SnapshotPageExperiment {
    private SnapshotPageExperiment() {}

    /** The query mix of {@code LookupLoop write} in {@code bench}, which {@code wrk-lookups.sh} sends. */
    static long[] queries(HashListSnapshot snapshot, int count, long seed, int nearPercent) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] q = new long[4 * count];
        for (int i = 0; i < count; i++) {
            long[] w;
            if (random.nextInt(100) < nearPercent) {
                PdqHash h = snapshot.pdqHash(random.nextInt(snapshot.pdqCount()));
                w = new long[] {h.w0(), h.w1(), h.w2(), h.w3()};
                int flips = 1 + random.nextInt(24);
                for (int f = 0; f < flips; f++) {
                    int bit = random.nextInt(PdqHash.BITS);
                    w[bit >>> 6] ^= 1L << (bit & 63);
                }
            } else {
                w = new long[] {random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong()};
            }
            System.arraycopy(w, 0, q, 4 * i, 4);
        }
        return q;
    }

    public static void main(String[] args) throws Exception {
        Path path = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (HashListSnapshot mapped = HashListSnapshot.openUnverified(path);
                HashListSnapshot huge = open(path)) {
            System.out.println("huge: " + huge.indexPages() + "; " + hugePages());
            long[] q = queries(mapped, LookupRace.QUERIES, 20, 20);
            LookupRace.race(
                    List.of(
                            new LookupRace.Contender("mapped", mapped.index(IndexStrategy.MULTI_INDEX)),
                            new LookupRace.Contender("huge", huge.index(IndexStrategy.MULTI_INDEX))),
                    new LookupRace.Fixture(mapped.pdqHashSegment(), q, 31),
                    rounds);
        }
    }

    private static HashListSnapshot open(Path path) throws Exception {
        long t0 = System.nanoTime();
        HashListSnapshot s = HashListSnapshot.open(path, IndexMemory.HUGE_PAGES);
        System.out.printf("verified open with the copy: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return s;
    }

    private static List<String> hugePages() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream()
                .filter(l -> l.startsWith("Rss") || l.startsWith("AnonHugePages"))
                .toList();
    }
}
