package io.hashmatch.scan;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread factory of the scanner and of {@link OrderedParallelHasher}: platform daemon threads (a stuck
 * decoder never keeps the JVM alive), named for thread dumps. Stateless apart from the counter; thread-safe.
 */
final class DaemonThreads {
    private DaemonThreads() {}

    /**
     * Threads named {@code prefix} followed by 1, 2, 3... when {@code prefix} ends in {@code -}, else named
     * {@code prefix} itself (a single thread).
     */
    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
