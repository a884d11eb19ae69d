package io.hashmatch.index;

import io.hashmatch.hash.PdqHash;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Tuning harness (not a test, not JMH): the default-geometry multi-index search at r = 31 over the hash list and
 * index section in ordinary native memory, against copies of both in anonymous mappings advised with
 * {@code madvise(MADV_HUGEPAGE)} (2 MB transparent huge pages; this machine's THP mode is "madvise"), alternated
 * ten times, CPU time per query. Linux x86-64 only; the mappings live until the JVM exits. Run after
 * {@code ./mvnw -pl engine test-compile}: {@code java -Xmx8g --enable-native-access=ALL-UNNAMED
 * -cp engine/target/classes:engine/target/test-classes io.hashmatch.index.HugePageExperiment 10000000}
 */
final class HugePageExperiment {
    private HugePageExperiment() {}

    static final long HUGE = 2L << 20;
    static final int PROT_READ_WRITE = 0x3;
    static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    static final int MADV_HUGEPAGE = 14;

    static MemorySegment hugeCopy(MemorySegment src, Arena arena) throws Throwable {
        long size = (src.byteSize() + HUGE - 1) & -HUGE;
        Linker l = Linker.nativeLinker();
        MethodHandle mmap = l.downcallHandle(
                l.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_LONG));
        MethodHandle madvise = l.downcallHandle(
                l.defaultLookup().find("madvise").orElseThrow(),
                FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        MemorySegment raw = (MemorySegment)
                mmap.invokeExact(MemorySegment.NULL, size + HUGE, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0L);
        long addr = (raw.address() + HUGE - 1) & -HUGE;
        MemorySegment dst = MemorySegment.ofAddress(addr).reinterpret(size);
        int rc = (int) madvise.invokeExact(dst, size, MADV_HUGEPAGE);
        System.out.println("madvise rc=" + rc);
        MemorySegment.copy(src, 0, dst, 0, src.byteSize());
        return dst.asSlice(0, src.byteSize());
    }

    public static void main(String[] args) throws Throwable {
        int n = Integer.parseInt(args[0]);
        int r = 31;
        try (Arena arena = Arena.ofShared()) {
            LookupRace.Fixture f = LookupRace.fixture(n, arena);
            MemorySegment hashes = f.hashes();
            long[] queries = f.queries();
            MemorySegment section = MultiIndexHamming.build(hashes, arena);
            MultiIndexHamming plain = MultiIndexHamming.open(hashes, section);
            MemorySegment hh = hugeCopy(hashes, arena);
            MultiIndexHamming huge = MultiIndexHamming.open(hh, hugeCopy(section, arena));
            System.out.println(new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/meminfo")))
                    .lines()
                    .filter(l -> l.startsWith("AnonHuge"))
                    .toList());
            for (int round = 0; round < 10; round++) {
                time("plain", plain, queries, r);
                time("huge ", huge, queries, r);
            }
        }
    }

    static long sinkSum;

    static void time(String name, HammingIndex index, long[] queries, int r) {
        int qn = queries.length / 4;
        long hits = 0;
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int q = 0; q < qn; q++) {
            PdqHash h = HashListFixture.hash(queries, q);
            long[] c = new long[1];
            index.search(h, r, (e, d) -> c[0] += e + d);
            hits += c[0];
        }
        long t = System.nanoTime() - t0;
        long c = mx.getCurrentThreadCpuTime() - c0;
        sinkSum += hits;
        System.out.printf("%s wall %.4f cpu %.4f ms/query (%d)%n", name, t / 1e6 / qn, c / 1e6 / qn, hits);
    }
}
