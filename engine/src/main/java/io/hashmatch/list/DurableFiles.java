package io.hashmatch.list;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations of hashmatch's own checked and durable files, shared by the snapshots, list deltas and the
 * service's ledgers and manifests: a read of the bytes a header or frame promised, where a short file is damage, not
 * an end; and the folder sync that makes a rename or a new file survive a crash.
 *
 * <p>Stateless; thread-safe.
 */
public final class DurableFiles {
    private DurableFiles() {}

    /**
     * The {@code n} bytes of {@code channel} at {@code pos}, read whole (the channel's position is not used).
     *
     * @param file the channel's file, named in the error
     * @throws FileFormatException ({@link FileFormatException.Kind#CORRUPT}) if the file ends before them
     * @throws IOException if reading fails
     */
    public static byte[] read(FileChannel channel, Path file, long pos, int n) throws IOException {
        byte[] bytes = new byte[n];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            if (channel.read(b, pos + b.position()) < 0) {
                throw FileFormatException.corrupt(file, "truncated at byte " + (pos + b.position()));
            }
        }
        return bytes;
    }

    /**
     * Forces the entries of the folder holding {@code file} to disk, so that a rename to it or its creation survives
     * a crash (Linux). Best effort: some platforms and file systems cannot open or force a folder, and a rename is
     * atomic either way.
     */
    public static void forceParent(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            forceDirectory(dir);
        }
    }

    /** Forces the entries of folder {@code dir} to disk, as {@link #forceParent} says (best effort). */
    public static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every platform can open or force a folder; a rename is still atomic
        }
    }
}
