package io.hashmatch.list.format;

import java.io.IOException;
import java.io.InputStream;

/** The UTF-8 byte-order mark, accepted at the start of every list format and nowhere else. */
final class Bom {
    private Bom() {}

    /** Skips a UTF-8 byte-order mark at the current position of a mark/reset stream; true if there was one. */
    static boolean skip(InputStream in) throws IOException {
        in.mark(3);
        byte[] b = in.readNBytes(3);
        if (b.length == 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return true;
        }
        in.reset();
        return false;
    }
}
