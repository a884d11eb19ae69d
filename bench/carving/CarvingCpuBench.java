import io.hashmatch.disk.Carver;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * CPU time per byte of one carving thread over 256 MB in memory (random bytes, or one repeated byte with {@code A}):
 * the search's own cost, less disturbed by other processes than wall-clock throughput. Run from the repository root:
 * {@code java --add-modules=jdk.incubator.vector -cp engine/target/classes:JSPECIFY_JAR
 * bench/carving/CarvingCpuBench.java [A]}.
 */
public class CarvingCpuBench {
    public static void main(String[] args) throws Exception {
        byte[] raw = new byte[256 << 20];
        if (args.length > 0) {
            Arrays.fill(raw, (byte) 'A');
        } else {
            new Random(1).nextBytes(raw);
        }
        Carver.Source source = (offset, b, off, len) -> {
            if (offset >= raw.length) {
                return -1;
            }
            int n = (int) Math.min(len, raw.length - offset);
            System.arraycopy(raw, (int) offset, b, off, n);
            return n;
        };
        var threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 5; round++) { // the first rounds warm the JIT
            long c0 = threads.getCurrentThreadCpuTime();
            int[] objects = {0};
            Carver.anyOffset().carve(source, 0, raw.length, f -> objects[0]++);
            long c1 = threads.getCurrentThreadCpuTime();
            System.out.printf(
                    Locale.ROOT,
                    "round %d: %.3f ns CPU per byte, 1 thread, %d objects%n",
                    round,
                    (c1 - c0) / (double) raw.length,
                    objects[0]);
        }
    }
}
