package io.hashmatch.list;

import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.HashListFixture;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.metadata.EntryMetadata;
import io.hashmatch.list.metadata.EntryMetadataStore;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Scale harness for issue 4's import target (not a test: surefire runs only {@code *Test} classes): writes a
 * ThreatExchange CSV export of N PDQ hashes (the index fixture's distribution, exact repeats left out, categories and tags as a real
 * export has them) unless it exists, then times {@link ListImporter#importLists} on it, end to end: parsing,
 * the snapshot with every index, and the Chronicle Map metadata. Then {@code open} (full CRC) with the heap
 * growth. Run after {@code ./mvnw -q -B -pl engine test-compile} and
 * {@code ./mvnw -q -B -pl engine dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt}:
 * {@code java -Xmx12g $CHRONICLE_FLAGS -cp engine/target/classes:engine/target/test-classes:$(cat /tmp/cp.txt)
 * io.hashmatch.list.ImportScaleExperiment 10000000 /tmp/scale} (the Chronicle Map flags of the root pom's
 * {@code chronicle.jvm.flags}).
 */
final class ImportScaleExperiment {
    private ImportScaleExperiment() {}

    private static final String[] CATEGORIES = {"POSITIVE_CLASS", "INVESTIGATION_SEED", "NEGATIVE_CLASS"};

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path dir = Files.createDirectories(Path.of(args.length > 1 ? args[1] : System.getProperty("java.io.tmpdir")));
        Path csv = dir.resolve("te-export-" + n + ".csv");
        if (!Files.exists(csv)) {
            long[] words = HashListFixture.hashList(n, 1);
            // A near-duplicate whose flips cancel is an exact repeat, which an import refuses: written once only.
            Set<PdqHash> written = new HashSet<>(2 * n);
            Path tmp = dir.resolve(csv.getFileName() + ".tmp");
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                out.write("signal_type,signal_str,collab,category,tags\n");
                for (int e = 0; e < n; e++) {
                    PdqHash hash = HashListFixture.hash(words, e);
                    if (!written.add(hash)) {
                        continue;
                    }
                    out.write("pdq,");
                    out.write(hash.toHex());
                    out.write(",Scale Collab,");
                    out.write(CATEGORIES[e % 3]);
                    out.write(e % 5 == 0 ? ",scale synthetic\n" : ",\n");
                }
            }
            Files.move(tmp, csv);
        }
        System.out.printf(
                "N = %,d   %s %,d MB   heap max %,d MB%n",
                n,
                csv.getFileName(),
                Files.size(csv) >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
        Path target = dir.resolve("import-" + n + ".hmsnap");
        if (args.length > 2 && args[2].equals("phases")) {
            long p0 = System.nanoTime();
            ListImport.validate(List.of(ListImport.Source.of(csv)));
            long p1 = System.nanoTime();
            java.util.List<EntryMetadata> md = new java.util.ArrayList<>();
            ListImport.readInto(
                    List.of(ListImport.Source.of(csv)),
                    e -> md.add(new EntryMetadata(
                            e.externalId(), e.category(), e.sourceList(), e.dateAdded(), e.tags(), null)));
            long p2 = System.nanoTime();
            EntryMetadataStore.write(dir.resolve("md-only.meta"), md);
            long p3 = System.nanoTime();
            System.out.printf(
                    "parse (validate pass) %.1f s, parse + metadata objects %.1f s, Chronicle Map write %.1f s%n",
                    (p1 - p0) / 1e9, (p2 - p1) / 1e9, (p3 - p2) / 1e9);
        }
        System.gc();
        for (java.lang.management.MemoryPoolMXBean pool :
                java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long c0 = processCpuNanos();
        long t0 = System.nanoTime();
        long[] phases = new long[ListImporter.PHASES];
        ImportReport report =
                ListImporter.importLists(List.of(ListImport.Source.of(csv)), "scale", "1", target, phases);
        long t1 = System.nanoTime();
        long c1 = processCpuNanos();
        System.out.printf(
                "import: %.1f s (process CPU %.1f s), %,d entries, snapshot %,d MB, metadata %,d MB, "
                        + "heap used after %,d MB%n",
                (t1 - t0) / 1e9,
                (c1 - c0) / 1e9,
                report.entries(),
                Files.size(target) >> 20,
                Files.size(report.metadata()) >> 20,
                used() >> 20);
        System.out.printf(
                "  read sources %.1f s, snapshot write %.1f s (of which waiting for the metadata %.1f s), "
                        + "metadata write %.1f s (parallel)%n",
                phases[0] / 1e9, phases[1] / 1e9, phases[3] / 1e9, phases[2] / 1e9);
        System.out.printf(
                "  snapshot write: hash section %.1f s, exact tables %.1f s, brute force %.1f s, BK-tree %.1f s "
                        + "(second thread; main waited %.1f s for it), multi-index %.1f s, file %.1f s%n",
                phases[4 + 5] / 1e9,
                phases[4] / 1e9,
                phases[4 + 1 + io.hashmatch.index.IndexStrategy.BRUTE_FORCE.ordinal()] / 1e9,
                phases[4 + 1 + io.hashmatch.index.IndexStrategy.BK_TREE.ordinal()] / 1e9,
                phases[4 + 6] / 1e9,
                phases[4 + 1 + io.hashmatch.index.IndexStrategy.MULTI_INDEX.ordinal()] / 1e9,
                phases[4 + 4] / 1e9);
        long oldGenPeak = 0;
        for (java.lang.management.MemoryPoolMXBean pool :
                java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP
                    && pool.getName().contains("Old")) {
                oldGenPeak += pool.getPeakUsage().getUsed();
            }
        }
        String rssPeak = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM"))
                .findFirst()
                .orElse("VmHWM: ?")
                .replaceAll("\\s+", " ");
        System.out.printf("  heap: old generation peak %,d MB; process %s%n", oldGenPeak >> 20, rssPeak);
        for (int round = 0; round < 2; round++) {
            System.gc();
            long before = used();
            long o0 = System.nanoTime();
            try (HashListSnapshot s = HashListSnapshot.open(target)) {
                long o1 = System.nanoTime();
                System.gc();
                System.out.printf(
                        "open (full CRC) round %d: %.3f s, heap growth %,d KB, %,d PDQ%n",
                        round, (o1 - o0) / 1e9, (used() - before) >> 10, s.pdqCount());
            }
        }
    }

    /** CPU time of the whole process (all threads, user and system): the work done, whatever else runs. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
