package io.hashmatch.scan;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * The decompressed bytes one file on disk may still produce, across every archive nested in it
 * ({@link ArchiveLimits}). Streams wrapped by {@link #count} stop with {@link ArchiveBombException} as soon as
 * a limit is crossed, so a bomb is never expanded further than the limit. Not thread-safe; one per file on
 * disk.
 */
final class ExpansionBudget {
    /** Thrown by a counted stream when a limit is crossed. */
    static final class ArchiveBombException extends IOException {
        private static final long serialVersionUID = 1L;

        ArchiveBombException(String message) {
            super(message);
        }

        /** The limit crossed; never null (the only constructor takes it). */
        @Override
        public String getMessage() {
            return Objects.requireNonNull(super.getMessage());
        }
    }

    private final ArchiveLimits limits;
    private final long diskBytes;
    private long expanded;

    ExpansionBudget(ArchiveLimits limits, long diskBytes) {
        this.limits = limits;
        this.diskBytes = Math.max(1, diskBytes);
    }

    ArchiveLimits limits() {
        return limits;
    }

    private void add(long n) throws ArchiveBombException {
        expanded += n;
        if (expanded > limits.maxTotalBytes()) {
            throw new ArchiveBombException("archive bomb: more than " + limits.maxTotalBytes()
                    + " bytes decompressed from a file of " + diskBytes + " bytes; expansion stopped");
        }
        if (expanded > ArchiveLimits.RATIO_FLOOR_BYTES && expanded / diskBytes > limits.maxRatio()) {
            throw new ArchiveBombException("archive bomb: " + expanded + " bytes decompressed from a file of "
                    + diskBytes + " bytes, over the ratio limit of " + limits.maxRatio() + "; expansion stopped");
        }
    }

    /** {@code in} (decompressed bytes) counted against this budget. */
    InputStream count(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    add(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    add(n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                long skipped = super.skip(n);
                add(skipped);
                return skipped;
            }

            @Override
            public void close() {
                // the archive stream owns the underlying stream
            }
        };
    }
}
