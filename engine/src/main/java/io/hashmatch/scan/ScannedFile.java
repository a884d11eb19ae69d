package io.hashmatch.scan;

import io.hashmatch.match.MatchHit;
import java.util.List;
import java.util.Objects;
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
 * @param format the image format label ({@code "jpeg"}...) or the archive type ({@code "zip"}...), or null
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
    @Nullable String thumbnail) {

  /** Checks for nulls and copies the hits. */
  public ScannedFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    hits = List.copyOf(hits);
    if ((error == null) != (errorMessage == null)) {
      throw new IllegalArgumentException("error and errorMessage go together: " + error + ", " + errorMessage);
    }
  }

  /** A path that was not read, for {@code error}. */
  public static ScannedFile unreadable(String path, @Nullable String entry, ScanError error, String message) {
    return new ScannedFile(path, entry, 0, null, null, null, MediaKind.UNREADABLE, null, null, -1, 0, 0,
        error.code(), message, List.of(), null);
  }

  /** Whether some hit counts as a match (neither suppressing nor suppressed). */
  public boolean matched() {
    for (MatchHit h : hits) {
      if (h.isMatch()) {
        return true;
      }
    }
    return false;
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
  public ScannedFile withThumbnail(@Nullable String thumbnail) {
    return new ScannedFile(path, entry, size, md5, sha1, sha256, kind, format, pdq, quality, width, height,
        error, errorMessage, hits, thumbnail);
  }

  /** The same record with an error (replacing any). */
  public ScannedFile withError(ScanError error, String message) {
    return new ScannedFile(path, entry, size, md5, sha1, sha256, kind, format, pdq, quality, width, height,
        error.code(), message, hits, thumbnail);
  }

  /**
   * One line of JSON (no newline): the fields above under snake_case names, nulls left out, hits as objects
   * {@code {"list","entry","distance","kind","category","source","suppressing","suppressed"}}, plus
   * {@code "matched"}; {@code "near_group"} when {@code nearGroup > 0}; {@code "thumbnail"} only when
   * {@code withThumbnail}.
   */
  public String toJson(int nearGroup, boolean withThumbnail) {
    return ScannedFileJson.write(this, nearGroup, withThumbnail);
  }

  /**
   * Reads {@link #toJson} output back ({@code near_group} is ignored).
   *
   * @throws IllegalArgumentException if {@code json} is not such a record (the message says why)
   */
  public static ScannedFile fromJson(String json) {
    return ScannedFileJson.read(json);
  }
}
