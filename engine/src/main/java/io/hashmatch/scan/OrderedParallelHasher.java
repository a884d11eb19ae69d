package io.hashmatch.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Hashes the files of a {@link TreeWalker} walk on a fixed pool of threads and hands their records over in walk
 * order, whatever the thread count, while streaming: at most {@code window + 2} files are hashed ahead of the
 * consumer (the window, the record being consumed, and one task submitted while the walker waits for a slot).
 * {@code hashmatch hash} prints its records with it; the {@link Scanner} journals instead and needs no order.
 *
 * <p>Three roles: a walker thread runs the walk and submits one task per file to the pool, putting each task's
 * future into a bounded FIFO (the reorder window; {@code put} blocks when it is full, which throttles the walk);
 * the pool's platform threads hash (the engine keeps per-thread buffers, so a fixed set of platform threads reuses
 * them, which virtual threads would not); the calling thread takes futures in FIFO order, waits for each, and
 * hands it to the consumer. An exception thrown for one file becomes that file's record
 * ({@link Records#failed}); a consumer failure stops the walk and the pool.
 *
 * <p>Not thread-safe: one {@link #run} at a time.
 *
 * @param <R> the record type
 */
public final class OrderedParallelHasher<R> {
    private final Records<R> records;
    private final int threads;
    private final int window;

    /** Makes the records of a run. */
    public interface Records<R> {
        /** The record of a regular file: hashes it. Called concurrently from the pool's threads. */
        R file(Path file);

        /** The record of a path the walk does not hand over as a file ({@link TreeWalker.Visitor#skipped}). */
        R skipped(Path path, ScanError error, String message);

        /** The record of a file whose {@link #file} threw {@code e}. */
        R failed(Path file, RuntimeException e);
    }

    /** Receives the records in walk order, on the thread that called {@link #run}. */
    @FunctionalInterface
    public interface Consumer<R> {
        /** Takes one record. @throws IOException to stop the run (e.g. a closed output) */
        void accept(R record) throws IOException;
    }

    /**
     * @param threads number of hashing threads, at least 1
     * @param window capacity of the reorder queue, at least {@code threads}
     * @param records makes each file's record; {@link Records#file} is called concurrently
     * @throws IllegalArgumentException if {@code threads} or {@code window} is too small
     */
    public OrderedParallelHasher(int threads, int window, Records<R> records) {
        if (threads < 1 || window < threads) {
            throw new IllegalArgumentException("need threads >= 1 and window >= threads: " + threads + ", " + window);
        }
        this.records = Objects.requireNonNull(records);
        this.threads = threads;
        this.window = window;
    }

    /**
     * Walks {@code roots} (each must exist), hashes every file, hands one record per input to {@code consumer} in
     * walk order.
     *
     * @return the number of records handed over
     * @throws IOException when the consumer throws it; the walk and the hashing are stopped
     * @throws InterruptedException if the calling thread is interrupted; the walk and the hashing are stopped
     */
    public long run(List<Path> roots, Consumer<? super R> consumer) throws IOException, InterruptedException {
        BlockingQueue<Future<R>> pending = new ArrayBlockingQueue<>(window);
        // a sentinel distinct from every record's future, compared by identity
        Future<R> end = new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("hashmatch-hash-"));
        TreeWalker walker = new TreeWalker(new TreeWalker.Visitor() {
            @Override
            public void file(Path file) throws InterruptedException {
                pending.put(pool.submit(() -> hashOne(file)));
            }

            @Override
            public void skipped(Path path, ScanError error, String message) throws InterruptedException {
                pending.put(CompletableFuture.completedFuture(records.skipped(path, error, message)));
            }
        });
        Thread walkThread = DaemonThreads.named("hashmatch-walk").newThread(() -> {
            Future<R> walkFailure = null;
            try {
                walker.walk(roots);
            } catch (InterruptedException e) {
                return; // stopped by the consumer's failure: nobody reads the queue any more
            } catch (RuntimeException | Error e) {
                walkFailure = CompletableFuture.failedFuture(e);
            }
            try {
                if (walkFailure != null) {
                    pending.put(walkFailure);
                }
                pending.put(end);
            } catch (InterruptedException e) {
                // stopped by the consumer
            }
        });
        walkThread.start();
        long count = 0;
        try {
            while (true) {
                Future<R> next = pending.take();
                @SuppressWarnings("ReferenceEquality") // end is a sentinel: identity is meant
                boolean isEnd = next == end;
                if (isEnd) {
                    break;
                }
                consumer.accept(await(next));
                count++;
            }
        } finally {
            walkThread.interrupt();
            pool.shutdownNow();
            walkThread.join();
        }
        return count;
    }

    private R hashOne(Path file) {
        try {
            return records.file(file);
        } catch (RuntimeException e) {
            return records.failed(file, e);
        }
    }

    private static <R> R await(Future<R> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // hashOne catches RuntimeException: only an Error (or a walker failure) gets here
            Throwable cause = Objects.requireNonNull(e.getCause()); // a failed future always has one
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }
}
