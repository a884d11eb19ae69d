package io.hashmatch.index;

import static io.hashmatch.index.FlatHashes.LONG_LE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Tuning harness (not a test, not JMH): what one independent random 8-byte load costs, by the size of the region
 * it falls in, in ordinary native memory and (Linux x86-64) in a copy advised {@code MADV_HUGEPAGE}. A search's
 * loads are independent within a phase, so this is the throughput the memory system gives them (misses in flight
 * at once), not the latency of one miss. CPU time of the thread per load, alternating plain and huge pages.
 * Run after {@code ./mvnw -pl engine test-compile}: {@code java -Xmx2g --enable-native-access=ALL-UNNAMED
 * -cp engine/target/classes:engine/target/test-classes io.hashmatch.index.RandomLoadExperiment 2,8,32,64,128,320}
 */
final class RandomLoadExperiment {
    private RandomLoadExperiment() {}

    static long sink;

    public static void main(String[] args) throws Throwable {
        int loads = 1 << 22;
        for (String mb : args[0].split(",")) {
            long size = Long.parseLong(mb) << 20;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment plain = arena.allocate(size, 64);
                plain.fill((byte) 1);
                MemorySegment huge = HugePageExperiment.hugeCopy(plain, arena);
                long[] at = new long[loads];
                SplittableRandom random = new SplittableRandom(size);
                for (int i = 0; i < loads; i++) {
                    at[i] = random.nextLong(size >>> 6) << 6;
                }
                StringBuilder line = new StringBuilder(mb + " MB, ns per load (plain / huge pages):");
                for (int round = 0; round < 3; round++) {
                    line.append(String.format(" %.1f / %.1f", time(plain, at), time(huge, at)));
                }
                System.out.println(line);
            }
        }
    }

    static double time(MemorySegment region, long[] at) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long acc = 0;
        for (long a : at) {
            acc += region.get(LONG_LE, a);
        }
        long c = mx.getCurrentThreadCpuTime() - c0;
        sink += acc;
        return c / (double) at.length;
    }
}
