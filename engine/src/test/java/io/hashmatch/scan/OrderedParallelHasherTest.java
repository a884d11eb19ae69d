package io.hashmatch.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedParallelHasherTest {
    @TempDir
    Path tmp;

    private static final int FILES = 300;

    @BeforeEach
    void files() throws IOException {
        for (int i = 0; i < FILES; i++) {
            Path p = tmp.resolve("d" + (i % 7)).resolve(String.format("f%04d", i));
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x".repeat(i));
        }
    }

    /** A fake hasher that takes a random time and reports the file's real size. */
    private static final Function<Path, String> SLOW_FAKE = p -> {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            return p + "," + Files.size(p);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    };

    /** Records as lines: {@code path,size}, {@code path,<error code>,message}. */
    private static OrderedParallelHasher.Records<String> records(Function<Path, String> hasher) {
        return new OrderedParallelHasher.Records<>() {
            @Override
            public String file(Path file) {
                return hasher.apply(file);
            }

            @Override
            public String skipped(Path path, ScanError error, String message) {
                return path + "," + error.code() + "," + message;
            }

            @Override
            public String failed(Path file, RuntimeException e) {
                return file + "," + ScanError.INTERNAL_ERROR.code() + "," + e.getMessage();
            }
        };
    }

    private List<String> run(Function<Path, String> hasher, int threads, int window) throws Exception {
        List<String> out = new ArrayList<>();
        long n = new OrderedParallelHasher<>(threads, window, records(hasher)).run(List.of(tmp), out::add);
        assertThat(n).isEqualTo(FILES);
        assertThat(out).hasSize(FILES);
        return out;
    }

    @Test
    void outputOrderIsWalkOrderWhateverTheThreadCount() throws Exception {
        List<String> one = run(SLOW_FAKE, 1, 1);
        assertThat(one.getFirst()).isEqualTo(tmp.resolve("d0/f0000") + ",0");
        assertThat(one.getLast()).isEqualTo(tmp.resolve("d6/f0293") + ",293");
        assertThat(run(SLOW_FAKE, 4, 4)).isEqualTo(one);
        assertThat(run(SLOW_FAKE, 8, 64)).isEqualTo(one);
    }

    @Test
    void atMostWindowFilesAreInFlight() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        Function<Path, String> counting = p -> {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            started.incrementAndGet();
            try {
                return SLOW_FAKE.apply(p);
            } finally {
                inFlight.decrementAndGet();
            }
        };
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger maxAhead = new AtomicInteger();
        new OrderedParallelHasher<>(4, 8, records(counting))
                .run(
                        List.of(tmp),
                        record ->
                                // how far hashing runs ahead of the consumer: the window, plus the record being
                                // consumed
                                maxAhead.accumulateAndGet(started.get() - consumed.getAndIncrement(), Math::max));
        assertThat(maxAhead.get()).isBetween(1, 8 + 1);
        assertThat(maxInFlight.get()).isBetween(1, 4);
        assertThat(started.get()).isEqualTo(FILES);
    }

    @Test
    void heldFilesAreHashedOnlyOnceReleasedAndKeepTheirPlace() throws Exception {
        List<String> reference = run(SLOW_FAKE, 1, 1);
        // d0 comes first in the walk: its 43 files are held until 20 of the others have been hashed
        Path held = tmp.resolve("d0");
        int before = 20;
        CompletableFuture<Void> ready = new CompletableFuture<>();
        ConcurrentLinkedQueue<Path> hashed = new ConcurrentLinkedQueue<>();
        AtomicInteger others = new AtomicInteger();
        Function<Path, String> watching = p -> {
            hashed.add(p);
            if (!p.startsWith(held) && others.incrementAndGet() == before) {
                ready.complete(null);
            }
            return SLOW_FAKE.apply(p);
        };
        List<String> out = new ArrayList<>();
        long n = new OrderedParallelHasher<>(2, 32, records(watching))
                .holdBack(p -> p.startsWith(held), ready)
                .run(List.of(tmp), out::add);
        assertThat(n).isEqualTo(FILES);
        assertThat(out).isEqualTo(reference);
        List<Path> order = List.copyOf(hashed);
        assertThat(order).hasSize(FILES);
        assertThat(order.subList(0, before)).noneMatch(p -> p.startsWith(held));
        assertThat(order.stream().filter(p -> p.startsWith(held))).hasSize(43);
    }

    @Test
    void withTheAwaitedStageCompleteNothingIsHeld() throws Exception {
        List<String> reference = run(SLOW_FAKE, 1, 1);
        List<String> out = new ArrayList<>();
        new OrderedParallelHasher<>(3, 8, records(SLOW_FAKE))
                .holdBack(p -> true, CompletableFuture.completedFuture(null))
                .run(List.of(tmp), out::add);
        assertThat(out).isEqualTo(reference);
    }

    @Test
    void onceTheWalkHasEndedTheQueuedFilesAreHashedLargestFirst() throws Exception {
        List<String> reference = run(SLOW_FAKE, 1, 1);
        ConcurrentLinkedQueue<Path> hashed = new ConcurrentLinkedQueue<>();
        Function<Path, String> watching = p -> {
            if (hashed.isEmpty()) {
                // the first file holds the only hashing thread until the walk has queued every other file and ended
                joinWalkThread();
            }
            hashed.add(p);
            return SLOW_FAKE.apply(p);
        };
        // one thread, a window as large as the walk: the walk ends while the first file is being hashed
        List<String> out = new ArrayList<>();
        long n = new OrderedParallelHasher<>(1, FILES, records(watching)).run(List.of(tmp), out::add);
        assertThat(n).isEqualTo(FILES);
        assertThat(out).isEqualTo(reference);
        List<Path> order = List.copyOf(hashed);
        assertThat(order.getFirst()).isEqualTo(tmp.resolve("d0/f0000"));
        // file i holds i bytes: the others by size, largest first, not in walk order (d0/f0007, d0/f0014, ...)
        List<Path> bySize = new ArrayList<>();
        for (int i = FILES - 1; i >= 1; i--) {
            bySize.add(tmp.resolve("d" + (i % 7)).resolve(String.format("f%04d", i)));
        }
        assertThat(order.subList(1, FILES)).containsExactlyElementsOf(bySize);
    }

    private static void joinWalkThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("hashmatch-walk")) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void largestFirstSortsBySizeKeepingTheOrderOfEqualSizesAndOtherTasksFirst() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        List<Runnable> others = new ArrayList<>();
        List<OrderedParallelHasher.FileTask<String>> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (random.nextInt(20) == 0) {
                Runnable other = () -> {};
                others.add(other);
                queue.add(other);
            } else {
                // few distinct sizes: many ties, whose walk order must stay
                OrderedParallelHasher.FileTask<String> file =
                        new OrderedParallelHasher.FileTask<>(() -> "", random.nextInt(12));
                files.add(file);
                queue.add(file);
            }
        }
        List<Runnable> expected = new ArrayList<>(others);
        for (long size = 11; size >= 0; size--) {
            for (OrderedParallelHasher.FileTask<String> f : files) {
                if (f.size == size) {
                    expected.add(f);
                }
            }
        }
        OrderedParallelHasher.largestFirst(queue);
        assertThat(List.copyOf(queue)).as("seed %d", seed).containsExactlyElementsOf(expected);
    }

    @Test
    void anExceptionForOneFileBecomesThatFilesRecord() throws Exception {
        Path bad = tmp.resolve("d3/f0003");
        List<String> out = run(
                p -> {
                    if (p.equals(bad)) {
                        throw new UnsupportedOperationException("boom");
                    }
                    return SLOW_FAKE.apply(p);
                },
                3,
                16);
        assertThat(out).contains(bad + ",internal_error,boom");
        assertThat(out.stream().filter(r -> r.contains("internal_error"))).hasSize(1);
    }

    @Test
    void aSkippedPathGetsItsRecordInWalkOrder() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("d0/l"), tmp.resolve("d1"));
        List<String> out = new ArrayList<>();
        new OrderedParallelHasher<>(2, 4, records(SLOW_FAKE)).run(List.of(tmp.resolve("d0")), out::add);
        assertThat(out).hasSize(FILES / 7 + 1 + 1);
        assertThat(out.getLast()).startsWith(link + ",symlink_not_followed,");
    }

    @Test
    void aConsumerFailureStopsTheRun() {
        AtomicInteger hashed = new AtomicInteger();
        Function<Path, String> counting = p -> {
            hashed.incrementAndGet();
            return SLOW_FAKE.apply(p);
        };
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> new OrderedParallelHasher<>(2, 4, records(counting)).run(List.of(tmp), record -> {
                    if (n.incrementAndGet() == 10) {
                        throw new IOException("Broken pipe");
                    }
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("Broken pipe");
        assertThat(hashed.get()).isLessThan(30);
    }

    @Test
    void rejectsBadSizes() {
        assertThatThrownBy(() -> new OrderedParallelHasher<>(0, 4, records(SLOW_FAKE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderedParallelHasher<>(4, 3, records(SLOW_FAKE)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
