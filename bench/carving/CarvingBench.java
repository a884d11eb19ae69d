import io.hashmatch.disk.Carver;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Carving throughput vs a plain sequential read of the same file, same run (bench/carving-bench.sh runs it). */
public class CarvingBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            Carver.Source source = (offset, b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len), offset);
            for (int round = 0; round < 2; round++) { // the first round warms the page cache and the JIT
                long t0 = System.nanoTime();
                byte[] buf = new byte[4 << 20];
                long sum = 0;
                for (long pos = 0; pos < size; ) {
                    int k = source.read(pos, buf, 0, (int) Math.min(buf.length, size - pos));
                    sum += buf[0];
                    pos += k;
                }
                double read = (System.nanoTime() - t0) / 1e9;
                List<Carver.Found> found = new ArrayList<>();
                long t1 = System.nanoTime();
                Carver.anyOffset().threads(threads).carve(source, 0, size, found::add);
                double carve = (System.nanoTime() - t1) / 1e9;
                double mb = size / 1e6;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: read %.0f MB/s, carve (%d threads, any offset) %.0f MB/s = %.0f %% of read;"
                                + " %d objects %s (%d)%n",
                        round, mb / read, threads, mb / carve, 100 * read / carve, found.size(),
                        found.stream().map(f -> f.format() + "@" + f.offset()).toList(), sum & 1);
            }
        }
    }
}
