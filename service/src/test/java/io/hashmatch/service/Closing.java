package io.hashmatch.service;

import java.util.concurrent.CountDownLatch;

/**
 * For the tests that a {@code close()} waits for a worker thread: the worker is held inside its task by a latch that
 * interrupts do not open (as a task that does not answer at once would be), {@code close()} runs on a thread of its
 * own, and the worker is let go once that thread waits, or ended without waiting. The worker then records whether
 * {@code close()} had returned: with a close that waits it has not.
 */
public final class Closing {
    private Closing() {}

    /** Waits for {@code latch}, ignoring interrupts; the interrupt status is set again afterwards. */
    public static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns once {@code closer} waits with a time limit (a {@code join} or {@code awaitTermination} with a bound) or
     * has ended. A condition on the thread's state, not a time.
     */
    public static void awaitWaitingOrEnded(Thread closer) {
        while (closer.isAlive() && closer.getState() != Thread.State.TIMED_WAITING) {
            Thread.yield();
        }
    }
}
