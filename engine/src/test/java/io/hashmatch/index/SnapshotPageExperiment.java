package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.HashListSnapshot;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tuning harness (not a test, not JMH): the multi-index search of a real snapshot (as {@code bench/load/make-list.sh}
 * writes it) with the queries of {@code bench/load/wrk-lookups.sh} (seed 20, 20 % a listed entry with 1-24 bits
 * flipped, the rest random), on the mapped file as the service reads it, against a copy of its index section on 2 MB
 * transparent huge pages ({@link HugePageExperiment#hugeCopy}; the hashes stay mapped). Same hits checked, then raced
 * (CPU time per query, alternating). Linux x86-64 only. Run after {@code ./mvnw -pl engine test-compile}:
 * {@code java -Xmx2g --enable-native-access=ALL-UNNAMED -cp
 * engine/target/classes:engine/target/test-classes:DEPENDENCIES io.hashmatch.index.SnapshotPageExperiment SNAPSHOT
 * [rounds]} (the dependencies as {@code bench/load/make-list.sh} lists them).
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

    /** A section of the snapshot's file, which the snapshot does not expose (a harness may reach in). */
    static MemorySegment section(HashListSnapshot s, String name) throws ReflectiveOperationException {
        Field f = HashListSnapshot.class.getDeclaredField("file");
        f.setAccessible(true);
        Object file = f.get(s);
        Method m = file.getClass().getDeclaredMethod("section", String.class);
        m.setAccessible(true);
        return (MemorySegment) m.invoke(file, name);
    }

    public static void main(String[] args) throws Throwable {
        Path path = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (HashListSnapshot snapshot = HashListSnapshot.openUnverified(path);
                Arena arena = Arena.ofShared()) {
            MemorySegment hashes = snapshot.pdqHashSegment();
            MemorySegment huge = HugePageExperiment.hugeCopy(section(snapshot, "index.multi_index"), arena);
            System.out.println(Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream()
                    .filter(l -> l.startsWith("Rss") || l.startsWith("AnonHugePages"))
                    .toList());
            LookupRace.race(
                    List.of(
                            new LookupRace.Contender("mapped", snapshot.index(IndexStrategy.MULTI_INDEX)),
                            new LookupRace.Contender("huge", MultiIndexHamming.open(hashes, huge))),
                    new LookupRace.Fixture(hashes, queries(snapshot, LookupRace.QUERIES, 20, 20), 31),
                    rounds);
        }
    }
}
