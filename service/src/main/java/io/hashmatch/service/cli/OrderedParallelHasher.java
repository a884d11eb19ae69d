package io.hashmatch.service.cli;

import io.hashmatch.hash.FileHashes;
import io.hashmatch.service.cli.output.HashRecord;
import io.hashmatch.service.cli.output.HashRecordWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Hashes the files of a walk on a fixed pool of threads and writes their records in walk order,
 * whatever the thread count, while streaming: at most {@code window + 2} files are hashed ahead of the
 * writer (the window, the record being written, and one task submitted while the walker waits for a
 * slot).
 *
 * <p>Three roles: a walker thread runs {@link InputWalker} and submits one task per file to the pool,
 * putting each task's future into a bounded FIFO (the reorder window; {@code put} blocks when it is
 * full, which throttles the walk); the pool's platform threads hash (the engine keeps per-thread buffers,
 * so a fixed set of platform threads reuses them, which virtual threads would not); the calling thread
 * takes futures in FIFO order, waits for each, and writes it. An engine exception for one file becomes
 * that file's {@link HashRecord#INTERNAL_ERROR} record; a write failure stops the walk and the pool.
 *
 * <p>Not thread-safe: one {@link #run} at a time.
 */
final class OrderedParallelHasher {
    private static final Future<HashRecord> END = CompletableFuture.completedFuture(null);

    private final Function<Path, HashRecord> hasher;
    private final int threads;
    private final int window;

    /**
     * @param hasher hashes one file; called concurrently from {@code threads} threads
     * @param threads number of hashing threads, at least 1
     * @param window capacity of the reorder queue, at least {@code threads}
     */
    OrderedParallelHasher(Function<Path, FileHashes> hasher, int threads, int window) {
        this(threads, window, file -> HashRecord.of(file, hasher.apply(file)));
    }

    /**
     * @param threads number of hashing threads, at least 1
     * @param window capacity of the reorder queue, at least {@code threads}
     * @param recorder makes one file's record (e.g. image or video hashes); called concurrently
     */
    OrderedParallelHasher(int threads, int window, Function<Path, HashRecord> recorder) {
        if (threads < 1 || window < threads) {
            throw new IllegalArgumentException("need threads >= 1 and window >= threads: " + threads + ", " + window);
        }
        this.hasher = recorder;
        this.threads = threads;
        this.window = window;
    }

    /** What a run produced. */
    record Summary(long records, long failed) {}

    /**
     * Walks {@code roots}, hashes every file, writes one record per input to {@code writer} in walk order.
     *
     * @throws IOException when writing fails; the walk and the hashing are stopped
     */
    Summary run(List<Path> roots, HashRecordWriter writer) throws IOException, InterruptedException {
        BlockingQueue<Future<HashRecord>> pending = new ArrayBlockingQueue<>(window);
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads("hashmatch-hash-"));
        InputWalker walker = new InputWalker(new InputWalker.Visitor() {
            @Override
            public void file(Path file) throws InterruptedException {
                pending.put(pool.submit(() -> hashOne(file)));
            }

            @Override
            public void failure(HashRecord failure) throws InterruptedException {
                pending.put(CompletableFuture.completedFuture(failure));
            }
        });
        Thread walkThread = daemonThreads("hashmatch-walk").newThread(() -> {
            Future<HashRecord> walkFailure = null;
            try {
                walker.walk(roots);
            } catch (InterruptedException e) {
                return; // stopped by the writer after a write failure: nobody reads the queue any more
            } catch (RuntimeException | Error e) {
                walkFailure = CompletableFuture.failedFuture(e);
            }
            try {
                if (walkFailure != null) {
                    pending.put(walkFailure);
                }
                pending.put(END);
            } catch (InterruptedException e) {
                // stopped by the writer
            }
        });
        walkThread.start();
        long records = 0;
        long failed = 0;
        try {
            writer.begin();
            while (true) {
                Future<HashRecord> next = pending.take();
                if (next == END) {
                    break;
                }
                HashRecord record = await(next);
                writer.write(record);
                records++;
                if (record.failed()) {
                    failed++;
                }
            }
            writer.end();
        } finally {
            walkThread.interrupt();
            pool.shutdownNow();
            walkThread.join();
        }
        return new Summary(records, failed);
    }

    private HashRecord hashOne(Path file) {
        try {
            return hasher.apply(file);
        } catch (RuntimeException e) {
            return HashRecord.failure(file, HashRecord.INTERNAL_ERROR, OneLineExecutionExceptionHandler.describe(e));
        }
    }

    private static HashRecord await(Future<HashRecord> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            // hashOne catches RuntimeException: only an Error (or a walker failure) gets here
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
