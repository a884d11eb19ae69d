package io.hashmatch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * CPU time of the benchmark threads, as JMH secondary results {@code cpuMs} and {@code cpuImages} (totals,
 * summed over threads): {@code cpuImages / cpuMs * 1000} is images per CPU-second of the worker threads.
 * On a shared, overloaded machine wall-clock rates fall with other people's load; CPU time mostly does not,
 * so this is the steadier per-core figure (it still includes cache and memory-bandwidth contention). It
 * counts only the calling thread: work a library hands to its own threads would be missed (OpenCV's
 * {@code imdecode} of JPEG and PNG runs on the calling thread). With several threads JMH keeps every thread
 * busy between iterations too, and those operations are counted here as well: harmless for the ratio.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuMs;
    public long cpuImages;
    private long cpuNanos;

    @Setup(Level.Iteration)
    public void reset() {
        cpuMs = 0;
        cpuImages = 0;
        cpuNanos = 0;
    }

    /** CPU time of the current thread, in nanoseconds. */
    public long start() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Adds the CPU time since {@code start} and the images processed in it. */
    public void stop(long start, long images) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpuMs = cpuNanos / 1_000_000;
        cpuImages += images;
    }
}
