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
        AcquisitionHash a = d.acquisitionHash();
        if (a != null) {
            g.writeObjectFieldStart("acquisition_hash");
            g.writeStringField("outcome", a.outcome().code());
            optional(g, "md5", a.md5(), absentAsNull);
            optional(g, "sha1", a.sha1(), absentAsNull);
            optional(g, "detail", a.detail(), absentAsNull);
            g.writeEndObject();
        } else if (absentAsNull) {
            g.writeNullField("acquisition_hash");
        }
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
        DiskImageSummary.OutsidePartitions o = d.outsidePartitions();
        if (o != null) {
            g.writeObjectFieldStart("outside_partitions");
            g.writeNumberField("bytes", o.bytes());
            g.writeNumberField("carved", o.carved());
            g.writeEndObject();
        } else if (absentAsNull) {
            g.writeNullField("outside_partitions");
        }
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
        AcquisitionHash acquisitionHash = null;
        DiskImageSummary.OutsidePartitions outside = null;
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
                case "acquisition_hash" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_OBJECT, "acquisition_hash");
                        acquisitionHash = readAcquisitionHash(p);
                    }
                }
                case "outside_partitions" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        expect(t, JsonToken.START_OBJECT, "outside_partitions");
                        outside = readOutside(p);
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
                acquisitionHash,
                partitions,
                volumeError,
                outside);
    }

    private static AcquisitionHash readAcquisitionHash(JsonParser p) throws IOException {
        String outcome = null;
        String[] texts = new String[3];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            String text = t == JsonToken.VALUE_NULL ? null : p.getText();
            switch (field) {
                case "outcome" -> outcome = text;
                case "md5" -> texts[0] = text;
                case "sha1" -> texts[1] = text;
                case "detail" -> texts[2] = text;
                default -> p.skipChildren();
            }
        }
        if (outcome == null) {
            throw new IllegalArgumentException("acquisition_hash without outcome");
        }
        return new AcquisitionHash(AcquisitionHash.Outcome.fromCode(outcome), texts[0], texts[1], texts[2]);
    }

    private static DiskImageSummary.OutsidePartitions readOutside(JsonParser p) throws IOException {
        long[] v = new long[2];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "bytes" -> v[0] = p.getLongValue();
                case "carved" -> v[1] = p.getLongValue();
                default -> p.skipChildren();
            }
        }
        return new DiskImageSummary.OutsidePartitions(v[0], v[1]);
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
