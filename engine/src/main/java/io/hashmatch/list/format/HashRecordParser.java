package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.hashmatch.hash.HashKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON Lines records of {@code hashmatch hash} ({@link ListFormat#HASH_JSONL}), one line at a time, each line
 * parsed with Jackson ({@link StrictJson}): one entry per record.
 *
 * <p>Read: {@code path} (the entry's external id), {@code md5}, {@code sha1}, {@code sha256}, {@code pdq} with its
 * {@code quality}, {@code dihedral} (the 8 dihedral hashes of {@code hash --dihedral}: the 7 after the original
 * become variants of kind {@code dihedral}) and {@code variants} (objects {@code kind}, {@code transform},
 * {@code rect} [x, y, width, height], {@code pdq}, {@code quality}). Ignored: {@code size}, {@code width},
 * {@code height}, {@code format}, {@code fps}, {@code frames}, and members this reader does not know (records of
 * a newer hashmatch). A record whose {@code error} left it without any hash is skipped with a warning, as is the
 * {@code vpdq} of a video (import its vPDQ file). Blank lines are skipped. Every other problem is an error at the
 * line and column.
 */
final class HashRecordParser implements EntryParser {
    /** Variants accepted per record: far above what {@code hash --variants} derives, low enough to bound memory. */
    static final int MAX_VARIANTS = 4096;

    private final @Nullable TextInput in;
    private final ParseContext ctx;
    private int line;

    HashRecordParser(@Nullable TextInput in, ParseContext ctx) {
        this.in = in;
        this.ctx = ctx;
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        TextInput text = java.util.Objects.requireNonNull(in, "a parser of single records reads no stream");
        String raw;
        while ((raw = text.readLine()) != null) {
            if (raw.isBlank()) {
                continue;
            }
            ListEntry entry = record(raw, text.lineStart());
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /** The entry of one record {@code text} at line {@code line}; null when skipped (with a warning). */
    @Nullable
    ListEntry record(String text, int line) throws IOException, ListFormatException {
        this.line = line;
        try (JsonParser p = StrictJson.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw at(p, "not a hashmatch hash record: expected a JSON object on the line");
            }
            ListEntry entry = object(p);
            if (p.nextToken() != null) {
                throw at(p, "data after the record's closing '}' on the same line");
            }
            return entry;
        } catch (StreamReadException e) {
            JsonLocation where = e.getLocation();
            String message = String.valueOf(e.getOriginalMessage());
            String reason = message.startsWith("Unexpected end-of-input")
                    ? "truncated JSON: the record ends before its closing '}'"
                    : "invalid JSON: " + message;
            throw ctx.error(line, where == null ? 0 : Math.max(0, where.getColumnNr()), reason);
        }
    }

    private @Nullable ListEntry object(JsonParser p) throws IOException, ListFormatException {
        EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);
        @Nullable String path = null;
        int quality = -1;
        List<String> dihedral = List.of();
        List<ListEntry.VariantHash> variants = new ArrayList<>();
        @Nullable String errorCode = null;
        boolean video = false;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "path" -> path = string(p, value, name);
                case "md5" -> hashes.put(HashKind.MD5, hash(p, value, HashKind.MD5, name));
                case "sha1" -> hashes.put(HashKind.SHA1, hash(p, value, HashKind.SHA1, name));
                case "sha256" -> hashes.put(HashKind.SHA256, hash(p, value, HashKind.SHA256, name));
                case "pdq" -> hashes.put(HashKind.PDQ, hash(p, value, HashKind.PDQ, name));
                case "quality" -> quality = quality(p, value, name);
                case "dihedral" -> dihedral = dihedral(p, value);
                case "variants" -> variants(p, value, variants);
                case "error" -> {
                    errorCode = "failed";
                    if (value == JsonToken.START_OBJECT) {
                        errorCode = errorCode(p);
                    } else {
                        p.skipChildren();
                    }
                }
                case "vpdq" -> {
                    video = true;
                    p.skipChildren();
                }
                default -> p.skipChildren(); // size, width, height, format, fps, frames, and members of later versions
            }
        }
        if (hashes.containsKey(HashKind.PDQ) && quality < 0) {
            throw ctx.error(line, 0, "record has a pdq but no quality");
        }
        if (!hashes.containsKey(HashKind.PDQ) && (!variants.isEmpty() || !dihedral.isEmpty())) {
            throw ctx.error(line, 0, "record has variants but no whole-image pdq");
        }
        for (int i = 1; i < dihedral.size(); i++) { // 0 is the original: the record's own pdq
            variants.add(new ListEntry.VariantHash(
                    new HashVariant("dihedral", HashVariant.TRANSFORMS.get(i), 0, 0, 0, 0), dihedral.get(i), quality));
        }
        if (video) {
            ctx.warn(line, "video frames (vpdq) not imported: import the video's vPDQ file (--format vpdq)");
        }
        if (hashes.isEmpty()) {
            if (errorCode != null || video) {
                if (!video) {
                    ctx.warn(line, "skipped: the file was not hashed (" + errorCode + ")");
                }
                return null;
            }
            throw ctx.error(line, 0, "record has no hash (md5, sha1, sha256 or pdq)");
        }
        return new ListEntry(
                hashes,
                path == null || path.isEmpty() ? null : path,
                null,
                List.of(),
                ctx.sourceList(null),
                null,
                line,
                variants,
                quality);
    }

    private String errorCode(JsonParser p) throws IOException, ListFormatException {
        String code = "failed";
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("code") && value == JsonToken.VALUE_STRING) {
                code = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return code;
    }

    private List<String> dihedral(JsonParser p, JsonToken value) throws IOException, ListFormatException {
        if (value != JsonToken.START_ARRAY) {
            throw at(p, "dihedral must be an array of 8 PDQ hashes");
        }
        List<String> hashes = new ArrayList<>(8);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (hashes.size() == 8) {
                throw at(p, "dihedral must be an array of 8 PDQ hashes, got more");
            }
            hashes.add(hash(p, t, HashKind.PDQ, "dihedral"));
        }
        if (hashes.size() != 8) {
            throw at(p, "dihedral must be an array of 8 PDQ hashes, got " + hashes.size());
        }
        return hashes;
    }

    private void variants(JsonParser p, JsonToken value, List<ListEntry.VariantHash> into)
            throws IOException, ListFormatException {
        if (value != JsonToken.START_ARRAY) {
            throw at(p, "variants must be an array of objects");
        }
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw at(p, "variants must be an array of objects");
            }
            if (into.size() == MAX_VARIANTS) {
                throw at(p, "more than " + MAX_VARIANTS + " variants in one record");
            }
            into.add(variant(p));
        }
    }

    private ListEntry.VariantHash variant(JsonParser p) throws IOException, ListFormatException {
        int column = column(p);
        int number = 0;
        @Nullable String kind = null;
        String transform = "original";
        int[] rect = {0, 0, 0, 0};
        @Nullable String pdq = null;
        int quality = -1;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "kind" -> {
                    kind = string(p, value, "variant kind");
                    if (!HashVariant.KINDS.contains(kind) || kind.equals(HashVariant.WHOLE_KIND)) {
                        throw at(p, "unknown variant kind '" + kind + "' (" + String.join(", ", variantKinds()) + ")");
                    }
                }
                case "transform" -> {
                    transform = string(p, value, "variant transform");
                    if (!HashVariant.TRANSFORMS.contains(transform)) {
                        throw at(
                                p,
                                "unknown variant transform '" + transform + "' ("
                                        + String.join(", ", HashVariant.TRANSFORMS) + ")");
                    }
                }
                case "rect" -> rect = rect(p, value);
                case "pdq" -> pdq = hash(p, value, HashKind.PDQ, "variant pdq");
                case "quality" -> quality = quality(p, value, "variant quality");
                default -> p.skipChildren();
            }
            number++;
        }
        if (kind == null || pdq == null || quality < 0) {
            throw ctx.error(
                    line,
                    column,
                    "variant needs kind, pdq and quality (has "
                            + (number == 0
                                            ? "nothing"
                                            : (kind == null ? "" : "kind ")
                                                    + (pdq == null ? "" : "pdq ")
                                                    + (quality < 0 ? "" : "quality"))
                                    .strip()
                            + ")");
        }
        return new ListEntry.VariantHash(
                new HashVariant(kind, transform, rect[0], rect[1], rect[2], rect[3]), pdq, quality);
    }

    private static List<String> variantKinds() {
        return HashVariant.KINDS.subList(1, HashVariant.KINDS.size());
    }

    private int[] rect(JsonParser p, JsonToken value) throws IOException, ListFormatException {
        if (value != JsonToken.START_ARRAY) {
            throw at(p, "rect must be [x, y, width, height]");
        }
        int[] rect = new int[4];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (n == 4 || t != JsonToken.VALUE_NUMBER_INT) {
                throw at(p, "rect must be [x, y, width, height]: four whole numbers");
            }
            int v = intValue(p, "rect");
            if (v < 0) {
                throw at(p, "rect has a negative value: " + v);
            }
            rect[n++] = v;
        }
        if (n != 4) {
            throw at(p, "rect must be [x, y, width, height], got " + n + " numbers");
        }
        return rect;
    }

    private String string(JsonParser p, @Nullable JsonToken value, String what)
            throws IOException, ListFormatException {
        if (value != JsonToken.VALUE_STRING) {
            throw at(p, what + " must be a string");
        }
        return p.getText();
    }

    private String hash(JsonParser p, @Nullable JsonToken value, HashKind kind, String what)
            throws IOException, ListFormatException {
        String text = string(p, value, what);
        int column = column(p);
        // the column of the opening quote; the hash starts one after it
        return EntryParser.canonicalHash(ctx, kind, text, line, column > 0 ? column + 1 : 0);
    }

    private int quality(JsonParser p, @Nullable JsonToken value, String what) throws IOException, ListFormatException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw at(p, what + " must be a whole number 0..100");
        }
        int q = intValue(p, what);
        if (q < 0 || q > 100) {
            throw at(p, what + " must be 0..100, got " + q);
        }
        return q;
    }

    private int intValue(JsonParser p, String what) throws IOException, ListFormatException {
        try {
            return p.getIntValue();
        } catch (InputCoercionException e) {
            throw at(p, what + " is out of range: " + p.getText());
        }
    }

    private int column(JsonParser p) {
        JsonLocation l = p.currentTokenLocation();
        return l == null ? 0 : Math.max(0, l.getColumnNr());
    }

    private ListFormatException at(JsonParser p, String reason) {
        return ctx.error(line, column(p), reason);
    }
}
