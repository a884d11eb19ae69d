package io.hashmatch.service.lists;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.hashmatch.list.DurableFiles;
import io.hashmatch.list.FileFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What administrators changed in the served set, kept in {@value #FILE_NAME} of the service's work directory so it
 * survives restarts and crashes: the lists put through the API (name → snapshot file of the work directory) and
 * the names deleted through it. At start, an uploaded list is served from its snapshot and a configured list of a
 * name in either set is not loaded: what an admin did last wins over the configuration, until the next put or
 * delete of that name.
 *
 * <pre>{@code
 * {"format":"hashmatch served lists","version":1,
 *  "uploads":{"blocklist":"blocklist.7.hmsnap"},
 *  "deleted":["demo"]}
 * }</pre>
 *
 * <p>Written atomically: a temporary file of the same folder is written and forced to disk, then renamed over the
 * manifest, and the folder forced; a crash at any point leaves the previous manifest or the new one, never a mix
 * (a torn temporary file is ignored and deleted at the next start). Versioned like hashmatch's other files: a
 * manifest of another {@code version}, or one that is not such a file, is a {@link FileFormatException}.
 *
 * <p>Immutable; thread-safe.
 */
final class ServedListsManifest {
    /** The manifest's file name in the work directory. */
    static final String FILE_NAME = "served-lists.json";
    /** Value of {@code "format"}: says what the file is. */
    static final String FORMAT = "hashmatch served lists";
    /** The format version written and read. */
    static final int VERSION = 1;

    static final ServedListsManifest EMPTY = new ServedListsManifest(Map.of(), Set.of());

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Map<String, String> uploads;
    private final Set<String> deleted;

    private ServedListsManifest(Map<String, String> uploads, Set<String> deleted) {
        this.uploads = Collections.unmodifiableMap(new LinkedHashMap<>(uploads));
        this.deleted = Collections.unmodifiableSet(new LinkedHashSet<>(deleted));
    }

    /** The uploaded lists: name → snapshot file name in the work directory. */
    Map<String, String> uploads() {
        return uploads;
    }

    /** The names deleted through the API (not served, even when configured). */
    Set<String> deleted() {
        return deleted;
    }

    /** Whether an admin's put or delete decides list {@code name} rather than the configuration. */
    boolean overrides(String name) {
        return uploads.containsKey(name) || deleted.contains(name);
    }

    /** This manifest with {@code name} uploaded as {@code snapshotFileName}. */
    ServedListsManifest withUpload(String name, String snapshotFileName) {
        Map<String, String> u = new LinkedHashMap<>(uploads);
        u.put(name, snapshotFileName);
        Set<String> d = new LinkedHashSet<>(deleted);
        d.remove(name);
        return new ServedListsManifest(u, d);
    }

    /** This manifest with {@code name} deleted. */
    ServedListsManifest withDeletion(String name) {
        Map<String, String> u = new LinkedHashMap<>(uploads);
        u.remove(name);
        Set<String> d = new LinkedHashSet<>(deleted);
        d.add(name);
        return new ServedListsManifest(u, d);
    }

    /**
     * Reads the manifest of {@code workDir}; {@link #EMPTY} if there is none.
     *
     * @throws FileFormatException if the file is not a manifest, is damaged, or of another version
     */
    static ServedListsManifest read(Path workDir) throws IOException {
        Path file = workDir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            expect(file, p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            String format = null;
            Integer version = null;
            Map<String, String> uploads = new LinkedHashMap<>();
            Set<String> deleted = new LinkedHashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format" -> {
                        expect(file, value == JsonToken.VALUE_STRING, "\"format\" is not a string");
                        format = p.getText();
                    }
                    case "version" -> {
                        expect(file, value == JsonToken.VALUE_NUMBER_INT, "\"version\" is not a whole number");
                        version = p.getIntValue();
                    }
                    case "uploads" -> {
                        expect(file, value == JsonToken.START_OBJECT, "\"uploads\" is not an object");
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.currentName();
                            expect(
                                    file,
                                    p.nextToken() == JsonToken.VALUE_STRING,
                                    "upload '" + name + "' is not a file");
                            uploads.put(checkedName(file, name), checkedFile(file, p.getText()));
                        }
                    }
                    case "deleted" -> {
                        expect(file, value == JsonToken.START_ARRAY, "\"deleted\" is not an array");
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            deleted.add(checkedName(file, p.getText()));
                        }
                        expect(file, p.currentToken() == JsonToken.END_ARRAY, "\"deleted\" holds a non-name");
                    }
                    default -> p.skipChildren(); // a field of a later compatible writer
                }
            }
            expect(file, p.currentToken() == JsonToken.END_OBJECT, "not a JSON object");
            expect(file, p.nextToken() == null, "trailing content after the object");
            expect(file, FORMAT.equals(format), "no \"format\":\"" + FORMAT + "\"");
            if (version == null) {
                throw FileFormatException.corrupt(file, "no \"version\"");
            }
            if (version != VERSION) {
                throw FileFormatException.unsupportedVersion(
                        file, "served lists manifest", "", version, VERSION, VERSION);
            }
            return new ServedListsManifest(uploads, deleted);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            FileFormatException f = FileFormatException.corrupt(file, "not valid JSON: " + e.getOriginalMessage());
            f.initCause(e);
            throw f;
        }
    }

    /**
     * Writes this manifest into {@code workDir} atomically and durably (see the class comment).
     *
     * @throws IOException if it cannot be written; the previous manifest is then unchanged
     */
    void write(Path workDir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeObjectFieldStart("uploads");
            for (Map.Entry<String, String> e : uploads.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("deleted");
            for (String d : deleted) {
                g.writeString(d);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        bytes.write('\n');
        DurableFiles.replace(workDir.resolve(FILE_NAME), tmp -> Files.write(tmp, bytes.toByteArray()));
    }

    private static void expect(Path file, boolean ok, String what) throws FileFormatException {
        if (!ok) {
            throw FileFormatException.corrupt(file, what);
        }
    }

    private static String checkedName(Path file, String name) throws FileFormatException {
        expect(file, ListSource.NAME.matcher(name).matches(), "invalid list name '" + name + "'");
        return name;
    }

    /** A file name of the work directory: no folder, no way out of it. */
    private static String checkedFile(Path file, String name) throws FileFormatException {
        expect(
                file,
                name.endsWith(ListSource.SNAPSHOT_EXTENSION)
                        && !name.contains("/")
                        && !name.contains("\\")
                        && !name.startsWith("."),
                "'" + name + "' is not a snapshot file of the work directory");
        return name;
    }
}
