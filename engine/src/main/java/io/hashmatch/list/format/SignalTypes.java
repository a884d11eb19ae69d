package io.hashmatch.list.format;

import io.hashmatch.hash.HashKind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * ThreatExchange signal-type names (python-threatexchange: lower snake case of the signal class) and the
 * hash kinds they stand for.
 *
 * <p>Three groups: names of file hashes hashmatch keeps ({@code pdq}; {@code video_md5}, {@code photo_md5}
 * and {@code md5} as MD5; hashmatch's own {@code sha1}, {@code sha256}, {@code photodna}); names of
 * ThreatExchange signals that are not hashes of a file's bytes or pixels ({@code url_md5} is the MD5 of a
 * URL, {@code raw_text}, {@code url}, {@code trend_query}, video TMK and vPDQ), which readers skip with a
 * warning; and everything else, which readers reject: an unknown name is more likely a damaged or
 * misidentified file than a signal worth ignoring. Names are compared ignoring case.
 */
final class SignalTypes {
    private static final Map<String, HashKind> FILE_HASHES = Map.of(
            "pdq", HashKind.PDQ,
            "video_md5", HashKind.MD5,
            "photo_md5", HashKind.MD5,
            "md5", HashKind.MD5,
            "sha1", HashKind.SHA1,
            "sha256", HashKind.SHA256,
            "photodna", HashKind.PHOTODNA);

    private static final Set<String> OTHER_SIGNALS =
            Set.of("url_md5", "url", "raw_text", "trend_query", "video_tmk_pdqf", "vpdq");

    private SignalTypes() {}

    /** The kind named by {@code type}, or null when it is not a file hash hashmatch keeps. */
    static @Nullable HashKind kind(String type) {
        return FILE_HASHES.get(type.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code type} is a known ThreatExchange signal type that is not a file hash (skipped, not an error). */
    static boolean isOtherSignal(String type) {
        return OTHER_SIGNALS.contains(type.toLowerCase(Locale.ROOT));
    }

    /** The name written for {@code kind}: {@code pdq}, {@code md5}, {@code sha1}, {@code sha256}, {@code photodna}. */
    static String name(HashKind kind) {
        return switch (kind) {
            case PDQ -> "pdq";
            case MD5 -> "md5";
            case SHA1 -> "sha1";
            case SHA256 -> "sha256";
            case PHOTODNA -> "photodna";
        };
    }
}
