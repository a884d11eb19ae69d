package io.hashmatch.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Hashes the files of a {@link TreeWalker} walk on a fixed pool of threads and hands their records over in walk
 * order, whatever the thread count, while streaming: at most {@code window + 1} files are hashed ahead of the
 * consumer (the window and the record being consumed), plus the held-back files below once they are released.
 * {@code hashmatch hash} prints its records with it; the {@link Scanner} journals instead and needs no order.
 *
 * <p>Three roles: a walker thread runs the walk and submits one task per file to the pool, putting each task's
 * future into a FIFO bounded by the reorder window (the walker waits for one of its {@code window} permits, which
 * throttles the walk); the pool's platform threads hash (the engine keeps per-thread buffers, so a fixed set of
 * platform threads reuses them, which virtual threads would not); the calling thread takes futures in FIFO order,
 * waits for each, and hands it to the consumer. An exception thrown for one file becomes that file's record
 * ({@link Records#failed}); a consumer failure stops the walk and the pool.
 *
 * <p>Files can be {@linkplain #holdBack held back} until something they need is ready (the native image decoder,
 * loading on a thread of its own): meanwhile the pool hashes the files after them, and the held files keep their
 * place in the output. Up to {@value #MAX_HELD} held files wait beside the window (a path each, none read yet).
 *
 * <p>Not thread-safe: one {@link #run} at a time.
 *
 * @param <R> the record type
 */
public final class OrderedParallelHasher<R> {
    private final Records<R> records;
    private final int threads;
    private final int window;
    private @Nullable Predicate<? super Path> held;
    private @Nullable CompletionStage<?> heldUntil;

    /**
     * How many held-back files may wait outside the window: enough for the walk to reach the files after a long run
     * of held ones (a directory of photographs before one of PNG icons) while the awaited thing gets ready.
     */
    static final int MAX_HELD = 4096;

    /**
     * Makes the records of a run. Must be thread-safe: {@link #file} and {@link #failed} are called concurrently from
     * the pool's threads, {@link #skipped} from the walking thread.
     */
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
     * Hashes the files {@code files} accepts only once {@code until} has completed (normally or not), and the others
     * meanwhile; records still come out in walk order. Without it, or once {@code until} has completed, every file
     * is hashed in turn.
     *
     * @return this
     */
    public OrderedParallelHasher<R> holdBack(Predicate<? super Path> files, CompletionStage<?> until) {
        this.held = Objects.requireNonNull(files);
        this.heldUntil = Objects.requireNonNull(until);
        return this;
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
        // the queue is bounded by the window's permits, which held files do not take
        BlockingQueue<Pending<R>> pending = new LinkedBlockingQueue<>();
        Semaphore slots = new Semaphore(window);
        // a sentinel distinct from every record's entry, compared by identity
        Pending<R> end = new Pending<>(new CompletableFuture<>(), false);
        ExecutorService pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("hashmatch-hash-"));
        Held<R> waiting = new Held<>(pool, held, heldUntil);
        TreeWalker walker = new TreeWalker(new TreeWalker.Visitor() {
            @Override
            public void file(Path file) throws InterruptedException {
                CompletableFuture<R> later = waiting.hold(file, OrderedParallelHasher.this::hashOne);
                if (later != null) {
                    pending.put(new Pending<>(later, false));
                    return;
                }
                slots.acquire();
                pending.put(new Pending<>(pool.submit(() -> hashOne(file)), true));
            }

            @Override
            public void skipped(Path path, ScanError error, String message) throws InterruptedException {
                slots.acquire();
                pending.put(
                        new Pending<>(CompletableFuture.completedFuture(records.skipped(path, error, message)), true));
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
            if (walkFailure != null) {
                pending.add(new Pending<>(walkFailure, false));
            }
            pending.add(end);
        });
        walkThread.start();
        long count = 0;
        try {
            while (true) {
                Pending<R> next = pending.take();
                @SuppressWarnings("ReferenceEquality") // end is a sentinel: identity is meant
                boolean isEnd = next == end;
                if (isEnd) {
                    break;
                }
                if (next.slot()) {
                    slots.release();
                }
                consumer.accept(await(next.future()));
                count++;
            }
        } finally {
            walkThread.interrupt();
            pool.shutdownNow();
            walkThread.join();
        }
        return count;
    }

    /** A record to come, in walk order; {@code slot}: it took one of the window's permits. */
    private record Pending<R>(Future<R> future, boolean slot) {}

    /**
     * The held-back files of one run, in walk order, until the awaited stage completes; then they are handed to the
     * pool, and files are no longer held.
     */
    private static final class Held<R> {
        private final ExecutorService pool;
        private final @Nullable Predicate<? super Path> files;
        private final List<Runnable> tasks = new ArrayList<>();
        private boolean released;

        Held(ExecutorService pool, @Nullable Predicate<? super Path> files, @Nullable CompletionStage<?> until) {
            this.pool = pool;
            this.files = files;
            released = files == null || until == null;
            if (until != null) {
                until.whenComplete((_, _) -> release());
            }
        }

        /**
         * The future record of {@code file} when it is held back (its task runs once released); null when it is to be
         * hashed now. Waits while {@link #MAX_HELD} files are held.
         */
        synchronized @Nullable CompletableFuture<R> hold(Path file, Function<Path, R> hash)
                throws InterruptedException {
            if (released || files == null || !files.test(file)) {
                return null;
            }
            while (!released && tasks.size() >= MAX_HELD) {
                wait();
            }
            if (released) {
                return null;
            }
            CompletableFuture<R> record = new CompletableFuture<>();
            tasks.add(() -> {
                try {
                    record.complete(hash.apply(file));
                } catch (RuntimeException | Error e) {
                    record.completeExceptionally(e);
                }
            });
            return record;
        }

        private synchronized void release() {
            released = true;
            try {
                for (Runnable task : tasks) {
                    pool.execute(task);
                }
            } catch (RejectedExecutionException e) {
                // the run has stopped: nobody waits for these records
            }
            tasks.clear();
            notifyAll();
        }
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
