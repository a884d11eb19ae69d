package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HashListFixture;
import io.hashmatch.index.IndexStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Scale harness for issue 4 (not a test: surefire runs only {@code *Test} classes): times writing a snapshot
 * of N entries, each with one PDQ hash (the index fixture's distribution), one MD5 and one SHA-1 (random, 1%
 * repeating an earlier digest), broken down by phase, then {@code openUnverified} and {@code open} (full CRC)
 * in the same JVM, with the heap used (after {@code System.gc()}) before and after each open, and the file
 * size. Run after {@code ./mvnw -q -B -pl engine test-compile}:
 * {@code java -Xmx12g -cp engine/target/classes:engine/target/test-classes:$(cat cp.txt)
 * io.hashmatch.list.SnapshotScaleExperiment 10000000 /tmp/scale} (the classpath file from
 * {@code ./mvnw -q -B -pl engine dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
final class SnapshotScaleExperiment {
    private SnapshotScaleExperiment() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir")));
        Path file = dir.resolve("scale-" + n + ".hmsnap");
        long[] words = HashListFixture.hashList(n, 1);
        System.out.printf("N = %,d   heap max %,d MB%n", n, Runtime.getRuntime().maxMemory() >> 20);

        long t0 = System.nanoTime();
        SnapshotWriter w = SnapshotWriter.create("scale", "1", Instant.EPOCH);
        SplittableRandom random = new SplittableRandom(7);
        HexFormat hex = HexFormat.of();
        byte[] md5 = new byte[16];
        byte[] sha1 = new byte[20];
        byte[] repeatMd5 = new byte[16];
        byte[] repeatSha1 = new byte[20];
        for (int e = 0; e < n; e++) {
            int entry = w.addEntry();
            w.addPdq(entry, PdqHash.of(words[4 * e], words[4 * e + 1], words[4 * e + 2], words[4 * e + 3]));
            if (e > 0 && random.nextInt(100) == 0) { // a repeated digest (the same file in two lists)
                w.addMd5(entry, hex.formatHex(repeatMd5));
                w.addSha1(entry, hex.formatHex(repeatSha1));
            } else {
                random.nextBytes(md5);
                random.nextBytes(sha1);
                w.addMd5(entry, hex.formatHex(md5));
                w.addSha1(entry, hex.formatHex(sha1));
                if (random.nextInt(1000) == 0) {
                    System.arraycopy(md5, 0, repeatMd5, 0, 16);
                    System.arraycopy(sha1, 0, repeatSha1, 0, 20);
                }
            }
        }
        words = null;
        long added = System.nanoTime();
        w.write(file);
        long written = System.nanoTime();
        System.out.printf(
                "adds %,d ms; write %,d ms (hash section %,d, exact tables %,d, brute %,d, bk-tree %,d [waited %,d],"
                        + " multi-index %,d, file %,d); import total %,d ms; file %,d MB%n",
                ms(added - t0),
                ms(written - added),
                ms(w.phaseNanos[5]),
                ms(w.phaseNanos[0]),
                ms(w.phaseNanos[SnapshotWriter.indexPhase(IndexStrategy.BRUTE_FORCE)]),
                ms(w.phaseNanos[SnapshotWriter.indexPhase(IndexStrategy.BK_TREE)]),
                ms(w.phaseNanos[6]),
                ms(w.phaseNanos[SnapshotWriter.indexPhase(IndexStrategy.MULTI_INDEX)]),
                ms(w.phaseNanos[4]),
                ms(written - t0),
                Files.size(file) >> 20);
        w = null;

        for (int round = 0; round < 2; round++) {
            long before = usedHeap();
            long a = System.nanoTime();
            try (HashListSnapshot s = HashListSnapshot.openUnverified(file)) {
                long b = System.nanoTime();
                long after = usedHeap();
                System.out.printf(
                        "round %d openUnverified %,d ms, heap %,d -> %,d MB (%+,d KB); pdq %,d exact %,d%n",
                        round,
                        ms(b - a),
                        before >> 20,
                        after >> 20,
                        (after - before) >> 10,
                        s.pdqCount(),
                        s.exactCount());
            }
            before = usedHeap();
            a = System.nanoTime();
            try (HashListSnapshot s = HashListSnapshot.open(file)) {
                long b = System.nanoTime();
                long after = usedHeap();
                System.out.printf(
                        "round %d open (full CRC) %,d ms, heap %,d -> %,d MB (%+,d KB)%n",
                        round, ms(b - a), before >> 20, after >> 20, (after - before) >> 10);
            }
        }
        if (!Boolean.getBoolean("scale.keep")) { // -Dscale.keep=true leaves the file for open/verify experiments
            Files.delete(file);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
