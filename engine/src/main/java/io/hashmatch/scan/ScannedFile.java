package io.hashmatch.scan;

import io.hashmatch.match.MatchHit;
import io.hashmatch.match.VideoHit;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What the scan found about one file: a file on disk, an entry inside an archive, or a path it could not
 * read.
 *
 * <p>Immutable; thread-safe. The JSON form ({@link #toJson}, {@link #fromJson}) is the journal's and
 * {@code files.jsonl}'s record.
 *
 * @param path the path on disk as walked (for an archive entry: the archive file on disk)
 * @param entry for an archive entry, its path inside the archive, nested archives joined by {@code "!/"}
 *     ({@code "inner.tar!/photos/a.jpg"}); null for a file on disk
 * @param size size in bytes (decompressed, for an entry); 0 when unknown
 * @param md5 MD5, lowercase hex, or null when the bytes could not be read
 * @param sha1 SHA-1, lowercase hex, or null likewise
 * @param sha256 SHA-256, lowercase hex, or null likewise
 * @param kind what the bytes are
 * @param format the image format label ({@code "jpeg"}...), the archive type ({@code "zip"}...) or the video container
 *     ({@code "mp4"}..., as {@link io.hashmatch.video.VideoSniffer} names it), or null
 * @param pdq the PDQ hash in hex, for a decoded image; else null
 * @param quality the PDQ quality 0..100, or -1 without PDQ
 * @param width image width in pixels, 0 without PDQ
 * @param height image height in pixels, 0 without PDQ
 * @param error an error code ({@link ScanError#code()} or {@link io.hashmatch.decode.DecodeError#code()}), or
 *     null
 * @param errorMessage one line saying what went wrong, with {@code error}; else null
 * @param hits every hit on the lists, suppressing and suppressed ones included
 * @param thumbnail a strongly blurred greyscale thumbnail as a {@code data:image/png;base64,} URI, only for
 *     matched images when thumbnails were asked for; else null
 * @param video for a video that was decoded, its vPDQ (frames and what decoding found); else null
 * @param videoHits every hit of the video's vPDQ on the lists' video entries, suppressing and suppressed ones
 *     included (suppression applies across {@code hits} and {@code videoHits})
 * @param knownGood the name of the known-good list (such as NIST's NSRL) that holds this content by an exact hash, or
 *     null. A known-good file is counted and listed but not reviewed; it never hides a hit: a file that also matched
 *     a list of known material is {@link #matched()} all the same (see {@link #reviewed()})
 * @param origin for a file read out of a disk image or carved out of raw bytes, where it lay (partition, offset,
 *     allocation state, file-system times); null for a file on disk or in an archive on disk
 * @param diskImage for the record of a disk image itself, what was found in it (format, own hashes before and
 *     after the scan, acquisition metadata, partitions); else null
 */
public record ScannedFile(
        String path,
        @Nullable String entry,
        long size,
        @Nullable String md5,
        @Nullable String sha1,
        @Nullable String sha256,
        MediaKind kind,
        @Nullable String format,
        @Nullable String pdq,
        int quality,
        int width,
        int height,
        @Nullable String error,
        @Nullable String errorMessage,
        List<MatchHit> hits,
        @Nullable String thumbnail,
        @Nullable ScannedVideo video,
        List<VideoHit> videoHits,
        @Nullable String knownGood,
        @Nullable DiskOrigin origin,
        @Nullable DiskImageSummary diskImage) {

    /** Checks for nulls and copies the hits. */
    public ScannedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        hits = List.copyOf(hits);
        videoHits = List.copyOf(videoHits);
        if ((error == null) != (errorMessage == null)) {
            throw new IllegalArgumentException("error and errorMessage go together: " + error + ", " + errorMessage);
        }
    }

    /** A record of a file that is neither known-good nor out of a disk image. */
    public ScannedFile(
            String path,
            @Nullable String entry,
            long size,
            @Nullable String md5,
            @Nullable String sha1,
            @Nullable String sha256,
            MediaKind kind,
            @Nullable String format,
            @Nullable String pdq,
            int quality,
            int width,
            int height,
            @Nullable String error,
            @Nullable String errorMessage,
            List<MatchHit> hits,
            @Nullable String thumbnail,
            @Nullable ScannedVideo video,
            List<VideoHit> videoHits) {
        this(
                path,
                entry,
                size,
                md5,
                sha1,
                sha256,
                kind,
                format,
                pdq,
                quality,
                width,
                height,
                error,
                errorMessage,
                hits,
                thumbnail,
                video,
                videoHits,
                null,
                null,
                null);
    }

    /** A path that was not read, for {@code error}. */
    public static ScannedFile unreadable(String path, @Nullable String entry, ScanError error, String message) {
        return new ScannedFile(
                path,
                entry,
                0,
                null,
                null,
                null,
                MediaKind.UNREADABLE,
                null,
                null,
                -1,
                0,
                0,
                error.code(),
                message,
                List.of(),
                null,
                null,
                List.of());
    }

    /** Whether some hit, image, exact or video, counts as a match (neither suppressing nor suppressed). */
    public boolean matched() {
        for (MatchHit h : hits) {
            if (h.isMatch()) {
                return true;
            }
        }
        for (VideoHit h : videoHits) {
            if (h.isMatch()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an analyst reviews this record: every record but a known-good one that matched nothing. A hit on a
     * list of known material always wins over a known-good list.
     */
    public boolean reviewed() {
        return knownGood == null || matched();
    }

    /** The same record marked as held by the known-good list {@code list} (null: not known). */
    ScannedFile withKnownGood(@Nullable String list) {
        return with(b -> b.knownGood = list);
    }

    /** The same record with where it lay in a disk image. */
    public ScannedFile withOrigin(@Nullable DiskOrigin origin) {
        return with(b -> b.origin = origin);
    }

    /** The same record with what was found in the disk image it is the record of. */
    public ScannedFile withDiskImage(@Nullable DiskImageSummary diskImage) {
        return with(b -> b.diskImage = diskImage);
    }

    /**
     * Whether the file's name has an extension that does not fit the format its bytes have (a {@code .txt} holding a
     * JPEG). Judged for images, videos and archives only; a carved object (not an entry of a carved archive, which
     * has its name) or a name without extension never mismatches.
     */
    public boolean extensionMismatch() {
        if (origin != null && origin.allocation() == DiskOrigin.Allocation.CARVED && origin.offset() >= 0) {
            return false;
        }
        return (kind == MediaKind.IMAGE || kind == MediaKind.VIDEO || kind == MediaKind.ARCHIVE)
                && FileExtensions.mismatch(entry == null ? path : entry, format);
    }

    /** Whether something went wrong with this file (see {@link #error()}). */
    public boolean failed() {
        return error != null;
    }

    /** {@code path}, or {@code path!/entry} for an archive entry: one string naming the file. */
    public String location() {
        return entry == null ? path : path + "!/" + entry;
    }

    /** The same record with {@code thumbnail}. */
    ScannedFile withThumbnail(@Nullable String thumbnail) {
        return with(b -> b.thumbnail = thumbnail);
    }

    /** The same record with these hits (image and exact) and video hits. */
    ScannedFile withHits(List<MatchHit> hits, List<VideoHit> videoHits) {
        return with(b -> {
            b.hits = hits;
            b.videoHits = videoHits;
        });
    }

    /** The same record with {@code video}. */
    ScannedFile withVideo(@Nullable ScannedVideo video) {
        return with(b -> b.video = video);
    }

    /** The same record with an error (replacing any). */
    ScannedFile withError(ScanError error, String message) {
        return withError(error.code(), message);
    }

    /**
     * The same record with an error code ({@link ScanError#code()}, {@link io.hashmatch.decode.DecodeError#code()}
     * or {@link io.hashmatch.video.VideoDecodeError#code()}) and its message, replacing any.
     */
    ScannedFile withError(String error, String message) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
        return with(b -> {
            b.error = error;
            b.errorMessage = message;
        });
    }

    /**
     * One line of JSON (no newline): the fields above under snake_case names, nulls left out, hits as objects
     * {@code {"list","entry","distance","kind","category","source","suppressing","suppressed"}} (a PDQ hit between
     * variants, a region or transform of the image on either side, adds {@code "query_variant"} and
     * {@code "entry_variant"}, each {@code {"kind","transform","rect":[x,y,w,h]}} as {@link
     * io.hashmatch.match.MatchHit#queryVariant()} names it, {@code rect} when stated), plus
     * {@code "matched"}; {@code "near_group"} when {@code nearGroup > 0}; {@code "thumbnail"} only when
     * {@code withThumbnail}. A decoded video adds
     * {@code "video":{"seconds_per_hash","fps","decoded_frames","width","height","vpdq_frames","vpdq_file",
     * "vpdq":["frameIndex,quality,hash,timestamp",...]}} (the frames as the reference's lines; {@code vpdq_file} is
     * {@link ScannedVideo#reportFile}, derived) and, when it has any, {@code "video_hits"} as objects
     * {@code {"list","entry","category","source","query_matched_pct","compared_matched_pct","query_matched",
     * "query_frames","compared_matched","compared_frames","suppressing","suppressed"}}.
     */
    public String toJson(int nearGroup, boolean withThumbnail) {
        return ScannedFileJson.write(this, nearGroup, withThumbnail);
    }

    /**
     * Reads {@link #toJson} output back ({@code near_group} is ignored).
     *
     * @throws IllegalArgumentException if {@code json} is not such a record (the message says why)
     */
    static ScannedFile fromJson(String json) {
        return ScannedFileJson.read(json);
    }

    /** This record with what {@code change} sets on a copy of its components. */
    private ScannedFile with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /**
     * Every component, settable: the one place that calls the canonical constructor for a changed copy or a record
     * read back, so that each of them names only the components it sets.
     */
    static final class Builder {
        @Nullable
        String path;

        @Nullable
        String entry;

        long size;

        @Nullable
        String md5;

        @Nullable
        String sha1;

        @Nullable
        String sha256;

        @Nullable
        MediaKind kind;

        @Nullable
        String format;

        @Nullable
        String pdq;

        int quality = -1;
        int width;
        int height;

        @Nullable
        String error;

        @Nullable
        String errorMessage;

        List<MatchHit> hits = List.of();

        @Nullable
        String thumbnail;

        @Nullable
        ScannedVideo video;

        List<VideoHit> videoHits = List.of();

        @Nullable
        String knownGood;

        @Nullable
        DiskOrigin origin;

        @Nullable
        DiskImageSummary diskImage;

        /** Nothing set: no path nor kind yet, no PDQ ({@code quality} -1), no hits. */
        Builder() {}

        Builder(ScannedFile f) {
            path = f.path;
            entry = f.entry;
            size = f.size;
            md5 = f.md5;
            sha1 = f.sha1;
            sha256 = f.sha256;
            kind = f.kind;
            format = f.format;
            pdq = f.pdq;
            quality = f.quality;
            width = f.width;
            height = f.height;
            error = f.error;
            errorMessage = f.errorMessage;
            hits = f.hits;
            thumbnail = f.thumbnail;
            video = f.video;
            videoHits = f.videoHits;
            knownGood = f.knownGood;
            origin = f.origin;
            diskImage = f.diskImage;
        }

        /**
         * The record.
         *
         * @throws NullPointerException without path or kind
         * @throws IllegalArgumentException as the canonical constructor
         */
        ScannedFile build() {
            return new ScannedFile(
                    Objects.requireNonNull(path, "path"),
                    entry,
                    size,
                    md5,
                    sha1,
                    sha256,
                    Objects.requireNonNull(kind, "kind"),
                    format,
                    pdq,
                    quality,
                    width,
                    height,
                    error,
                    errorMessage,
                    hits,
                    thumbnail,
                    video,
                    videoHits,
                    knownGood,
                    origin,
                    diskImage);
        }
    }
}
