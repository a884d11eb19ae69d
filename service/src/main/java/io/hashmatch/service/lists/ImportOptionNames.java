package io.hashmatch.service.lists;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.ListFormat;
import io.hashmatch.list.format.ListFormatException;
import io.hashmatch.list.format.ListWriter;
import io.hashmatch.list.format.ReadOptions;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The names of list import options, shared by {@code hashmatch list import} ({@code --format}, {@code --kind},
 * {@code --duplicates}) and the HTTP list upload ({@code PUT /v1/lists/{name}?format=&kind=&duplicates=}), and of
 * the export formats, shared by {@code hashmatch list export --format} and {@code GET /v1/hotline/list?format=}.
 *
 * <p>Stateless; thread-safe.
 */
public final class ImportOptionNames {
    private ImportOptionNames() {}

    /**
     * {@code auto} (null: detect), {@code te} (ThreatExchange text), or a {@link ListFormat#fromName} name.
     *
     * @throws IllegalArgumentException if the name is unknown
     */
    public static @Nullable ListFormat format(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("auto")) {
            return null;
        }
        if (v.equals("te")) {
            return ListFormat.TE_TEXT;
        }
        return ListFormat.fromName(v)
                .orElseThrow(() -> new IllegalArgumentException("unknown list format '" + value
                        + "' (auto, te, te-text, te-csv, vics, hex, jsonl, vpdq, icse, ncmec, checksums, nsrl)"));
    }

    /**
     * An export format: {@code vics}, {@code csv} (ThreatExchange dataset CSV; also {@code te-csv}), {@code jsonl},
     * {@code icse}, {@code ncmec}, {@code checksums} or {@code hex} (the formats {@link ListWriter} writes).
     *
     * @throws IllegalArgumentException if the name is unknown or names a format hashmatch does not write
     */
    public static ListFormat exportFormat(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return (v.equals("csv") ? Optional.of(ListFormat.TE_CSV) : ListFormat.fromName(v))
                .filter(ListWriter::writes)
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown export format '" + value + "' (" + EXPORT_FORMATS + ")"));
    }

    /** The export format names {@link #exportFormat} takes, as messages list them. */
    public static final String EXPORT_FORMATS = "vics, csv, jsonl, icse, ncmec, checksums, hex";

    /**
     * The matchable kinds by their lowercase names: {@code pdq}, {@code md5}, {@code sha1}, {@code sha256}.
     *
     * @throws IllegalArgumentException if the name is unknown
     */
    public static HashKind kind(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "pdq" -> HashKind.PDQ;
            case "md5" -> HashKind.MD5;
            case "sha1", "sha-1" -> HashKind.SHA1;
            case "sha256", "sha-256" -> HashKind.SHA256;
            default -> throw new IllegalArgumentException("unknown hash kind '" + value + "' (pdq, md5, sha1, sha256)");
        };
    }

    /**
     * {@code reject} or {@code keep-first}.
     *
     * @throws IllegalArgumentException if the name is unknown
     */
    public static ReadOptions.Duplicates duplicates(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "reject" -> ReadOptions.Duplicates.REJECT;
            case "keep-first" -> ReadOptions.Duplicates.KEEP_FIRST;
            default ->
                throw new IllegalArgumentException("unknown duplicates policy '" + value + "' (reject, keep-first)");
        };
    }

    /**
     * What to change so that an import refused with {@code remedy} succeeds, in the caller's option syntax: an
     * option is {@code prefix + name + separator + value}, e.g. {@code --kind pdq} ({@code "--"}, {@code " "}) or
     * {@code kind=pdq} ({@code ""}, {@code "="}).
     */
    public static String remedy(ListFormatException.Remedy remedy, String prefix, String separator) {
        return switch (remedy) {
            case STATE_PDQ_OR_SHA256 ->
                "use " + prefix + "kind" + separator + "pdq or " + prefix + "kind" + separator + "sha256";
            case KEEP_FIRST_DUPLICATES -> "remove one, or use " + prefix + "duplicates" + separator + "keep-first";
        };
    }
}
