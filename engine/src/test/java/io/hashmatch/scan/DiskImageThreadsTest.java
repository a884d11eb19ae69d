package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.hash.FileHasher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --threads N} over N disk images: each image may hash its files on the scan's threads that no other file holds,
 * so N images scanned at once run on N threads in all, not N × N. A sampler watches the threads the images start
 * ({@code hashmatch-image-*}) for the whole scan.
 */
class DiskImageThreadsTest {
    private static final int THREADS = 3;
    private static final List<String> PICTURES = List.of(
            "syn_checker_256x256.png",
            "syn_grad_100x100.png",
            "syn_checker_320x240_q75prog.jpg",
            "syn_text_256x256.png",
            "syn_shapes_320x240.png");

    @TempDir
    Path tmp;

    @Test
    void nImagesOnNThreadsTakeNThreadsNotNSquared() throws Exception {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libtsk.so.19")), "libtsk19 is not installed");
        Path evidence = Files.createDirectories(tmp.resolve("evidence"));
        for (int i = 0; i < THREADS; i++) {
            Path fs = FileSystemImages.extWithFiles(tmp, "card" + i, 60, 8 * FileSystemImages.MIB, PICTURES);
            FileSystemImages.mbrDisk(fs, 0x83, evidence.resolve("card" + i + ".raw"));
        }

        AtomicInteger peak = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                int helpers = (int) Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("hashmatch-image-") && t.isAlive())
                        .count();
                peak.accumulateAndGet(helpers, Math::max);
                Thread.onSpinWait();
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        List<ScannedFile> threaded;
        try {
            threaded = scan(evidence, THREADS, "threaded");
        } finally {
            running.set(false);
            sampler.join();
        }
        // the scan's own N threads each hold one image; a helper runs only on a thread no image holds
        assertThat(peak.get()).isLessThanOrEqualTo(THREADS - 1);
        List<ScannedFile> one = scan(evidence, 1, "one");
        assertThat(threaded).isEqualTo(one);
        assertThat(threaded.stream().filter(f -> f.kind() == MediaKind.DISK_IMAGE))
                .hasSize(THREADS);
        assertThat(threaded.stream().filter(f -> f.entry() != null && f.entry().matches("p1/F\\d{3}\\.(PNG|JPG)")))
                .hasSize(THREADS * 60);
    }

    @Test
    void oneImageAloneBorrowsTheIdleThreads() {
        ThreadBudget budget = new ThreadBudget(THREADS);
        budget.take(); // the scanning thread that took the image
        assertThat(budget.borrow(THREADS)).isEqualTo(THREADS - 1);
        assertThat(budget.borrow(1)).isZero();
        budget.giveBack(THREADS - 1);
        budget.take(); // a second image: now only one thread is left to borrow
        assertThat(budget.borrow(THREADS)).isEqualTo(THREADS - 2);
    }

    private List<ScannedFile> scan(Path evidence, int threads, String name) throws Exception {
        return Scanner.newBuilder()
                .hasher(FileHasher.newBuilder().build())
                .journal(tmp.resolve(name + ".jsonl"))
                .threads(threads)
                .build()
                .run(List.of(evidence))
                .records();
    }
}
