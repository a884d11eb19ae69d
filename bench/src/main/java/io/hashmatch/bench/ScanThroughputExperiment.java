package io.hashmatch.bench;

import com.sun.management.OperatingSystemMXBean;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.Matcher;
import io.hashmatch.scan.ScanResult;
import io.hashmatch.scan.Scanner;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code hashmatch scan} throughput against the engine's own decode+hash throughput, measured in the same run.
 *
 * <p>Generates a tree of {@code N} images (default 20 000) in a temporary folder from the bundled test images
 * ({@code engine/src/test/resources/pdq/images}), each scaled to at most 256 px and varied (brightness shift, a
 * few changed pixels; every tenth a PNG, the rest JPEG), in 40 folders. Then, alternating so that both see the
 * same machine load:
 * <ol>
 *   <li>engine baseline: {@link FileHasher#hash(Path)} over a sample of the files on two threads, each thread
 *       hashing its half (two cores' worth of engine throughput), with the process CPU time;</li>
 *   <li>the scan: {@link Scanner} with two threads over the whole tree, matching against the demo snapshot and
 *       journaling, with the process CPU time (walker, journal, matching and GC included);</li>
 *   <li>the engine baseline again; the figure used is the mean of both.</li>
 * </ol>
 * Prints files/s, files per CPU-second and the ratios scan / engine; the target is ≥ 0.85 of the engine's two-core
 * files/s. The generated tree is deleted at the end.
 *
 * <p>Run (from the project root):
 * <pre>
 * ./mvnw -q -B -pl bench -am package -DskipTests
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -Dchronicle.analytics.disable=true \
 *     -cp bench/target/benchmarks.jar io.hashmatch.bench.ScanThroughputExperiment [N] [SAMPLE]
 * </pre>
 */
public final class ScanThroughputExperiment {
    private static final Path IMAGES = Path.of("engine/src/test/resources/pdq/images");
    private static final Path SNAPSHOT = Path.of("engine/src/test/resources/snapshots/demo-v1.hmsnap");
    private static final int FOLDERS = 40;
    private static final int MAX_SIDE = 256;

    private ScanThroughputExperiment() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int sample = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        Path dir = Files.createTempDirectory("hashmatch-scanbench");
        try {
            System.out.printf(
                    Locale.ROOT,
                    "load average at start: %s%n",
                    Files.readString(Path.of("/proc/loadavg")).strip());
            long t0 = System.nanoTime();
            System.out.println("generating in " + dir);
            Path tree = generate(dir.resolve("tree"), n);
            List<Path> files;
            try (Stream<Path> s = Files.walk(tree)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            System.out.printf(
                    Locale.ROOT,
                    "generated %d images, %.1f MB, in %.1f s%n",
                    files.size(),
                    bytes / 1e6,
                    (System.nanoTime() - t0) / 1e9);
            List<Path> sampled = new ArrayList<>();
            for (int i = 0; i < sample; i++) {
                sampled.add(files.get((int) ((long) i * files.size() / sample)));
            }
            FileHasher hasher = FileHasher.newBuilder().build();
            engine(hasher, sampled.subList(0, Math.min(500, sampled.size()))); // warm-up: JIT, native loads
            double[] e1 = engine(hasher, sampled);
            double[] scan = scan(hasher, tree, dir.resolve("out"), files.size());
            double[] e2 = engine(hasher, sampled);
            double engineRate = (e1[0] + e2[0]) / 2;
            double engineCpuRate = (e1[1] + e2[1]) / 2;
            System.out.printf(
                    Locale.ROOT,
                    "engine decode+hash, 2 threads: %.1f and %.1f files/s (mean %.1f); %.1f and %.1f"
                            + " files per CPU-second; CPU use %.0f%% and %.0f%% of two cores%n",
                    e1[0],
                    e2[0],
                    engineRate,
                    e1[1],
                    e2[1],
                    e1[2] * 100,
                    e2[2] * 100);
            System.out.printf(
                    Locale.ROOT,
                    "scan, 2 threads: %.1f files/s, %.1f MB/s; %.1f files per CPU-second; CPU use"
                            + " %.0f%% of two cores%n",
                    scan[0],
                    scan[0] * bytes / files.size() / 1e6,
                    scan[1],
                    scan[2] * 100);
            System.out.printf(
                    Locale.ROOT,
                    "ratio scan / engine: %.2f (files/s), %.2f (files per CPU-second)%n",
                    scan[0] / engineRate,
                    scan[1] / engineCpuRate);
            System.out.printf(
                    Locale.ROOT,
                    "load average at end: %s%n",
                    Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Two threads hash {@code files} (each its half): files/s and files per process CPU-second (GC and JIT
     * included, as for the scan).
     */
    private static double[] engine(FileHasher hasher, List<Path> files) throws InterruptedException {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Thread[] threads = new Thread[2];
        long c0 = os.getProcessCpuTime();
        long start = System.nanoTime();
        for (int t = 0; t < 2; t++) {
            List<Path> half = files.subList(t * files.size() / 2, (t + 1) * files.size() / 2);
            threads[t] = new Thread(() -> {
                for (Path f : half) {
                    if (hasher.hash(f).exact() == null) {
                        throw new IllegalStateException("unreadable " + f);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        return new double[] {files.size() / seconds, files.size() / cpu, cpu / (2 * seconds)};
    }

    /** The scan of {@code tree}: files/s, files per process CPU-second, CPU use as a fraction of two cores. */
    private static double[] scan(FileHasher hasher, Path tree, Path out, int expected) throws Exception {
        Files.createDirectories(out);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (HashListSnapshot snapshot = HashListSnapshot.open(SNAPSHOT)) {
            Matcher matcher = Matcher.newBuilder().addList(snapshot).build();
            Scanner scanner = Scanner.newBuilder()
                    .hasher(hasher)
                    .matcher(matcher, "demo")
                    .threads(2)
                    .journal(out.resolve("journal.jsonl"))
                    .build();
            long c0 = os.getProcessCpuTime();
            long start = System.nanoTime();
            ScanResult r = scanner.run(List.of(tree));
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (os.getProcessCpuTime() - c0) / 1e9;
            if (r.records().size() != expected) {
                throw new IllegalStateException("scanned " + r.records().size() + " records, expected " + expected);
            }
            return new double[] {expected / seconds, expected / cpu, cpu / (2 * seconds)};
        }
    }

    private static Path generate(Path tree, int n) throws IOException {
        List<BufferedImage> bases = new ArrayList<>();
        try (Stream<Path> s = Files.list(IMAGES)) {
            for (Path p : s.sorted().toList()) {
                BufferedImage img;
                try {
                    img = ImageIO.read(p.toFile());
                } catch (IOException | RuntimeException e) {
                    continue;
                }
                if (img != null && img.getWidth() >= 16 && img.getHeight() >= 16) {
                    bases.add(scaled(img));
                }
            }
        }
        Random random = new Random(20261129);
        for (int i = 0; i < FOLDERS; i++) {
            Files.createDirectories(tree.resolve(String.format(Locale.ROOT, "d%02d", i)));
        }
        for (int i = 0; i < n; i++) {
            BufferedImage base = bases.get(i % bases.size());
            int[] src = ((java.awt.image.DataBufferInt) base.getRaster().getDataBuffer()).getData();
            BufferedImage v = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
            int[] dst = ((java.awt.image.DataBufferInt) v.getRaster().getDataBuffer()).getData();
            int shift = random.nextInt(21) - 10;
            for (int k = 0; k < src.length; k++) {
                int rgb = src[k];
                dst[k] = (clamp(((rgb >> 16) & 0xFF) + shift) << 16)
                        | (clamp(((rgb >> 8) & 0xFF) + shift) << 8)
                        | clamp((rgb & 0xFF) + shift);
            }
            for (int k = 0; k < 8; k++) {
                dst[random.nextInt(dst.length)] = random.nextInt(1 << 24);
            }
            boolean png = i % 10 == 0;
            Path f = tree.resolve(String.format(Locale.ROOT, "d%02d/img%05d.%s", i % FOLDERS, i, png ? "png" : "jpg"));
            if (i % 2000 == 0) {
                System.out.printf(Locale.ROOT, "generating: %d%n", i);
            }
            ImageIO.write(v, png ? "png" : "jpg", f.toFile());
        }
        return tree;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage scaled(BufferedImage img) {
        double f = Math.min(1.0, (double) MAX_SIDE / Math.max(img.getWidth(), img.getHeight()));
        int w = Math.max(16, (int) (img.getWidth() * f));
        int h = Math.max(16, (int) (img.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
