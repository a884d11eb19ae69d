package io.hashmatch.index;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.zip.CRC32C;

/**
 * Scale harness (not a test: surefire runs only {@code *Test} classes): builds the BK-tree section of N fixture hashes
 * ({@link HashListFixture#hashList(int, long)}, seed 1) three times in one JVM and prints wall time, the thread's CPU
 * time and the section's CRC32C (equal CRCs across builds of different versions: the same bytes). After
 * {@code ./mvnw -q -B -pl engine test-compile}: {@code java -Xmx8g -cp engine/target/classes:engine/target/test-classes
 * io.hashmatch.index.BkTreeBuildExperiment 10000000}.
 */
final class BkTreeBuildExperiment {
    private BkTreeBuildExperiment() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        long[] list = HashListFixture.hashList(n, 1);
        var threads = ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofShared()) {
            MemorySegment hashes = HashListFixture.segment(list, arena);
            for (int round = 0; round < 3; round++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                MemorySegment section = BkTreeHamming.build(hashes, arena);
                long t1 = System.nanoTime();
                long c1 = threads.getCurrentThreadCpuTime();
                CRC32C crc = new CRC32C();
                crc.update(section.asByteBuffer());
                System.out.printf(
                        "n=%d BK-tree build wall %.2f s, thread CPU %.2f s, section CRC32C %08x, load %.1f%n",
                        n,
                        (t1 - t0) / 1e9,
                        (c1 - c0) / 1e9,
                        crc.getValue(),
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
    }
}
