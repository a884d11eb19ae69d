package io.hashmatch.scan;

import io.hashmatch.decode.DecodeError;
import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import io.hashmatch.match.VideoHit;
import io.hashmatch.video.VideoDecodeError;
import io.hashmatch.video.VideoHash;
import io.hashmatch.video.VideoHasher;
import io.hashmatch.video.VideoLimits;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VideoSniffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.commons.compress.PasswordRequiredException;
import org.jspecify.annotations.Nullable;

/**
 * Scans one file on disk into its records: the file itself and, for an archive, every entry inside it (nested
 * archives included, within {@link ArchiveLimits}), each hashed by kind and matched against the lists.
 *
 * <p>The kind comes from the bytes: an archive magic opens the archive; otherwise {@link MediaHasher} (the one
 * path from bytes to hashes, shared with {@code hashmatch hash} and the service) hashes them as image, video or
 * other. Files on disk are only ever opened for reading, and read once when they fit the decode limit.
 *
 * <p><b>Videos</b> get their vPDQ ({@link VideoHasher}, the reference's sampling) within {@link VideoLimits}
 * (size, dimensions, duration, frames, time), then are matched against the lists' video entries
 * ({@link Matcher#matchVideo}). A video up to the decode limit is hashed from the bytes already in memory; a
 * larger file on disk is decoded by FFmpeg straight from the file, opened read-only; a video inside an archive is
 * hashed only from memory (never written to a temporary file: the scanner writes nothing but its reports),
 * so an entry over the decode limit gets exact hashes and {@code file_too_large}. A video that fails to
 * decode keeps its exact hashes and gets the {@link VideoDecodeError} code as its error.
 *
 * <p><b>Memory.</b> An archive entry is held in memory, to be decoded, only up to the entry memory limit (the
 * decode limit, lowered by the {@link Scanner} to a share of the heap per scanning thread); a larger one streams
 * through the exact hashes only, so an entry of any size costs a fixed buffer, and its record says it was not
 * decoded. Running out of memory while reading, decoding or hashing an entry gives it that same record, from the
 * digests of every byte, saying the entry was not decoded for lack of memory (expanding an archive that runs out
 * says so on the archive); a thumbnail that runs out of memory is left out. Never on the file as a whole: the
 * records already made, the archive's own hashes first, stand.
 *
 * <p>Thread-safe: each call works on its own state ({@link MediaHasher} and {@link Matcher} are thread-safe).
 */
final class FileScan {
    private final MediaHasher media;
    private final FileHasher hasher;
    private final @Nullable Matcher matcher;
    private final @Nullable Matcher knownGood;
    private final ArchiveLimits archiveLimits;
    private final @Nullable Function<byte[], @Nullable String> thumbnailer;
    private final float secondsPerHash;
    private final VideoMatcher videoRules;
    private final long entryMemory;
    private final ThreadBudget threads;
    private final Function<byte[], MediaHashes> hashing;
    private final ImageCheckpoints checkpoints = new ImageCheckpoints();

    /**
     * @param entryMemory most bytes of one archive entry held in memory (at most the decode limit); a larger entry
     *     gets its exact hashes streamed and is not decoded
     * @param threads the scan's threads, which the files of a disk image borrow when no other file holds them
     */
    FileScan(
            MediaHasher media,
            @Nullable Matcher matcher,
            @Nullable Matcher knownGood,
            ArchiveLimits archiveLimits,
            @Nullable Function<byte[], @Nullable String> thumbnailer,
            float secondsPerHash,
            VideoMatcher videoRules,
            long entryMemory,
            ThreadBudget threads) {
        this(
                media,
                matcher,
                knownGood,
                archiveLimits,
                thumbnailer,
                secondsPerHash,
                videoRules,
                entryMemory,
                threads,
                media::hash);
    }

    /**
     * As the other constructor, with the hashing of bytes held in memory ({@link MediaHasher#hash(byte[])} there)
     * given: tests make it run out of memory.
     */
    FileScan(
            MediaHasher media,
            @Nullable Matcher matcher,
            @Nullable Matcher knownGood,
            ArchiveLimits archiveLimits,
            @Nullable Function<byte[], @Nullable String> thumbnailer,
            float secondsPerHash,
            VideoMatcher videoRules,
            long entryMemory,
            ThreadBudget threads,
            Function<byte[], MediaHashes> hashing) {
        this.hashing = hashing;
        this.threads = threads;
        this.entryMemory = Math.min(entryMemory, media.images().limits().maxFileBytes());
        this.media = media;
        this.hasher = media.images();
        this.matcher = matcher;
        this.knownGood = knownGood;
        this.archiveLimits = archiveLimits;
        this.thumbnailer = thumbnailer;
        this.secondsPerHash = secondsPerHash;
        this.videoRules = videoRules;
    }

    /** Where the disk images this scans keep their progress (the {@link Scanner} sets them up for its run). */
    ImageCheckpoints checkpoints() {
        return checkpoints;
    }

    /**
     * The records of {@code file}: one, or for an archive the archive's followed by its entries'. A file up to the
     * decode limit is read once, whole, and everything is computed from those bytes; a larger one is streamed
     * (exact hashes; a large archive is expanded from a second, streaming read), and so is an archive over the
     * in-memory limit, whose entries would come on top of it.
     */
    List<ScannedFile> scan(Path file) {
        String path = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            return List.of(
                    ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + TreeWalker.reason(e)));
        }
        if (size >= DiskImageScan.SMALLEST_IMAGE && DiskImageScan.isDiskImage(file)) {
            return new DiskImageScan(this, threads).scan(file);
        }
        List<ScannedFile> out = new ArrayList<>();
        if (size <= hasher.limits().maxFileBytes() && (size <= entryMemory || !archiveOnDisk(file))) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file); // opens READ only
            } catch (IOException | OutOfMemoryError e) {
                return List.of(ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + reason(e)));
            }
            int n = Math.min(bytes.length, ContentSniffer.HEAD_BYTES);
            ArchiveType archive = ContentSniffer.archiveType(bytes, n);
            if (archive != null) {
                ExactDigests d = new ExactDigests();
                d.update(bytes, 0, bytes.length);
                expandTopLevel(archive, null, bytes, archiveRecord(path, null, d, archive), bytes.length, out);
            } else {
                out.add(classify(path, null, media.hash(bytes), () -> bytes));
            }
            return out;
        }
        byte[] head = new byte[ContentSniffer.HEAD_BYTES];
        int n;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill the head
            }
            n = b.position();
        } catch (IOException e) {
            return List.of(
                    ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + TreeWalker.reason(e)));
        }
        ArchiveType archive = ContentSniffer.archiveType(head, n);
        if (archive == null) {
            out.add(tooLargeToDecode(file, path, head, n));
            return out;
        }
        ExactDigests d = new ExactDigests();
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ)) {
            d.updateAll(in);
        } catch (IOException e) {
            return List.of(
                    ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + TreeWalker.reason(e)));
        }
        expandTopLevel(archive, file, null, archiveRecord(path, null, d, archive), size, out);
        return out;
    }

    /** Whether {@code file} starts like an archive (false when it cannot be read: the caller then says why). */
    private static boolean archiveOnDisk(Path file) {
        byte[] head = new byte[ContentSniffer.HEAD_BYTES];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // fill the head
            }
            return ContentSniffer.archiveType(head, b.position()) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private void expandTopLevel(
            ArchiveType archive,
            @Nullable Path file,
            byte @Nullable [] bytes,
            ScannedFile record,
            long diskBytes,
            List<ScannedFile> out) {
        try {
            expandArchive(archive, file, bytes, record, new ExpansionBudget(archiveLimits, diskBytes), 0, out);
        } catch (ExpansionBudget.ArchiveBombException e) {
            // recorded on the archive and the entry; the rest of this file is not expanded
        }
    }

    private static String reason(Throwable e) {
        return e instanceof IOException io ? TreeWalker.reason(io) : "out of memory reading the file";
    }

    /** Bytes for a thumbnail, read again only for matched images. */
    @FunctionalInterface
    private interface BytesSource {
        byte[] bytes() throws IOException;
    }

    /** A file over the decode limit: exact hashes streamed, kind from the head, not decoded. */
    private ScannedFile tooLargeToDecode(Path file, String path, byte[] head, int n) {
        ExactDigests d = new ExactDigests();
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ)) {
            d.updateAll(in);
        } catch (IOException e) {
            return ScannedFile.unreadable(path, null, ScanError.IO_ERROR, "cannot read: " + TreeWalker.reason(e));
        }
        return overLimit(
                path,
                null,
                d,
                head,
                n,
                file,
                "over the decode limit of " + hasher.limits().maxFileBytes() + " bytes");
    }

    /**
     * A file or entry over the decode limit, from its exact digests and head. A video on disk ({@code file} not
     * null) is still decoded from the file; an archive entry is not.
     *
     * @param why why it was not held in memory, for the record's message ("over the decode limit of N bytes")
     */
    private ScannedFile overLimit(
            String path, @Nullable String entry, ExactDigests d, byte[] head, int n, @Nullable Path file, String why) {
        long size = d.size();
        String md5 = d.md5();
        String sha1 = d.sha1();
        String sha256 = d.sha256();
        Optional<String> container = VideoSniffer.detect(head, Math.min(n, VideoSniffer.PREFIX_BYTES));
        if (container.isPresent()) {
            ScannedFile f = exactOnly(path, entry, size, md5, sha1, sha256, MediaKind.VIDEO, container.get());
            if (file != null) {
                return match(withVideo(f, media.videoOnDisk(container.get(), file)));
            }
            return match(f.withError(
                    VideoDecodeError.FILE_TOO_LARGE.code(),
                    "video entry of " + size + " bytes inside an archive is " + why + ": exact hashes only"));
        }
        boolean image = hasher.hash(Arrays.copyOf(head, n)).format() != null;
        if (!image) {
            return match(exactOnly(path, entry, size, md5, sha1, sha256, MediaKind.OTHER, null));
        }
        return match(exactOnly(path, entry, size, md5, sha1, sha256, MediaKind.IMAGE, null)
                .withError(
                        DecodeError.FILE_TOO_LARGE.code(),
                        "image of " + size + " bytes is " + why + ": exact hashes only"));
    }

    /**
     * The record of hashed bytes, by kind. Images keep their decode error (truncated, corrupt...); bytes that
     * are neither image nor video are {@link MediaKind#OTHER}, without error unless there are none
     * ({@code empty_file}, as {@code hashmatch hash} reports it).
     */
    private ScannedFile classify(String path, @Nullable String entry, MediaHashes m, BytesSource bytes) {
        FileHashes h = m.file();
        if (h.error() == DecodeError.IO_ERROR || h.exact() == null) {
            return ScannedFile.unreadable(
                    path, entry, ScanError.IO_ERROR, h.errorMessage() == null ? "cannot read" : h.errorMessage());
        }
        ExactHashes x = h.exact();
        if (m.kind() == MediaKind.IMAGE) {
            var pdq = h.pdq();
            ScannedFile f = new ScannedFile(
                    path,
                    entry,
                    h.size(),
                    x.md5(),
                    x.sha1(),
                    x.sha256(),
                    MediaKind.IMAGE,
                    h.format() == null ? null : h.format().label(),
                    pdq == null ? null : pdq.hash().toHex(),
                    pdq == null ? -1 : pdq.quality(),
                    pdq == null ? 0 : h.width(),
                    pdq == null ? 0 : h.height(),
                    h.error() == null ? null : h.error().code(),
                    h.errorMessage(),
                    List.of(),
                    null,
                    null,
                    List.of());
            f = match(f, h.variants());
            if (thumbnailer != null && f.matched()) {
                try {
                    f = f.withThumbnail(thumbnailer.apply(bytes.bytes()));
                } catch (IOException | OutOfMemoryError e) {
                    // no thumbnail; the hit stands
                }
            }
            return f;
        }
        MediaHashes.Video video = m.video();
        if (video != null) {
            ScannedFile f =
                    exactOnly(path, entry, h.size(), x.md5(), x.sha1(), x.sha256(), MediaKind.VIDEO, video.container());
            return match(withVideo(f, video));
        }
        ScannedFile other = exactOnly(path, entry, h.size(), x.md5(), x.sha1(), x.sha256(), MediaKind.OTHER, null);
        if (h.error() == DecodeError.EMPTY_FILE) {
            other = other.withError(
                    DecodeError.EMPTY_FILE.code(), Objects.requireNonNullElse(h.errorMessage(), "empty file"));
        }
        return match(other);
    }

    /**
     * The record of bytes known by their exact hashes only: no PDQ, dimensions or error (see
     * {@link ScannedFile#withError}), no hits or video yet.
     *
     * @param format the container's name, for an archive, a video or a disk image; else null
     */
    static ScannedFile exactOnly(
            String path,
            @Nullable String entry,
            long size,
            String md5,
            String sha1,
            String sha256,
            MediaKind kind,
            @Nullable String format) {
        return new ScannedFile(
                path, entry, size, md5, sha1, sha256, kind, format, null, -1, 0, 0, null, null, List.of(), null, null,
                List.of());
    }

    /**
     * {@code f} (a video record) with its vPDQ, or with the reason it has none: the
     * {@link VideoDecodeError} code, {@code io_error}, or {@code internal_error} for an
     * unexpected failure inside the decoder (the scan goes on); unchanged when videos are not hashed.
     */
    private ScannedFile withVideo(ScannedFile f, MediaHashes.Video video) {
        VideoHash v = video.hash();
        if (v != null) {
            return f.withVideo(new ScannedVideo(
                    secondsPerHash, v.framesPerSecond(), v.decodedFrames(), v.width(), v.height(), v.frames()));
        }
        String code = video.errorCode();
        String message = video.errorMessage();
        if (code == null || message == null) {
            return f;
        }
        if (code.equals(ScanError.IO_ERROR.code()) || code.equals(ScanError.INTERNAL_ERROR.code())) {
            return f.withError(code, message);
        }
        String prefix = code + ": ";
        return f.withError(
                code, "video: " + (message.startsWith(prefix) ? message.substring(prefix.length()) : message));
    }

    private ScannedFile archiveRecord(String path, @Nullable String entry, ExactDigests d, ArchiveType type) {
        return match(exactOnly(path, entry, d.size(), d.md5(), d.sha1(), d.sha256(), MediaKind.ARCHIVE, type.label()));
    }

    /**
     * Adds {@code record} (an archive at nesting {@code depth}) to {@code out}, then its entries; a failure to
     * expand is set on the archive's record.
     *
     * @throws ExpansionBudget.ArchiveBombException after recording it, so that enclosing archives stop too
     */
    private void expandArchive(
            ArchiveType type,
            @Nullable Path file,
            byte @Nullable [] bytes,
            ScannedFile record,
            ExpansionBudget budget,
            int depth,
            List<ScannedFile> out)
            throws ExpansionBudget.ArchiveBombException {
        int at = out.size();
        out.add(record);
        String name = record.entry() == null ? fileName(record.path()) : fileName(record.entry());
        String entryPrefix = record.entry() == null ? "" : record.entry() + "!/";
        try {
            ArchiveExpander.expand(type, file, bytes, name, budget, new ArchiveExpander.EntryHandler() {
                @Override
                public void entry(String entryName, InputStream data) throws IOException {
                    scanEntry(record.path(), entryPrefix + entryName, data, budget, depth + 1, out);
                }

                @Override
                public void unreadable(String entryName, ScanError error, String message) {
                    out.add(ScannedFile.unreadable(record.path(), entryPrefix + entryName, error, message));
                }
            });
        } catch (ExpansionBudget.ArchiveBombException e) {
            out.set(at, out.get(at).withError(ScanError.ARCHIVE_BOMB, e.getMessage()));
            throw e;
        } catch (PasswordRequiredException e) {
            out.set(
                    at,
                    out.get(at)
                            .withError(
                                    ScanError.ARCHIVE_ENCRYPTED,
                                    "encrypted archive: not readable without the password"));
        } catch (IOException | RuntimeException e) {
            out.set(
                    at,
                    out.get(at)
                            .withError(
                                    ScanError.ARCHIVE_CORRUPT,
                                    "cannot read the " + type.label() + " archive: " + oneLine(e)));
        } catch (OutOfMemoryError e) {
            // the archive's own record and its entries so far stand; the rest of it is not expanded
            out.set(
                    at,
                    out.get(at)
                            .withError(
                                    ScanError.INTERNAL_ERROR,
                                    "out of memory expanding the " + type.label() + " archive (" + oneLine(e)
                                            + "): entries after the last one listed were not scanned"));
        }
    }

    /**
     * The records of the bytes {@code in} holds, which came out of {@code path} at {@code entry} (a file in a disk
     * image, a carved object): held and scanned as {@link #scanBytes} says when they fit the in-memory limit, else
     * (over it, or memory running out while holding them) the record of their streamed digests and head.
     *
     * @param size the bytes {@code in} holds, known in advance: more than the limit streams them from the first byte
     * @throws IOException when {@code in} cannot be read (no record is added)
     */
    void scanStream(String path, String entry, InputStream in, long size, List<ScannedFile> out) throws IOException {
        EntryBytes read = EntryBytes.read(in, entryMemory, size);
        byte[] bytes = read.bytes();
        if (bytes == null) {
            out.add(notHeld(path, entry, read));
            return;
        }
        scanBytes(path, entry, bytes, out);
    }

    /**
     * The records of bytes held in memory that came out of {@code path} at {@code entry} (a file in a disk image, a
     * carved object): an archive expanded, else hashed by kind and matched.
     */
    private void scanBytes(String path, String entry, byte[] bytes, List<ScannedFile> out) {
        ScannedFile record = held(path, entry, bytes);
        if (record.kind() != MediaKind.ARCHIVE) {
            out.add(record);
            return;
        }
        try {
            expandArchive(
                    Objects.requireNonNull(archiveType(bytes)),
                    null,
                    bytes,
                    record,
                    new ExpansionBudget(archiveLimits, bytes.length),
                    1,
                    out);
        } catch (ExpansionBudget.ArchiveBombException e) {
            // recorded on the archive
        }
    }

    /**
     * The record of an entry {@link EntryBytes} did not hold, from its digests and head: over the in-memory limit,
     * or out of memory while holding it.
     */
    private ScannedFile notHeld(String path, String entry, EntryBytes read) {
        if (read.outOfMemory()) {
            return outOfMemory(path, entry, read.digests(), read.head());
        }
        return overLimit(
                path,
                entry,
                read.digests(),
                read.head(),
                read.head().length,
                null,
                "over the in-memory limit of " + entryMemory + " bytes"
                        + (entryMemory == hasher.limits().maxFileBytes()
                                ? " (--max-file-size)"
                                : " (a quarter of the heap, -Xmx, per scanning thread)"));
    }

    private void scanEntry(
            String path, String entry, InputStream data, ExpansionBudget budget, int depth, List<ScannedFile> out)
            throws IOException {
        EntryBytes read;
        try {
            read = EntryBytes.read(data, entryMemory, EntryBytes.UNKNOWN_SIZE);
        } catch (ExpansionBudget.ArchiveBombException e) {
            out.add(ScannedFile.unreadable(path, entry, ScanError.ARCHIVE_BOMB, e.getMessage()));
            throw e;
        } catch (IOException e) {
            out.add(ScannedFile.unreadable(
                    path, entry, ScanError.ARCHIVE_CORRUPT, "cannot read the entry: " + oneLine(e)));
            throw e;
        }
        byte[] bytes = read.bytes();
        if (bytes == null) {
            out.add(notHeld(path, entry, read));
            return;
        }
        ScannedFile record = held(path, entry, bytes);
        if (record.kind() != MediaKind.ARCHIVE) {
            out.add(record);
            return;
        }
        if (depth >= archiveLimits.maxDepth()) {
            out.add(record.withError(
                    ScanError.ARCHIVE_TOO_DEEP,
                    "archive nested " + depth + " levels deep, over the limit of " + archiveLimits.maxDepth()
                            + ": hashed, not opened"));
            return;
        }
        expandArchive(Objects.requireNonNull(archiveType(bytes)), null, bytes, record, budget, depth, out);
    }

    /**
     * The record of bytes held in memory: an archive's own (not yet expanded), else hashed by kind and matched. When
     * memory runs out on the way (sniffing, decoding, hashing, matching), the record of their digests and head
     * instead, as when holding them ran out: the bytes never lose their record.
     */
    private ScannedFile held(String path, String entry, byte[] bytes) {
        try {
            ArchiveType archive = archiveType(bytes);
            if (archive != null) {
                ExactDigests d = new ExactDigests();
                d.update(bytes, 0, bytes.length);
                return archiveRecord(path, entry, d, archive);
            }
            return classify(path, entry, hashing.apply(bytes), () -> bytes);
        } catch (OutOfMemoryError e) { // e.g. no direct memory left for the decoder's copy
            ExactDigests d = new ExactDigests();
            d.update(bytes, 0, bytes.length);
            return outOfMemory(path, entry, d, Arrays.copyOf(bytes, Math.min(bytes.length, ContentSniffer.HEAD_BYTES)));
        }
    }

    private static @Nullable ArchiveType archiveType(byte[] bytes) {
        return ContentSniffer.archiveType(bytes, Math.min(bytes.length, ContentSniffer.HEAD_BYTES));
    }

    /**
     * The record of an entry or object that memory ran out for, held or not, from its digests and head: exact hashes
     * only, kind from the head; an image or video says it was not decoded for lack of memory.
     */
    private ScannedFile outOfMemory(String path, String entry, ExactDigests d, byte[] head) {
        return overLimit(path, entry, d, head, head.length, null, "too large for the memory free");
    }

    /**
     * {@code f} with its hits on the lists (none when it has no hash or there are no lists): image and exact hits,
     * and for a hashed video its hits on the lists' video entries, suppression applied across both; then marked
     * known-good when a known-good list holds one of its exact hashes (PDQ never makes a file known-good). The
     * hits stand either way: a known-good list never hides a hit.
     */
    ScannedFile match(ScannedFile f) {
        return match(f, List.of());
    }

    /**
     * {@code f} with its hits on the lists, its PDQ hash searched together with the {@code variants} of its image
     * (the hasher's, {@link FileHashes#variants()}; each hit names the variant that met), then marked known-good
     * as {@link #match(ScannedFile)} says.
     */
    private ScannedFile match(ScannedFile f, List<PdqVariant> variants) {
        if (f.md5() == null && f.sha1() == null && f.sha256() == null && f.pdq() == null) {
            return f;
        }
        ScannedFile out = f;
        if (matcher != null) {
            List<Query.Variant> searched = new ArrayList<>(f.pdq() == null ? 0 : variants.size());
            if (f.pdq() != null) {
                for (PdqVariant v : variants) {
                    searched.add(Query.Variant.of(v));
                }
            }
            Query q = new Query(
                    f.location(),
                    f.pdq() == null ? null : PdqHash.fromHex(f.pdq()),
                    f.pdq() == null ? Query.QUALITY_UNKNOWN : f.quality(),
                    f.md5(),
                    f.sha1(),
                    f.sha256(),
                    searched);
            List<MatchHit> hits = matcher.match(q).hits();
            List<VideoHit> videoHits =
                    f.video() == null ? List.of() : matcher.matchVideo(f.video().frames(), videoRules);
            if (!hits.isEmpty() || !videoHits.isEmpty()) {
                Matcher.FileHits all = Matcher.suppressAcross(hits, videoHits);
                out = f.withHits(all.hits(), all.videoHits());
            }
        }
        if (knownGood != null) {
            List<MatchHit> known = knownGood
                    .match(new Query(f.location(), null, Query.QUALITY_UNKNOWN, f.md5(), f.sha1(), f.sha256()))
                    .hits();
            if (!known.isEmpty()) {
                out = out.withKnownGood(known.get(0).list());
            }
        }
        return out;
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s+", " ");
    }
}
