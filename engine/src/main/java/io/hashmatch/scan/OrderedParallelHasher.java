package io.hashmatch.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * ({@link Records#failed}); a consumer failure stops the walk and the pool. The pool takes the files in walk order
 * until the walk has ended, and the files still waiting then {@linkplain #largestFirst largest first}, so that the run
 * does not end on one thread hashing a large picture alone.
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
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(),
                DaemonThreads.named("hashmatch-hash-"));
        Dispatch<R> dispatch = new Dispatch<>(pool, held, heldUntil);
        TreeWalker walker = new TreeWalker(new TreeWalker.Visitor() {
            @Override
            public void file(Path file, long size) throws InterruptedException {
                FileTask<R> task = new FileTask<>(() -> hashOne(file), size);
                if (dispatch.hold(file, task)) {
                    pending.put(new Pending<>(task, false));
                    return;
                }
                slots.acquire();
                pool.execute(task);
                pending.put(new Pending<>(task, true));
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
                dispatch.walkEnded();
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

    /** A file's hashing task, with the file's size in bytes as the walk read it, for {@link #largestFirst}. */
    static final class FileTask<R> extends FutureTask<R> {
        final long size;

        FileTask(Callable<R> hash, long size) {
            super(hash);
            this.size = size;
        }
    }

    /**
     * Puts the tasks waiting in {@code queue} in order of their files' sizes, largest first; tasks of equal size keep
     * their order, and tasks that are not {@link FileTask}s go first. A pool's thread that takes a task meanwhile
     * takes one of them, or waits for them to be back. (A task is queued only once all of a fixed pool's threads
     * exist: below its core size a {@link ThreadPoolExecutor} starts a thread with each new task instead. So the
     * tasks put back are always taken.)
     *
     * <p>Why, once the walk has ended: the run ends when the last file started is done, and in walk order a large
     * picture near the end kept one thread busy while the others had nothing left (the PDQ corpus: a 4000x3000 PNG
     * twelfth from the end, 70-80 ms of one core alone at the end of a 2.45 s two-thread run, now 5 ms;
     * bench/RESULTS.md, "Two threads: the tail, and one malloc arena taken back"). Largest first, the run ends on one
     * of the smallest files. Before the walk has ended the files still to come are unknown, and walk order keeps the
     * records flowing to the consumer.
     */
    static void largestFirst(BlockingQueue<Runnable> queue) {
        List<Runnable> waiting = new ArrayList<>(queue.size());
        queue.drainTo(waiting);
        waiting.sort(Comparator.comparingLong((Runnable task) -> sizeOf(task)).reversed());
        queue.addAll(waiting);
    }

    private static long sizeOf(Runnable task) {
        return task instanceof FileTask<?> file ? file.size : Long.MAX_VALUE;
    }

    /**
     * Hands the files' tasks of one run to the pool in the order they are to run: held-back files wait, in walk
     * order, until the awaited stage completes, and then go to the pool, after which no file is held; once the walk
     * has ended (and the held files are released), the tasks still queued run {@linkplain #largestFirst largest
     * first}. Thread-safe: the walking thread and the thread that completes the awaited stage both call it.
     */
    private static final class Dispatch<R> {
        private final ThreadPoolExecutor pool;
        private final @Nullable Predicate<? super Path> files;
        private final List<FileTask<R>> heldTasks = new ArrayList<>();
        private boolean released;
        private boolean walkEnded;

        Dispatch(ThreadPoolExecutor pool, @Nullable Predicate<? super Path> files, @Nullable CompletionStage<?> until) {
            this.pool = pool;
            this.files = files;
            released = files == null || until == null;
            if (until != null) {
                until.whenComplete((_, _) -> release());
            }
        }

        /**
         * Whether {@code file} is held back (its task then runs once released); false when the caller is to
         * hand it to the pool now. Waits while {@link #MAX_HELD} files are held.
         */
        synchronized boolean hold(Path file, FileTask<R> task) throws InterruptedException {
            if (released || files == null || !files.test(file)) {
                return false;
            }
            while (!released && heldTasks.size() >= MAX_HELD) {
                wait();
            }
            if (released) {
                return false;
            }
            heldTasks.add(task);
            return true;
        }

        /** Called by the walking thread once it has handed over the walk's last file. */
        synchronized void walkEnded() {
            walkEnded = true;
            largestFirst(pool.getQueue());
        }

        private synchronized void release() {
            released = true;
            try {
                for (FileTask<R> task : heldTasks) {
                    pool.execute(task);
                }
            } catch (RejectedExecutionException e) {
                // the run has stopped: nobody waits for these records
            }
            heldTasks.clear();
            if (walkEnded) {
                largestFirst(pool.getQueue());
            }
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
