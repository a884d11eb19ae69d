import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * CPU time per byte of the whole-file digests a {@code scan --carve} computes before it carves (MD5, SHA-1, SHA-256 in
 * 1 MiB reads, as the scan reads the file): each alone, then all three as the scan feeds them. Run from the repository
 * root: {@code java bench/carving/FileDigestBench.java FILE}.
 */
public class FileDigestBench {
    public static void main(String[] args) throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] buf = new byte[1 << 20];
            for (String[] set : new String[][] {{"MD5"}, {"SHA-1"}, {"SHA-256"}, {"MD5", "SHA-1", "SHA-256"}}) {
                MessageDigest[] digests = new MessageDigest[set.length];
                for (int k = 0; k < set.length; k++) {
                    digests[k] = MessageDigest.getInstance(set[k]);
                }
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (long pos = 0; pos < size; ) {
                    int n = ch.read(ByteBuffer.wrap(buf), pos);
                    for (MessageDigest d : digests) {
                        d.update(buf, 0, n);
                    }
                    pos += n;
                }
                double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
                System.out.printf(
                        Locale.ROOT,
                        "%s: %.2f s CPU (%.2f ns per byte), %.2f s wall%n",
                        String.join(" + ", set),
                        cpu,
                        cpu * 1e9 / size,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
