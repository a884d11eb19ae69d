package io.hashmatch.list.format;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through and remembers where the recent UTF-8 byte-order marks (EF BB BF) were, so that a
 * JSON syntax error at one of them can be reported as what it is: a BOM in the middle of the file, usually
 * from concatenated files. Keeps the last {@link #KEPT} offsets (the parser reads at most a few kilobytes
 * ahead of where it fails).
 */
final class BomSpotter extends FilterInputStream {
    private static final int KEPT = 64;

    private final long[] offsets = new long[KEPT];
    private int count;
    private long position;
    private int matched;

    BomSpotter(InputStream in) {
        super(in);
    }

    /** Whether a byte-order mark starts at byte {@code offset} (counted from where this stream started). */
    boolean bomAt(long offset) {
        for (int i = Math.max(0, count - KEPT); i < count; i++) {
            if (offsets[i % KEPT] == offset) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = in.read(buffer, off, len);
        for (int i = 0; i < n; i++) {
            see(buffer[off + i]);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        position += skipped;
        matched = 0;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void see(byte b) {
        int u = b & 0xff;
        if (u == 0xEF) {
            matched = 1;
        } else if (matched == 1 && u == 0xBB) {
            matched = 2;
        } else if (matched == 2 && u == 0xBF) {
            offsets[count++ % KEPT] = position - 2;
            matched = 0;
        } else {
            matched = 0;
        }
        position++;
    }
}
