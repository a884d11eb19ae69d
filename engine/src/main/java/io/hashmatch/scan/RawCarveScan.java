package io.hashmatch.scan;

import io.hashmatch.disk.Carver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans a file of unknown structure by carving it ({@link Scanner.Builder#carve}): a memory dump, a swap file, a
 * file that is neither a known format nor a disk image. Its own record first (exact hashes, kind {@code other},
 * matched by them), then every object the {@link Carver} finds at any byte offset, each read into memory, hashed
 * and matched like a file as {@code dump.bin!/carved@0x<offset>+<length>}, with a carved {@link DiskOrigin} (no
 * partition). A carved object whose structure stopped before its end is marked {@code carved_partial}. Nothing is
 * written: the file is opened read-only and every object stays in memory.
 *
 * <p>A file is carved on the scanning thread and on the scan's threads no other file holds ({@link ThreadBudget}).
 *
 * <p>Thread-safe: each call has its own state; the carver's threads read the file concurrently through one channel.
 */
final class RawCarveScan {
    /** The entry name's prefix of a carved object. */
    static final String CARVED = "carved";

    private final FileScan files;
    private final ThreadBudget threads;

    /** @param threads the scan's threads: a file is carved on the calling thread and on those it can borrow */
    RawCarveScan(FileScan files, ThreadBudget threads) {
        this.files = files;
        this.threads = threads;
    }

    List<ScannedFile> scan(Path file) {
        String path = file.toString();
        List<ScannedFile> out = new ArrayList<>();
        Carver carver = Carver.anyOffset(); // made first: its start search warms up while the file is hashed
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Carver.Source source = (offset, b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len), offset);
            long size = ch.size();
            ExactDigests d = new ExactDigests();
            byte[] buf = new byte[1 << 20];
            for (long pos = 0; pos < size; ) {
                int k = source.read(pos, buf, 0, (int) Math.min(buf.length, size - pos));
                if (k <= 0) {
                    break;
                }
                d.update(buf, 0, k);
                pos += k;
            }
            out.add(files.match(
                    FileScan.exactOnly(path, null, d.size(), d.md5(), d.sha1(), d.sha256(), MediaKind.OTHER, null)));
            List<Carver.Found> found = new ArrayList<>();
            int borrowed = threads.borrow(threads.total() - 1);
            try {
                carver.threads(1 + borrowed).carve(source, 0, size, found::add);
            } finally {
                threads.giveBack(borrowed);
            }
            DiskImageScan carved = new DiskImageScan(files, threads); // scanCarved hashes on the calling thread
            for (Carver.Found f : found) {
                carved.scanCarved(path, CARVED, null, f, source, out);
            }
            return out;
        } catch (IOException e) {
            String why = "cannot read: " + TreeWalker.reason(e);
            if (out.isEmpty()) {
                return List.of(ScannedFile.unreadable(path, null, ScanError.IO_ERROR, why));
            }
            out.set(0, out.get(0).withError(ScanError.IO_ERROR, why + " (objects carved before the error are listed)"));
            return out;
        }
    }
}
