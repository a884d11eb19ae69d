package io.hashmatch.list.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import io.hashmatch.hash.HashKind;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Project VIC VICS JSON, 1.x and 2.0, read as a token stream (Jackson's {@link JsonParser}): memory holds one
 * Media record at a time, whatever the file size.
 *
 * <p>Root: an object whose {@code @odata.context} (2.0) or {@code odata.metadata} (1.x) must come before
 * {@code value} and end in {@code #Media} (a hash set: {@code value} holds Media records) or {@code #Cases}
 * (a case export: each element of {@code value} is a case whose {@code Media} array holds them). Case fields
 * and unknown fields are skipped whole ({@link JsonParser#skipChildren()}), as are {@code Exifs} and the rest of a
 * Media record beyond the fields read:
 * {@code MediaID} (number or string) the external id; {@code Category} (number or string) the category;
 * {@code MD5}, {@code SHA1}, {@code PhotoDNA} and (not in the public models, accepted) {@code SHA256};
 * {@code AlternativeHashes[]} entries whose {@code HashName} is {@code PDQ}, {@code SHA256}/{@code SHA-256},
 * {@code MD5}, {@code SHA1} or {@code PhotoDNA} (any case; others skipped); {@code DateUpdated} the date;
 * {@code Tags} a string (split per {@link TagSyntax}) or an array of strings; a tag
 * {@value VicsCategories#TAG_PREFIX}{@code <category>} (hashmatch's writer) gives the category instead;
 * {@code MediaSize} the size; {@code MediaFiles[]} the copies ({@link VicsMediaFile}: {@code FilePath} (else the
 * {@code FileName}), {@code FileName} (else the path's last element), {@code Created}, {@code Written},
 * {@code Accessed}, {@code Deleted}, {@code PhysicalLocation}; an element with neither path nor name is skipped).
 * Empty strings and nulls count as absent. The same kind twice with different values in one record is an error; a record with no hash is
 * an error. Duplicate keys in an object are errors (Jackson's strict duplicate detection).
 */
final class VicsParser implements EntryParser {
    static final JsonFactory JSON = StrictJson.FACTORY;

    private static final String TRUNCATED = "truncated JSON: unexpected end of file";

    private enum State {
        START,
        ROOT,
        VALUE,
        CASE,
        CASE_MEDIA,
        END
    }

    private final JsonParser p;
    private final BomSpotter bytes;
    private final ParseContext ctx;
    private State state = State.START;
    private @Nullable Boolean cases;

    VicsParser(InputStream in, ParseContext ctx) throws IOException, ListFormatException {
        this.bytes = new BomSpotter(in);
        this.ctx = ctx;
        try {
            this.p = JSON.createParser(bytes);
        } catch (CharConversionException e) {
            throw notUtf8(e);
        }
    }

    @Override
    public @Nullable ListEntry next() throws IOException, ListFormatException {
        try {
            return advance();
        } catch (JsonEOFException e) {
            throw error(e.getLocation(), TRUNCATED);
        } catch (StreamReadException e) {
            String message = String.valueOf(e.getOriginalMessage());
            JsonLocation at = e.getLocation();
            String reason;
            if (message.startsWith("Unexpected end-of-input")) {
                reason = TRUNCATED;
            } else if (at != null
                    && message.contains("(code 239)")
                    && (bytes.bomAt(at.getByteOffset()) || bytes.bomAt(at.getByteOffset() - 1))) {
                reason = "byte-order mark (U+FEFF) in the middle of the file";
            } else {
                reason = "invalid JSON: " + message;
            }
            throw error(at, reason);
        } catch (CharConversionException e) {
            throw notUtf8(e);
        }
    }

    /**
     * Jackson guesses UTF-16/UTF-32 from the first bytes (e.g. 7B 00 00 00) and refuses some byte orders, or the
     * text that follows: for a list that is a malformed file, not an I/O failure.
     */
    private ListFormatException notUtf8(CharConversionException e) {
        return ctx.error(0, 0, "invalid JSON: not UTF-8 text (" + e.getMessage() + ")");
    }

    private @Nullable ListEntry advance() throws IOException, ListFormatException {
        while (true) {
            switch (state) {
                case START -> {
                    JsonToken t = p.nextToken();
                    if (t == null) {
                        throw ctx.error(0, 0, "empty file");
                    }
                    if (t != JsonToken.START_OBJECT) {
                        throw here("not VICS JSON: expected an object at the root");
                    }
                    state = State.ROOT;
                }
                case ROOT -> {
                    JsonToken t = nextToken();
                    if (t == JsonToken.END_OBJECT) {
                        if (cases == null) {
                            throw ctx.error(0, 0, "not VICS JSON: no @odata.context or odata.metadata");
                        }
                        if (p.nextToken() != null) {
                            throw here("data after the end of the JSON document");
                        }
                        state = State.END;
                        return null;
                    }
                    String name = p.currentName();
                    t = nextToken();
                    switch (name) {
                        case "@odata.context", "odata.metadata" -> readContext(name, t);
                        case "value" -> {
                            if (cases == null) {
                                throw here(
                                        "'value' before @odata.context / odata.metadata: cannot tell a hash set from a case export");
                            }
                            expect(t, JsonToken.START_ARRAY, "'value' must be an array");
                            state = State.VALUE;
                        }
                        default -> p.skipChildren();
                    }
                }
                case VALUE -> {
                    JsonToken t = nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        state = State.ROOT;
                    } else {
                        expect(
                                t,
                                JsonToken.START_OBJECT,
                                Boolean.TRUE.equals(cases)
                                        ? "expected a case object in 'value'"
                                        : "expected a Media object in 'value'");
                        if (Boolean.TRUE.equals(cases)) {
                            state = State.CASE;
                        } else {
                            return media();
                        }
                    }
                }
                case CASE -> {
                    JsonToken t = nextToken();
                    if (t == JsonToken.END_OBJECT) {
                        state = State.VALUE;
                    } else {
                        String name = p.currentName();
                        t = nextToken();
                        if (name.equals("Media")) {
                            expect(t, JsonToken.START_ARRAY, "a case's 'Media' must be an array");
                            state = State.CASE_MEDIA;
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case CASE_MEDIA -> {
                    JsonToken t = nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        state = State.CASE;
                    } else {
                        expect(t, JsonToken.START_OBJECT, "expected a Media object in 'Media'");
                        return media();
                    }
                }
                case END -> {
                    return null;
                }
            }
        }
    }

    private void readContext(String name, JsonToken t) throws ListFormatException, IOException {
        expect(t, JsonToken.VALUE_STRING, "'" + name + "' must be a string");
        String context = p.getText();
        int hash = context.lastIndexOf('#');
        String fragment = hash < 0 ? "" : context.substring(hash + 1);
        cases = switch (fragment) {
            case "Media" -> false;
            case "Cases" -> true;
            default ->
                throw here("unsupported VICS document '" + context + "': expected a context ending in"
                        + " $metadata#Media (hash set) or #Cases (case export)");
        };
    }

    private ListEntry media() throws IOException, ListFormatException {
        int line = p.currentTokenLocation().getLineNr();
        EnumMap<HashKind, String> hashes = new EnumMap<>(HashKind.class);
        String mediaId = null;
        String category = null;
        Instant date = null;
        List<String> tags = new ArrayList<>();
        long size = ListEntry.SIZE_UNKNOWN;
        List<VicsMediaFile> files = new ArrayList<>();
        for (JsonToken t = nextToken(); t != JsonToken.END_OBJECT; t = nextToken()) {
            String name = p.currentName();
            t = nextToken();
            switch (name) {
                case "MediaID" -> mediaId = scalar(name, t);
                case "Category" -> category = scalar(name, t);
                case "MD5" -> hash(hashes, HashKind.MD5, t, name);
                case "SHA1" -> hash(hashes, HashKind.SHA1, t, name);
                case "SHA256" -> hash(hashes, HashKind.SHA256, t, name);
                case "PhotoDNA" -> hash(hashes, HashKind.PHOTODNA, t, name);
                case "DateUpdated" -> date = date(name, t);
                case "MediaSize" -> size = number(name, t, ListEntry.SIZE_UNKNOWN);
                case "MediaFiles" -> mediaFiles(files, t);
                case "Tags" -> tags(tags, t);
                case "AlternativeHashes" -> alternativeHashes(hashes, t);
                default -> p.skipChildren();
            }
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag.startsWith(VicsCategories.TAG_PREFIX) && tag.length() > VicsCategories.TAG_PREFIX.length()) {
                category = VicsCategories.fromTag(tag); // hashmatch's own label wins
                tags.remove(i);
                break;
            }
        }
        if (hashes.isEmpty()) {
            throw ctx.error(line, 0, "Media record has no hash (MD5, SHA1, PhotoDNA or a PDQ/SHA256 alternative hash)");
        }
        return new ListEntry(hashes, mediaId, category, tags, ctx.sourceList(null), date, line).withMedia(size, files);
    }

    private void mediaFiles(List<VicsMediaFile> files, JsonToken t) throws IOException, ListFormatException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(t, JsonToken.START_ARRAY, "MediaFiles must be an array");
        for (t = nextToken(); t != JsonToken.END_ARRAY; t = nextToken()) {
            expect(t, JsonToken.START_OBJECT, "a MediaFiles element must be an object");
            String fileName = null;
            String filePath = null;
            Instant created = null;
            Instant written = null;
            Instant accessed = null;
            boolean deleted = false;
            long offset = -1;
            for (t = nextToken(); t != JsonToken.END_OBJECT; t = nextToken()) {
                String name = p.currentName();
                t = nextToken();
                switch (name) {
                    case "FileName" -> fileName = string(name, t);
                    case "FilePath" -> filePath = string(name, t);
                    case "Created" -> created = date(name, t);
                    case "Written" -> written = date(name, t);
                    case "Accessed" -> accessed = date(name, t);
                    case "Deleted" -> {
                        if (t != JsonToken.VALUE_NULL) {
                            if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                                throw here("Deleted must be true or false");
                            }
                            deleted = t == JsonToken.VALUE_TRUE;
                        }
                    }
                    case "PhysicalLocation" -> offset = number(name, t, -1);
                    default -> p.skipChildren();
                }
            }
            String path = filePath != null ? filePath : fileName;
            if (path != null) {
                String named =
                        fileName != null ? fileName : VicsMediaFile.at(path).fileName();
                files.add(new VicsMediaFile(named, path, created, written, accessed, deleted, offset));
            }
        }
    }

    /** A date field's instant, or null for null or "". */
    private @Nullable Instant date(String name, JsonToken t) throws IOException, ListFormatException {
        String text = string(name, t);
        if (text == null) {
            return null;
        }
        Instant date = DateSyntax.parse(text);
        if (date == null) {
            throw here(name + " is not an ISO-8601 date-time: " + text);
        }
        return date;
    }

    /** A non-negative integer field's value, or {@code absent} for null. */
    private long number(String name, JsonToken t, long absent) throws IOException, ListFormatException {
        if (t == JsonToken.VALUE_NULL) {
            return absent;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw here(name + " must be a whole number");
        }
        long v = p.getLongValue();
        if (v < 0) {
            throw here(name + " must not be negative, got " + v);
        }
        return v;
    }

    private void alternativeHashes(EnumMap<HashKind, String> hashes, JsonToken t)
            throws IOException, ListFormatException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(t, JsonToken.START_ARRAY, "AlternativeHashes must be an array");
        for (t = nextToken(); t != JsonToken.END_ARRAY; t = nextToken()) {
            expect(t, JsonToken.START_OBJECT, "an AlternativeHashes element must be an object");
            String hashName = null;
            String value = null;
            JsonLocation valueAt = null;
            for (t = nextToken(); t != JsonToken.END_OBJECT; t = nextToken()) {
                String name = p.currentName();
                t = nextToken();
                switch (name) {
                    case "HashName" -> hashName = string(name, t);
                    case "HashValue" -> {
                        value = string(name, t);
                        valueAt = p.currentTokenLocation();
                    }
                    default -> p.skipChildren();
                }
            }
            HashKind kind = hashName == null
                    ? null
                    : switch (hashName.toUpperCase(Locale.ROOT)) {
                        case "PDQ" -> HashKind.PDQ;
                        case "SHA256", "SHA-256" -> HashKind.SHA256;
                        case "MD5" -> HashKind.MD5;
                        case "SHA1", "SHA-1" -> HashKind.SHA1;
                        case "PHOTODNA" -> HashKind.PHOTODNA;
                        default -> null; // NetClean, video hashes, ...: not ours
                    };
            if (kind != null && value != null && valueAt != null) {
                put(hashes, kind, value, valueAt, "AlternativeHashes " + hashName);
            }
        }
    }

    private void hash(EnumMap<HashKind, String> hashes, HashKind kind, JsonToken t, String name)
            throws IOException, ListFormatException {
        String value = string(name, t);
        if (value != null) {
            put(hashes, kind, value, p.currentTokenLocation(), name);
        }
    }

    private void put(EnumMap<HashKind, String> hashes, HashKind kind, String value, JsonLocation at, String field)
            throws ListFormatException {
        HashKind.Problem problem = kind.check(value);
        if (problem != null) {
            throw error(
                    at,
                    field + ": " + problem.reason()
                            + (problem.offset() >= 0 ? " at position " + (problem.offset() + 1) : ""));
        }
        String canonical = kind.canonical(value);
        String earlier = hashes.putIfAbsent(kind, canonical);
        if (earlier != null && !earlier.equals(canonical)) {
            throw error(at, field + ": a second, different " + kind.label() + " hash in one Media record");
        }
    }

    private void tags(List<String> tags, JsonToken t) throws IOException, ListFormatException {
        if (t == JsonToken.START_ARRAY) {
            for (t = nextToken(); t != JsonToken.END_ARRAY; t = nextToken()) {
                addTags(tags, string("Tags", t));
            }
        } else {
            addTags(tags, string("Tags", t));
        }
    }

    private void addTags(List<String> tags, @Nullable String field) throws ListFormatException {
        if (field == null) {
            return;
        }
        for (String tag : TagSyntax.split(field)) {
            String problem = TagSyntax.check(tag);
            if (problem != null) {
                throw here(problem);
            }
            tags.add(tag);
        }
    }

    /** A string field's value (stripped), or null for null or "". */
    private @Nullable String string(String name, JsonToken t) throws IOException, ListFormatException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw here(name + " must be a string");
        }
        String s = p.getText().strip();
        return s.isEmpty() ? null : s;
    }

    /** A number or string field's text, or null for null or "". */
    private @Nullable String scalar(String name, JsonToken t) throws IOException, ListFormatException {
        return switch (t) {
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_STRING -> {
                String s = p.getText();
                yield s.isEmpty() ? null : s;
            }
            default -> throw here(name + " must be a number or a string");
        };
    }

    private JsonToken nextToken() throws IOException, ListFormatException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw error(p.currentLocation(), TRUNCATED);
        }
        return t;
    }

    private void expect(JsonToken actual, JsonToken expected, String reason) throws ListFormatException {
        if (actual != expected) {
            throw here(reason);
        }
    }

    private ListFormatException here(String reason) {
        return error(p.currentTokenLocation(), reason);
    }

    private ListFormatException error(@Nullable JsonLocation at, String reason) {
        if (at == null) {
            return ctx.error(0, 0, reason);
        }
        return ctx.error(Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0), reason);
    }
}
