package io.hashmatch.list;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The file operations of hashmatch's own checked and durable files, shared by the snapshots, list deltas and the
 * service's ledgers and manifests: a read of the bytes a header or frame promised, where a short file is damage, not
 * an end; the replay of an append-only file of checksummed frames, which tells a torn append from damage; the atomic
 * and durable replacement of a whole file; and the folder sync that makes a rename or a new file survive a crash.
 *
 * <p>Stateless; thread-safe.
 */
public final class DurableFiles {
    /** {@link Files#createTempFile} puts a random number between {@link #replace}'s prefix and suffix. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9]+\\.tmp");

    /** What {@link #newTemporary} puts between {@code .<name>.} and {@code .tmp}: the writer's pid, a random number. */
    private static final Pattern WRITER_AND_NUMBER = Pattern.compile("([0-9]{1,18})\\.[0-9]+");

    private static final long PID = ProcessHandle.current().pid();

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

    /** One whole frame of an append-only file whose checksum holds, as {@link #replayFrames} hands it over. */
    @FunctionalInterface
    public interface Frame {
        /**
         * Takes one frame.
         *
         * @param at the frame's first byte in the file
         * @param frame the frame's bytes (header, payload, checksum), little-endian, from position 0
         * @throws IOException to stop the replay, which throws it
         */
        void take(long at, ByteBuffer frame) throws IOException;
    }

    /**
     * Reads the frames of an append-only file from {@code from} on, handing each whole one to {@code frames} in order,
     * and cuts off a torn last append (truncated and forced); returns the end of the last whole frame, where the next
     * append goes. A frame is a header of {@code header} bytes that gives the payload's length, the payload, and the
     * int32 CRC32C (little-endian) of the header and payload. After the last whole frame comes either nothing or a
     * torn append: fewer bytes than a header and checksum, a frame that runs past the end, a last frame whose checksum
     * fails, or zeros to the end from a frame's start (the file grew but its bytes never arrived). Anything else is
     * damage, never dropped.
     *
     * @param channel the file, readable and writable
     * @param file the channel's file, named in the errors
     * @param header bytes of a frame's header, at least 4
     * @param payloadLength the payload length a frame's header (little-endian, from position 0) gives, or -1 when
     *     the bytes are not a frame's header
     * @param noun what a frame is called in the errors ("batch")
     * @throws FileFormatException ({@link FileFormatException.Kind#CORRUPT}) at a bad frame header or a failing
     *     checksum with more than zeros after it
     * @throws IOException if reading or cutting fails, or as {@code frames} throws
     */
    public static long replayFrames(
            FileChannel channel,
            Path file,
            long from,
            int header,
            ToIntFunction<ByteBuffer> payloadLength,
            String noun,
            Frame frames)
            throws IOException {
        long fileSize = channel.size();
        long pos = from;
        while (pos < fileSize) {
            if (fileSize - pos < header + 4) {
                break; // torn
            }
            int payload = payloadLength.applyAsInt(
                    ByteBuffer.wrap(read(channel, file, pos, header)).order(ByteOrder.LITTLE_ENDIAN));
            if (payload < 0 || payload > Integer.MAX_VALUE - header - 4) { // a frame is read as one byte array
                if (zeroFrom(channel, file, pos, fileSize)) {
                    break; // torn: the file was extended but the frame never reached it
                }
                throw FileFormatException.corrupt(file, "bad " + noun + " header at byte " + pos);
            }
            long end = pos + header + payload + 4;
            if (end > fileSize) {
                break; // torn: the frame runs past the end
            }
            byte[] bytes = read(channel, file, pos, header + payload + 4);
            ByteBuffer frame = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, header + payload);
            if ((int) crc.getValue() != frame.getInt(header + payload)) {
                if (end == fileSize || zeroFrom(channel, file, pos, fileSize)) {
                    break; // torn: the last frame, incomplete
                }
                throw FileFormatException.corrupt(
                        file, noun + " at byte " + pos + ": checksum mismatch with more bytes after it");
            }
            frames.take(pos, frame);
            pos = end;
        }
        if (pos < fileSize) {
            channel.truncate(pos);
            channel.force(true);
        }
        return pos;
    }

    /** Whether the bytes of {@code channel} from {@code pos} to {@code end} are all zeros. */
    private static boolean zeroFrom(FileChannel channel, Path file, long pos, long end) throws IOException {
        for (long p = pos; p < end; p += 1 << 16) {
            for (byte b : read(channel, file, p, (int) Math.min(1 << 16, end - p))) {
                if (b != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Writes the new content of a file that {@link #replace} puts in place. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole new file.
         *
         * @param tmp the temporary file to write: it exists, empty and readable by its owner only, in the target's
         *     folder (closed again before this returns; the caller forces it)
         * @throws IOException to cancel the replacement, which throws it
         */
        void writeTo(Path tmp) throws IOException;
    }

    /**
     * Replaces {@code target} (or creates it) with what {@code content} writes, atomically and durably: written to a
     * temporary file in the same folder ({@link #newTemporary}), forced to disk, renamed over {@code target}, then the
     * folder forced, so that readers and a crash at any moment find the old file or the whole new one, never part of
     * one. When anything fails, the temporary file is deleted and {@code target} is as it was. What a crash (kill -9,
     * power loss) left of an earlier replacement of {@code target} is deleted first ({@link
     * #deleteAbandonedTemporariesOf}); what it left of other files, by the folder's owner ({@link #deleteTemporaries}).
     *
     * @throws IOException if writing fails, as {@code content} throws, or if the file system cannot rename
     *     atomically
     */
    public static void replace(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null) {
            throw new IllegalArgumentException("not a file path: " + target);
        }
        Files.createDirectories(dir);
        String name = target.getFileName().toString();
        deleteAbandonedTemporariesOf(dir, name);
        Path tmp = newTemporary(dir, name);
        boolean moved = false;
        try {
            content.writeTo(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true); // the bytes on disk before the name points at them
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
            moved = true;
            forceDirectory(dir); // makes the rename durable
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Creates an empty temporary file in {@code dir} for a file to be named {@code name}, readable by its owner only:
     * {@code .<name>.<pid>.<random>.tmp}, hidden, and naming the process that writes it, so that once that process
     * is gone anyone can tell the file is abandoned ({@link #deleteAbandonedTemporariesOf}).
     *
     * @throws IOException if the file cannot be created
     */
    public static Path newTemporary(Path dir, String name) throws IOException {
        return Files.createTempFile(dir, "." + name + "." + PID + ".", ".tmp");
    }

    /**
     * Deletes the temporary files for {@code name} in {@code dir} ({@link #isTemporaryOf}) whose writer process is no
     * longer running on this machine: what kill -9 or a power loss left half written. A temporary file of a running
     * process (this one included) is left alone, and so is one without a writer's pid in its name. Safe while other
     * processes of this machine write the same file; a writer on another machine or in another pid namespace that
     * writes the same file in the same folder at the same moment could lose its temporary file, and would then fail
     * with an error and leave the file as it was.
     *
     * @return the files deleted
     * @throws IOException if {@code dir} cannot be listed or a file deleted
     */
    public static List<Path> deleteAbandonedTemporariesOf(Path dir, String name) throws IOException {
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> files =
                Files.newDirectoryStream(dir, f -> isTemporaryOf(f.getFileName().toString(), name))) {
            for (Path f : files) {
                Matcher m = WRITER_AND_NUMBER.matcher(
                        Objects.requireNonNull(numberPart(f.getFileName().toString(), name)));
                if (m.matches()
                        && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()
                        && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && Files.deleteIfExists(f)) {
                    deleted.add(f);
                }
            }
        }
        return deleted;
    }

    /**
     * Whether {@code fileName} is the name {@link #newTemporary} gives temporary files ({@code
     * .<name>.<pid>.<random>.tmp}) or one of the older form {@code .<name>.<random>.tmp}.
     */
    public static boolean isTemporary(String fileName) {
        return TEMPORARY.matcher(fileName).matches();
    }

    /**
     * Whether {@code fileName} is a temporary file that {@link #replace} writes for a target named {@code target}
     * ({@link #newTemporary}, or the older form without the writer's pid).
     */
    static boolean isTemporaryOf(String fileName, String target) {
        String between = numberPart(fileName, target);
        return between != null
                && (between.chars().allMatch(c -> c >= '0' && c <= '9')
                        || WRITER_AND_NUMBER.matcher(between).matches());
    }

    /** What stands between {@code .<target>.} and {@code .tmp} in {@code fileName}, or null if they are not there. */
    private static @Nullable String numberPart(String fileName, String target) {
        String prefix = "." + target + ".";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(".tmp") || fileName.length() <= prefix.length() + 4) {
            return null;
        }
        return fileName.substring(prefix.length(), fileName.length() - 4);
    }

    /**
     * Deletes the temporary files of {@link #replace} ({@link #isTemporary}) that a crash left in {@code dir} and the
     * folders under it (symbolic links not followed). Call it only while no replacement into those folders can be
     * running: when the caller owns them (holds their lock) and has not started writing; a replacement whose
     * temporary file disappears would fail. Other files are left alone.
     *
     * @return the files deleted, or none if {@code dir} does not exist
     * @throws IOException if a folder cannot be listed or a file deleted
     */
    public static List<Path> deleteTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found;
        try (Stream<Path> files = Files.walk(dir)) {
            found = files.filter(f -> isTemporary(f.getFileName().toString())
                            && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .toList();
        }
        List<Path> deleted = new ArrayList<>();
        for (Path f : found) {
            if (Files.deleteIfExists(f)) {
                deleted.add(f);
            }
        }
        return deleted;
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
