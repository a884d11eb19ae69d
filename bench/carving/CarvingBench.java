import io.hashmatch.disk.Carver;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Carving throughput vs a plain sequential read of the same file, same run (bench/carving-bench.sh runs it); also the
 * file read by as many threads in the carver's 64 MiB segments and 4 MiB chunks without any search, which is what the
 * carver would cost if its search were free. Round 0 is the JVM's first pass (bench/carving-bench.sh).
 */
public class CarvingBench {
    private static final int CHUNK = 4 << 20;
    private static final long SEGMENT = 64L << 20;

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        // "early": the carver made now, as a scan makes it before hashing the file (its start search warms up)
        Carver early = args.length > 2 && args[2].equals("early") ? Carver.anyOffset() : null;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Carver.Source source = (offset, b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len), offset);
            for (int round = 0; round < 2; round++) { // the first round warms the page cache and the JIT
                long t0 = System.nanoTime();
                byte[] buf = new byte[CHUNK];
                long sum = 0;
                for (long pos = 0; pos < size; ) {
                    int k = source.read(pos, buf, 0, (int) Math.min(buf.length, size - pos));
                    sum += buf[0];
                    pos += k;
                }
                double read = (System.nanoTime() - t0) / 1e9;
                long t2 = System.nanoTime();
                sum += segmentedRead(source, size, threads);
                double read2 = (System.nanoTime() - t2) / 1e9;
                List<Carver.Found> found = new ArrayList<>();
                long t1 = System.nanoTime();
                (early != null ? early : Carver.anyOffset()).threads(threads).carve(source, 0, size, found::add);
                double carve = (System.nanoTime() - t1) / 1e9;
                double mb = size / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: read %.0f MB/s, carve (%d threads, any offset) %.0f MB/s = %.0f %% of read;"
                                + " %d objects %s (%d); segments read by %d threads, no search: %.0f MB/s"
                                + " (carve = %.0f %% of it)%n",
                        round, mb / read, threads, mb / carve, 100 * read / carve, found.size(),
                        found.stream().map(f -> f.format() + "@" + f.offset()).toList(), sum & 1,
                        threads, mb / read2, 100 * read2 / carve);
            }
        }
    }

    /** Reads the file as the carver does (segments on a pool of {@code threads}, each in chunks), nothing else. */
    private static long segmentedRead(Carver.Source source, long size, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (long from = 0; from < size; from += SEGMENT) {
                long start = from;
                long end = Math.min(size, from + SEGMENT);
                parts.add(pool.submit(() -> {
                    byte[] b = new byte[CHUNK];
                    long s = 0;
                    for (long pos = start; pos < end; ) {
                        int k = source.read(pos, b, 0, (int) Math.min(b.length, end - pos));
                        s += b[0];
                        pos += k;
                    }
                    return s;
                }));
            }
            long sum = 0;
            for (Future<Long> f : parts) {
                sum += f.get();
            }
            return sum;
        } finally {
            pool.shutdownNow();
        }
    }
}
