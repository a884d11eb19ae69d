package io.hashmatch.scan;

import java.util.concurrent.Semaphore;

/**
 * The scan's threads ({@code --threads N}), shared by the files being scanned. Each scanning thread holds one while it
 * scans a file on disk; a file that can use more (a disk image's files, a file carved in parallel) borrows the ones
 * no other file holds, and gives them back when done. So N disk images on N threads run on N threads in all, one
 * each, not N × N; one image alone gets all N.
 *
 * <p>Thread-safe.
 */
final class ThreadBudget {
    private final int total;
    private final Semaphore free;

    /** @param total the scan's threads (at least 1) */
    ThreadBudget(int total) {
        this.total = Math.max(1, total);
        this.free = new Semaphore(this.total);
    }

    /** The scan's threads. */
    int total() {
        return total;
    }

    /** Takes one thread for a file on disk, waiting while borrowed threads are all in use. */
    void take() {
        free.acquireUninterruptibly();
    }

    /** Gives back the thread {@link #take} took. */
    void give() {
        free.release();
    }

    /** Borrows up to {@code wanted} threads that no file holds now, without waiting; returns how many. */
    int borrow(int wanted) {
        int got = 0;
        while (got < wanted && free.tryAcquire()) {
            got++;
        }
        return got;
    }

    /** Gives back {@code n} borrowed threads. */
    void giveBack(int n) {
        if (n > 0) {
            free.release(n);
        }
    }
}
