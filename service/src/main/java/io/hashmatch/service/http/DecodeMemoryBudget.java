package io.hashmatch.service.http;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Admits image decodes by the memory they declare (the engine's bound from the header, before any pixel is
 * allocated), so that the decodes running at once never hold more than {@link #totalBytes()} between them,
 * whatever the uploads.
 *
 * <p>Two lanes, both fair semaphores counted in KiB:
 *
 * <ul>
 *   <li>the shared lane, {@link #largestImage()} = 7/8 of the budget: any image up to that size waits its turn
 *       there, first come first served; an image larger than it is never admitted ({@link #fits});</li>
 *   <li>the small-image reserve, the other 1/8, used only by images of at most {@link #smallImage()} (half the
 *       reserve). A small image takes room in the shared lane when it is free and nobody waits there, and otherwise
 *       waits in the reserve: behind other small images only, never behind a large image that waits for the shared
 *       lane to drain.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class DecodeMemoryBudget {
    /** Semaphore permits are KiB, so a budget up to 2 TiB fits an {@code int}. */
    private static final int UNIT_SHIFT = 10;

    private final long totalBytes;
    private final long reserveBytes;
    private final Semaphore shared;
    private final Semaphore reserve;
    private final AtomicLong inUse = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();

    /**
     * @param totalBytes the budget: most bytes the admitted decodes may declare at once
     * @throws IllegalArgumentException if the budget is under 8 KiB or over 2 TiB
     */
    DecodeMemoryBudget(long totalBytes) {
        if (totalBytes < 8L << UNIT_SHIFT || totalBytes >> UNIT_SHIFT > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("decode memory budget must be between 8 KiB and 2 TiB: " + totalBytes);
        }
        long units = totalBytes >> UNIT_SHIFT;
        long reserveUnits = units / 8;
        this.totalBytes = units << UNIT_SHIFT;
        this.reserveBytes = reserveUnits << UNIT_SHIFT;
        this.shared = new Semaphore((int) (units - reserveUnits), true);
        this.reserve = new Semaphore((int) reserveUnits, true);
    }

    /** The budget, in bytes (rounded down to whole KiB). */
    long totalBytes() {
        return totalBytes;
    }

    /** The largest decode ever admitted, in bytes: the shared lane. */
    long largestImage() {
        return totalBytes - reserveBytes;
    }

    /** Decodes of at most this many bytes are small: they may use the reserve. */
    long smallImage() {
        return reserveBytes / 2;
    }

    /** Whether a decode of {@code bytes} can ever be admitted. */
    boolean fits(long bytes) {
        return bytes <= largestImage();
    }

    /** Bytes held by the decodes admitted now. */
    long inUse() {
        return inUse.get();
    }

    /** Whether a decode waits for room in the shared lane. */
    boolean largeWaiting() {
        return shared.hasQueuedThreads();
    }

    /** The most bytes ever held at once since start. */
    long peak() {
        return peak.get();
    }

    /**
     * Admits a decode that declares {@code bytes}, waiting at most {@code maxWait} for room.
     *
     * @return the admission, to be closed when the decode's memory is freed; null if there was no room within
     *     {@code maxWait}
     * @throws IllegalArgumentException if the decode does not {@link #fits fit} the budget at all
     * @throws InterruptedException if interrupted while waiting
     */
    @Nullable
    Admission admit(long bytes, Duration maxWait) throws InterruptedException {
        if (!fits(bytes)) {
            throw new IllegalArgumentException(bytes + " bytes is over the largest decode, " + largestImage());
        }
        int units = (int) Math.max(1, (bytes + (1L << UNIT_SHIFT) - 1) >> UNIT_SHIFT);
        long nanos = maxWait.toNanos();
        boolean fromReserve;
        if (bytes <= smallImage()) {
            // the shared lane only when it has room now and nobody queues there (tryAcquire with a timeout keeps
            // the fair order; the untimed one would barge)
            if (shared.tryAcquire(units, 0, TimeUnit.NANOSECONDS)) {
                fromReserve = false;
            } else if (reserve.tryAcquire(units, nanos, TimeUnit.NANOSECONDS)) {
                fromReserve = true;
            } else {
                return null;
            }
        } else if (shared.tryAcquire(units, nanos, TimeUnit.NANOSECONDS)) {
            fromReserve = false;
        } else {
            return null;
        }
        long held = (long) units << UNIT_SHIFT;
        peak.accumulateAndGet(inUse.addAndGet(held), Math::max);
        return new Admission(fromReserve ? reserve : shared, fromReserve, units, held);
    }

    /** One admitted decode; {@link #close} gives its room back (once, however often it is called). */
    final class Admission implements AutoCloseable {
        private final Semaphore lane;
        private final boolean fromReserve;
        private final int units;
        private final long bytes;
        private boolean closed;

        private Admission(Semaphore lane, boolean fromReserve, int units, long bytes) {
            this.lane = lane;
            this.fromReserve = fromReserve;
            this.units = units;
            this.bytes = bytes;
        }

        /** The bytes held, rounded up to whole KiB. */
        long bytes() {
            return bytes;
        }

        /** Whether the admission came from the small-image reserve. */
        boolean fromReserve() {
            return fromReserve;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                inUse.addAndGet(-bytes);
                lane.release(units);
            }
        }
    }
}
