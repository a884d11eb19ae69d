package io.hashmatch.scan;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import org.apache.commons.compress.PasswordRequiredException;
import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.jspecify.annotations.Nullable;

/**
 * Lists the entries of one archive (through Apache Commons Compress) and hands each regular entry's
 * decompressed bytes, counted against an {@link ExpansionBudget}, to an {@link EntryHandler}. Directories,
 * links and device entries are passed over (they hold no bytes). ZIP and TAR are read as streams (a file on
 * disk is opened read-only and read once); 7z needs random access (a read-only channel, or the bytes in
 * memory for a nested one). A compressed stream (gzip, bzip2, xz) is one entry named after its container.
 *
 * <p>Stateless; thread-safe (each call uses its own streams).
 */
final class ArchiveExpander {
    /** Most memory 7z's decoders may ask for (LZMA dictionaries): 256 MiB; a larger demand is refused. */
    private static final int SEVEN_Z_MEMORY_LIMIT_KIB = 256 * 1024;

    /** Receives entries in archive order. */
    interface EntryHandler {
        /** A regular entry; {@code data} ends with the entry (the handler need not read all of it). */
        void entry(String name, InputStream data) throws IOException;

        /** An entry whose bytes cannot be read (encrypted, unsupported method). */
        void unreadable(String name, ScanError error, String message);
    }

    private ArchiveExpander() {}

    /**
     * Expands the archive held in {@code file} (when {@code bytes} is null) or in {@code bytes}.
     *
     * @param containerName the archive's own file name, to name a compressed stream's single entry
     * @throws ExpansionBudget.ArchiveBombException when a limit is crossed; entries handed over so far stand
     * @throws PasswordRequiredException for an encrypted 7z archive
     * @throws IOException when the archive is corrupt or cannot be read
     */
    static void expand(
            ArchiveType type,
            @Nullable Path file,
            byte @Nullable [] bytes,
            String containerName,
            ExpansionBudget budget,
            EntryHandler handler)
            throws IOException {
        if (type == ArchiveType.SEVEN_Z) {
            try (SeekableByteChannel channel = bytes != null
                    ? new SeekableInMemoryByteChannel(bytes)
                    : FileChannel.open(file, StandardOpenOption.READ)) {
                expandSevenZ(channel, budget, handler);
            }
            return;
        }
        try (InputStream raw = bytes != null
                ? new ByteArrayInputStream(bytes)
                : new BufferedInputStream(Files.newInputStream(file, StandardOpenOption.READ), 1 << 16)) {
            switch (type) {
                case ZIP -> expandStream(new ZipWithoutZstd(raw), budget, handler);
                case TAR -> expandStream(new TarArchiveInputStream(raw), budget, handler);
                case GZIP ->
                    handler.entry(
                            streamEntryName(containerName, ".gz", ".tgz"),
                            budget.count(GzipCompressorInputStream.builder()
                                    .setInputStream(raw)
                                    .setDecompressConcatenated(true)
                                    .get()));
                case BZIP2 ->
                    handler.entry(
                            streamEntryName(containerName, ".bz2", ".tbz2"),
                            budget.count(new BZip2CompressorInputStream(raw, true)));
                case XZ ->
                    handler.entry(
                            streamEntryName(containerName, ".xz", ".txz"),
                            budget.count(XZCompressorInputStream.builder()
                                    .setInputStream(raw)
                                    .setDecompressConcatenated(true)
                                    .get()));
                case SEVEN_Z -> throw new AssertionError("handled above");
            }
        }
    }

    private static <E extends ArchiveEntry> void expandStream(
            ArchiveInputStream<E> in, ExpansionBudget budget, EntryHandler handler) throws IOException {
        InputStream counted = budget.count(in);
        for (E e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.isDirectory() || (e instanceof TarArchiveEntry t && !t.isFile())) {
                continue;
            }
            if (e instanceof ZipArchiveEntry z && !in.canReadEntryData(z)) {
                boolean encrypted = z.getGeneralPurposeBit().usesEncryption();
                handler.unreadable(
                        e.getName(),
                        encrypted ? ScanError.ARCHIVE_ENCRYPTED : ScanError.ARCHIVE_CORRUPT,
                        encrypted
                                ? "encrypted ZIP entry: not readable without the password"
                                : "ZIP entry with an unsupported compression method (" + z.getMethod() + ")");
                continue;
            }
            handler.entry(e.getName(), counted);
        }
    }

    private static void expandSevenZ(SeekableByteChannel channel, ExpansionBudget budget, EntryHandler handler)
            throws IOException {
        try (SevenZFile sz = SevenZFile.builder()
                .setSeekableByteChannel(channel)
                .setMaxMemoryLimitKiB(SEVEN_Z_MEMORY_LIMIT_KIB)
                .get()) {
            InputStream current = budget.count(new InputStream() {
                @Override
                public int read() throws IOException {
                    return sz.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return sz.read(b, off, len);
                }
            });
            for (SevenZArchiveEntry e = sz.getNextEntry(); e != null; e = sz.getNextEntry()) {
                if (e.isDirectory() || !e.hasStream()) {
                    continue;
                }
                handler.entry(e.getName(), current);
            }
        }
    }

    /**
     * Commons Compress decodes Zstandard ZIP entries with the optional zstd-jni library, which hashmatch does not
     * ship: without this, the first such entry throws NoClassDefFoundError out of getNextEntry. Here it is an
     * IOException, so the archive is reported as unreadable like any other it cannot read.
     */
    private static final class ZipWithoutZstd extends ZipArchiveInputStream {
        ZipWithoutZstd(InputStream in) {
            super(in, "UTF-8", true, true);
        }

        @Override
        protected InputStream createZstdInputStream(InputStream in) throws IOException {
            throw new IOException("ZIP entry compressed with Zstandard, which hashmatch does not decode");
        }
    }

    /** {@code photo.jpg.gz} → {@code photo.jpg}; {@code a.tgz} → {@code a.tar}; otherwise {@code [content]}. */
    static String streamEntryName(String containerName, String suffix, String tarSuffix) {
        String lower = containerName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
            return containerName.substring(0, containerName.length() - suffix.length());
        }
        if (lower.endsWith(tarSuffix) && lower.length() > tarSuffix.length()) {
            return containerName.substring(0, containerName.length() - tarSuffix.length()) + ".tar";
        }
        return "[content]";
    }
}
