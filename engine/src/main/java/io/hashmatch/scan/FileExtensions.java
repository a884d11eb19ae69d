package io.hashmatch.scan;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The file name extensions each recognised format is normally saved under, to tell when a name lies about the
 * bytes ({@code holiday.txt} holding a JPEG). Only images, videos and archives are judged: for other bytes the
 * scanner does not know the format. A name without an extension never counts as a mismatch. Stateless.
 */
final class FileExtensions {
    private FileExtensions() {}

    /** Format label (as records carry it) to the extensions that fit it. */
    private static final Map<String, Set<String>> FITTING = Map.ofEntries(
            Map.entry("jpeg", Set.of("jpg", "jpeg", "jpe", "jfif", "jif", "thm")),
            Map.entry("png", Set.of("png", "apng")),
            Map.entry("gif", Set.of("gif")),
            Map.entry("webp", Set.of("webp")),
            Map.entry("tiff", Set.of("tif", "tiff", "dng", "nef", "cr2", "arw", "orf", "rw2", "pef", "srw")),
            Map.entry("bmp", Set.of("bmp", "dib")),
            Map.entry("mp4", Set.of("mp4", "m4v", "mov", "qt", "3gp", "3g2", "m4a", "f4v")),
            Map.entry("matroska", Set.of("mkv", "webm", "mka")),
            Map.entry("avi", Set.of("avi")),
            Map.entry("flv", Set.of("flv")),
            Map.entry("mpegts", Set.of("ts", "mts", "m2ts", "tsv")),
            Map.entry("mpegps", Set.of("mpg", "mpeg", "vob", "mpe", "m2v")),
            Map.entry("asf", Set.of("wmv", "asf", "wma")),
            Map.entry("ogg", Set.of("ogv", "ogg", "ogm")),
            Map.entry(
                    "zip",
                    Set.of(
                            "zip", "jar", "apk", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "cbz", "kmz",
                            "xpi", "war", "ipa", "aar", "whl", "nupkg", "vsix")),
            Map.entry("tar", Set.of("tar")),
            Map.entry("gzip", Set.of("gz", "tgz", "gzip")),
            Map.entry("bzip2", Set.of("bz2", "tbz", "tbz2")),
            Map.entry("xz", Set.of("xz", "txz")),
            Map.entry("7z", Set.of("7z")));

    /**
     * Whether {@code name}'s extension says something other than {@code format}: true only when the format is one
     * judged here and the name has an extension that does not fit it.
     */
    static boolean mismatch(String name, @Nullable String format) {
        if (format == null) {
            return false;
        }
        Set<String> fitting = FITTING.get(format);
        int slash = name.lastIndexOf('/');
        String last = slash < 0 ? name : name.substring(slash + 1);
        int dot = last.lastIndexOf('.');
        if (fitting == null || dot <= 0 || dot == last.length() - 1) {
            return false;
        }
        return !fitting.contains(last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
