package io.hashmatch.scan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The {@code "disk_image"} object of a disk image's record (see {@link DiskImageSummary}). Stateless. */
final class DiskImageJson {
    private DiskImageJson() {}

    static void write(JsonGenerator g, DiskImageSummary d) throws IOException {
        g.writeObjectFieldStart("disk_image");
        writeFields(g, d, false);
        g.writeEndObject();
    }

    /**
     * The summary's fields, into the object {@code g} is writing: the one shape of a disk image in every output (the
     * record's {@code "disk_image"}, the custody's {@code "disk_images"}).
     *
     * @param absentAsNull whether an absent value is written as {@code null} (the custody states every field) or
     *     left out (the record)
     */
    static void writeFields(JsonGenerator g, DiskImageSummary d, boolean absentAsNull) throws IOException {
        g.writeStringField("format", d.format());
        g.writeArrayFieldStart("segments");
        for (String s : d.segments()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeNumberField("media_size", d.mediaSize());
        g.writeStringField("md5_before", d.md5Before());
        g.writeStringField("sha256_before", d.sha256Before());
        optional(g, "md5_after", d.md5After(), absentAsNull);
        optional(g, "sha256_after", d.sha256After(), absentAsNull);
        g.writeBooleanField("unchanged", d.unchanged());
        g.writeObjectFieldStart("metadata");
        for (Map.Entry<String, String> e : new TreeMap<>(d.metadata()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        optional(g, "volume_error", d.volumeError(), absentAsNull);
        g.writeArrayFieldStart("partitions");
        for (DiskImageSummary.Partition p : d.partitions()) {
            g.writeStartObject();
            g.writeStringField("name", p.name());
            g.writeNumberField("offset", p.offset());
            g.writeNumberField("length", p.length());
            g.writeStringField("description", p.description());
            optional(g, "file_system", p.fileSystem(), absentAsNull);
            optional(g, "error", p.error(), absentAsNull);
            g.writeNumberField("files", p.files());
            g.writeNumberField("deleted", p.deleted());
            g.writeNumberField("carved", p.carved());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Reads the object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    static DiskImageSummary read(JsonParser p) throws IOException {
        String format = null;
        List<String> segments = new ArrayList<>();
        long mediaSize = 0;
        String md5Before = null;
        String sha256Before = null;
        String md5After = null;
        String sha256After = null;
        Map<String, String> metadata = new TreeMap<>();
        String volumeError = null;
        List<DiskImageSummary.Partition> partitions = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "format" -> format = p.getText();
                case "segments" -> {
                    expect(t, JsonToken.START_ARRAY, "segments");
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        segments.add(p.getText());
                    }
                }
                case "media_size" -> mediaSize = p.getLongValue();
                case "md5_before" -> md5Before = p.getText();
                case "sha256_before" -> sha256Before = p.getText();
                case "md5_after" -> md5After = p.getText();
                case "sha256_after" -> sha256After = p.getText();
                case "metadata" -> {
                    expect(t, JsonToken.START_OBJECT, "metadata");
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        p.nextToken();
                        metadata.put(key, p.getText());
                    }
                }
                case "volume_error" -> volumeError = p.getText();
                case "partitions" -> {
                    expect(t, JsonToken.START_ARRAY, "partitions");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        partitions.add(readPartition(p));
                    }
                }
                default -> p.skipChildren(); // unchanged: derived
            }
        }
        if (format == null || md5Before == null || sha256Before == null) {
            throw new IllegalArgumentException("disk_image without format or hashes");
        }
        return new DiskImageSummary(
                format,
                segments,
                mediaSize,
                md5Before,
                sha256Before,
                md5After,
                sha256After,
                metadata,
                partitions,
                volumeError);
    }

    private static DiskImageSummary.Partition readPartition(JsonParser p) throws IOException {
        String name = null;
        long offset = 0;
        long length = 0;
        String description = "";
        String fileSystem = null;
        String error = null;
        long[] counts = new long[3];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = p.getText();
                case "offset" -> offset = p.getLongValue();
                case "length" -> length = p.getLongValue();
                case "description" -> description = p.getText();
                case "file_system" -> fileSystem = p.getText();
                case "error" -> error = p.getText();
                case "files" -> counts[0] = p.getLongValue();
                case "deleted" -> counts[1] = p.getLongValue();
                case "carved" -> counts[2] = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("partition without name");
        }
        return new DiskImageSummary.Partition(
                name, offset, length, description, fileSystem, error, counts[0], counts[1], counts[2]);
    }

    private static void optional(JsonGenerator g, String name, @Nullable String value, boolean absentAsNull)
            throws IOException {
        if (value != null || absentAsNull) {
            g.writeStringField(name, value);
        }
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + what + ", found " + actual);
        }
    }
}
