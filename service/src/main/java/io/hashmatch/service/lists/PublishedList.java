package io.hashmatch.service.lists;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.hashmatch.list.DurableFiles;
import io.hashmatch.list.HashListSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The manifest of a published list: which snapshot file every replica of a fleet should serve as list {@code list},
 * and the checksums it must have. {@code hashmatch list publish} writes it as {@code <list>.manifest.json} beside the
 * snapshot, into a folder on shared storage or one a web server serves; {@code serve --follow} reads it
 * ({@link ListFollower}).
 *
 * <pre>{@code
 * {"format":"hashmatch published list","formatVersion":1,"list":"blocklist","version":"7",
 *  "checksum":"1a2b3c4d","sha256":"<64 hex digits>","size":123456,
 *  "snapshot":"blocklist-0123456789abcdef.hmsnap","published":"2026-12-06T00:00:00Z"}
 * }</pre>
 *
 * <p>{@code checksum} is the snapshot's own CRC32C (what {@code /v1/lists} and {@code list info} show),
 * {@code sha256} and {@code size} those of the whole file; {@code snapshot} is relative to the manifest (a file
 * name of the same folder, or a path of the same web server). A snapshot file is written once under a name derived
 * from its content and never rewritten; the manifest is replaced atomically after it, so a reader sees the previous
 * publication or the new one, each complete.
 *
 * <p>Immutable; thread-safe.
 *
 * @param list the list's name (the name in the snapshot's header)
 * @param version the list's version label (in the snapshot's header)
 * @param checksum the snapshot's CRC32C, 8 hex digits
 * @param sha256 the SHA-256 of the snapshot file, 64 hex digits
 * @param size the snapshot file's length in bytes
 * @param snapshot the snapshot's location relative to the manifest
 * @param published when it was published (ISO-8601)
 */
public record PublishedList(
        String list, String version, String checksum, String sha256, long size, String snapshot, String published) {
    /** Value of {@code "format"}: says what the file is. */
    static final String FORMAT = "hashmatch published list";
    /** The format version written and read. */
    static final int FORMAT_VERSION = 1;
    /** Suffix of a manifest's file name: {@code <list>.manifest.json}. */
    public static final String MANIFEST_SUFFIX = ".manifest.json";
    /** Manifests are small: a longer answer is not one. */
    static final int MAX_MANIFEST_BYTES = 64 * 1024;

    private static final Pattern HEX8 = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** A published snapshot file name: no folder, no way out of the manifest's folder. */
    private static final Pattern SNAPSHOT_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.hmsnap");

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Checks the fields. */
    public PublishedList {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(published, "published");
        ListSource.checkName(list);
        require(HEX8.matcher(checksum).matches(), "checksum is not 8 lowercase hex digits: " + checksum);
        require(HEX64.matcher(sha256).matches(), "sha256 is not 64 lowercase hex digits: " + sha256);
        require(size > 0, "size is not positive: " + size);
        require(SNAPSHOT_FILE.matcher(snapshot).matches(), "snapshot is not a .hmsnap file name: " + snapshot);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    /** The manifest's file name for list {@code name}. */
    public static String manifestFileName(String name) {
        return name + MANIFEST_SUFFIX;
    }

    /**
     * Publishes {@code snapshotFile} into {@code dir}: verifies it completely, copies it to
     * {@code <list>-<sha256 prefix>.hmsnap} (written to a temporary file, forced, renamed), then replaces
     * {@code <list>.manifest.json} the same way. The snapshot of the previous publication is kept (replicas may be
     * downloading it); older snapshots of the list in {@code dir} are deleted, and so are the temporary files of an
     * earlier publication of the list that was killed half way ({@link DurableFiles#deleteAbandonedTemporariesOf}).
     * Publications of one list into one folder are one at
     * a time (two at once could each delete the other's files).
     *
     * @return the manifest written
     * @throws io.hashmatch.list.FileFormatException if {@code snapshotFile} is not a complete, undamaged snapshot
     * @throws IOException if {@code dir} cannot be written (the previous publication is then unchanged)
     */
    public static PublishedList publish(Path snapshotFile, Path dir, Instant now) throws IOException {
        String name;
        String version;
        String checksum;
        try (HashListSnapshot s = HashListSnapshot.open(snapshotFile)) {
            name = s.name();
            version = s.version();
            checksum = s.checksum();
        }
        Files.createDirectories(dir);
        DurableFiles.deleteAbandonedTemporariesOf(dir, name);
        Path tmp = DurableFiles.newTemporary(dir, name);
        try {
            String sha256;
            long size;
            try (InputStream in = Files.newInputStream(snapshotFile);
                    OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
                DigestInputStream digest = new DigestInputStream(in, newSha256());
                size = digest.transferTo(out);
                sha256 = HexFormat.of().formatHex(digest.getMessageDigest().digest());
            }
            force(tmp);
            String fileName = name + "-" + sha256.substring(0, 16) + ListSource.SNAPSHOT_EXTENSION;
            Files.move(tmp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            PublishedList previous = readPrevious(dir.resolve(manifestFileName(name)));
            PublishedList next = new PublishedList(name, version, checksum, sha256, size, fileName, now.toString());
            DurableFiles.replace(dir.resolve(manifestFileName(name)), t -> Files.write(t, next.toJson()));
            deleteOlderSnapshots(dir, name, List.of(fileName, previous == null ? fileName : previous.snapshot()));
            return next;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static @Nullable PublishedList readPrevious(Path manifest) {
        try {
            return parse(Files.readAllBytes(manifest), manifest.toString());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged manifest is replaced; its snapshot is then not kept
        }
    }

    private static void deleteOlderSnapshots(Path dir, String name, List<String> keep) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(name) + "-[0-9a-f]{16}\\.hmsnap");
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.toList();
        }
        for (Path f : files) {
            String n = f.getFileName().toString();
            if (ours.matcher(n).matches() && !keep.contains(n)) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** The manifest as JSON (one line). */
    byte[] toJson() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("formatVersion", FORMAT_VERSION);
            g.writeStringField("list", list);
            g.writeStringField("version", version);
            g.writeStringField("checksum", checksum);
            g.writeStringField("sha256", sha256);
            g.writeNumberField("size", size);
            g.writeStringField("snapshot", snapshot);
            g.writeStringField("published", published);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array cannot fail
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    /**
     * Parses a manifest.
     *
     * @param where the manifest's location, for messages
     * @throws IOException with a one-line reason if {@code json} is not a manifest of this format version
     */
    static PublishedList parse(byte[] json, String where) throws IOException {
        if (json.length > MAX_MANIFEST_BYTES) {
            throw new IOException(
                    where + ": not a published list manifest (longer than " + MAX_MANIFEST_BYTES + " bytes)");
        }
        String format = null;
        Integer formatVersion = null;
        String list = null;
        String version = null;
        String checksum = null;
        String sha256 = null;
        Long size = null;
        String snapshot = null;
        String published = null;
        try (JsonParser p = JSON.createParser(json)) {
            expect(where, p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "format" -> format = text(where, p, value, field);
                    case "formatVersion" -> {
                        expect(where, value == JsonToken.VALUE_NUMBER_INT, "\"formatVersion\" is not a whole number");
                        formatVersion = p.getIntValue();
                    }
                    case "list" -> list = text(where, p, value, field);
                    case "version" -> version = text(where, p, value, field);
                    case "checksum" -> checksum = text(where, p, value, field);
                    case "sha256" -> sha256 = text(where, p, value, field);
                    case "size" -> {
                        expect(where, value == JsonToken.VALUE_NUMBER_INT, "\"size\" is not a whole number");
                        size = p.getLongValue();
                    }
                    case "snapshot" -> snapshot = text(where, p, value, field);
                    case "published" -> published = text(where, p, value, field);
                    default -> p.skipChildren(); // a field of a later compatible writer
                }
            }
            expect(where, p.currentToken() == JsonToken.END_OBJECT, "not a JSON object");
            expect(where, p.nextToken() == null, "trailing content after the object");
        } catch (JacksonException e) {
            throw new IOException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        expect(where, FORMAT.equals(format), "no \"format\":\"" + FORMAT + "\"");
        expect(where, formatVersion != null, "no \"formatVersion\"");
        expect(
                where,
                Objects.equals(formatVersion, FORMAT_VERSION),
                "format version " + formatVersion + " is not supported (this hashmatch reads " + FORMAT_VERSION + ")");
        if (list == null || version == null || checksum == null || sha256 == null || size == null || snapshot == null) {
            throw new IOException(where + ": a published list manifest needs list, version, checksum, sha256, size"
                    + " and snapshot");
        }
        try {
            return new PublishedList(
                    list, version, checksum, sha256, size, snapshot, published == null ? "" : published);
        } catch (IllegalArgumentException e) {
            throw new IOException(where + ": " + e.getMessage(), e);
        }
    }

    private static String text(String where, JsonParser p, JsonToken value, String field) throws IOException {
        expect(where, value == JsonToken.VALUE_STRING, "\"" + field + "\" is not a string");
        return p.getText();
    }

    private static void expect(String where, boolean ok, String what) throws IOException {
        if (!ok) {
            throw new IOException(where + ": not a published list manifest: " + what);
        }
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }
}
