package io.hashmatch.scan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.HashVariant;
import io.hashmatch.list.format.StrictJson;
import io.hashmatch.match.MatchHit;
import io.hashmatch.match.VideoHit;
import io.hashmatch.video.VideoComparison;
import io.hashmatch.video.VpdqFile;
import io.hashmatch.video.VpdqFormatException;
import io.hashmatch.video.VpdqFrame;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a {@link ScannedFile} (see {@link ScannedFile#toJson}), written and read through
 * {@link StrictJson#FACTORY}. Stateless; thread-safe.
 */
final class ScannedFileJson {
    private ScannedFileJson() {}

    static String write(ScannedFile f, int nearGroup, boolean withThumbnail) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(out)) {
            write(g, f, nearGroup, withThumbnail);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** Writes one record object to {@code g}. */
    static void write(JsonGenerator g, ScannedFile f, int nearGroup, boolean withThumbnail) throws IOException {
        g.writeStartObject();
        g.writeStringField("path", f.path());
        optional(g, "entry", f.entry());
        g.writeNumberField("size", f.size());
        g.writeStringField("kind", f.kind().label());
        optional(g, "format", f.format());
        optional(g, "md5", f.md5());
        optional(g, "sha1", f.sha1());
        optional(g, "sha256", f.sha256());
        if (f.pdq() != null) {
            g.writeStringField("pdq", f.pdq());
            g.writeNumberField("quality", f.quality());
            g.writeNumberField("width", f.width());
            g.writeNumberField("height", f.height());
        }
        if (f.error() != null) {
            g.writeStringField("error", f.error());
            g.writeStringField("error_message", f.errorMessage());
        }
        g.writeArrayFieldStart("hits");
        for (MatchHit h : f.hits()) {
            g.writeStartObject();
            g.writeStringField("list", h.list());
            g.writeNumberField("entry", h.entry());
            g.writeNumberField("distance", h.distance());
            g.writeStringField("kind", kindName(h.kind()));
            optional(g, "category", h.category());
            optional(g, "source", h.sourceList());
            g.writeBooleanField("suppressing", h.suppressing());
            g.writeBooleanField("suppressed", h.suppressed());
            if (namesVariants(h)) {
                writeVariant(g, "query_variant", h.queryVariant());
                writeVariant(g, "entry_variant", h.entryVariant());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (f.video() != null) {
            writeVideo(g, f.video(), f.sha256());
        }
        if (!f.videoHits().isEmpty()) {
            g.writeArrayFieldStart("video_hits");
            for (VideoHit h : f.videoHits()) {
                VideoComparison c = h.comparison();
                g.writeStartObject();
                g.writeStringField("list", h.list());
                g.writeNumberField("entry", h.entry());
                optional(g, "category", h.category());
                optional(g, "source", h.sourceList());
                g.writeNumberField("query_matched_pct", c.queryMatchedPercent());
                g.writeNumberField("compared_matched_pct", c.comparedMatchedPercent());
                g.writeNumberField("query_matched", c.queryMatched());
                g.writeNumberField("query_frames", c.queryFrames());
                g.writeNumberField("compared_matched", c.comparedMatched());
                g.writeNumberField("compared_frames", c.comparedFrames());
                g.writeBooleanField("suppressing", h.suppressing());
                g.writeBooleanField("suppressed", h.suppressed());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeBooleanField("matched", f.matched());
        if (f.knownGood() != null) {
            g.writeStringField("known_good", f.knownGood());
        }
        if (f.origin() != null) {
            writeOrigin(g, f.origin());
        }
        if (f.extensionMismatch()) {
            g.writeBooleanField("extension_mismatch", true);
        }
        if (f.diskImage() != null) {
            DiskImageJson.write(g, f.diskImage());
        }
        if (nearGroup > 0) {
            g.writeNumberField("near_group", nearGroup);
        }
        if (withThumbnail) {
            optional(g, "thumbnail", f.thumbnail());
        }
        g.writeEndObject();
    }

    /**
     * Whether a hit is written with its variants: a PDQ hit of which either side is a variant (a region or a
     * transform), not the whole images as they are.
     */
    static boolean namesVariants(MatchHit h) {
        HashVariant query = h.queryVariant();
        HashVariant entry = h.entryVariant();
        return query != null && entry != null && !(query.isOriginal() && entry.isOriginal());
    }

    /** One variant as {@code {"kind":..,"transform":..,"rect":[x,y,w,h]}}, {@code rect} when stated. */
    private static void writeVariant(JsonGenerator g, String name, @Nullable HashVariant v) throws IOException {
        if (v == null) {
            return;
        }
        g.writeObjectFieldStart(name);
        v.writeFields(g);
        g.writeEndObject();
    }

    /** Reads a {@link #writeVariant} object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    private static HashVariant readVariant(JsonParser p, JsonToken t) throws IOException {
        expect(t, JsonToken.START_OBJECT, "a variant");
        String kind = null;
        String transform = null;
        int[] rect = new int[4];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "kind" -> kind = p.getText();
                case "transform" -> transform = p.getText();
                case "rect" -> {
                    expect(v, JsonToken.START_ARRAY, "rect");
                    for (int i = 0; i < 4; i++) {
                        expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT, "4 integers in rect");
                        rect[i] = p.getIntValue();
                    }
                    expect(p.nextToken(), JsonToken.END_ARRAY, "4 integers in rect");
                }
                default -> p.skipChildren();
            }
        }
        if (kind == null || transform == null) {
            throw new IllegalArgumentException("variant without kind or transform");
        }
        return new HashVariant(kind, transform, rect[0], rect[1], rect[2], rect[3]);
    }

    private static void writeOrigin(JsonGenerator g, DiskOrigin o) throws IOException {
        g.writeStringField("allocation", o.allocation().label());
        g.writeBooleanField("deleted", o.allocation() == DiskOrigin.Allocation.DELETED);
        optional(g, "partition", o.partition());
        if (o.offset() >= 0) {
            g.writeNumberField("offset", o.offset());
        }
        optional(g, "created", o.created() == null ? null : o.created().toString());
        optional(g, "modified", o.modified() == null ? null : o.modified().toString());
        optional(g, "accessed", o.accessed() == null ? null : o.accessed().toString());
        optional(g, "changed", o.changed() == null ? null : o.changed().toString());
    }

    private static void writeVideo(JsonGenerator g, ScannedVideo v, @Nullable String sha256) throws IOException {
        g.writeObjectFieldStart("video");
        g.writeNumberField("seconds_per_hash", v.secondsPerHash());
        g.writeNumberField("fps", v.framesPerSecond());
        g.writeNumberField("decoded_frames", v.decodedFrames());
        g.writeNumberField("width", v.width());
        g.writeNumberField("height", v.height());
        g.writeNumberField("vpdq_frames", v.frames().size());
        if (sha256 != null) {
            g.writeStringField("vpdq_file", ScannedVideo.reportFile(sha256));
        }
        g.writeArrayFieldStart("vpdq");
        for (VpdqFrame frame : v.frames()) {
            g.writeString(VpdqFile.line(frame));
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static ScannedVideo readVideo(JsonParser p) throws IOException {
        float secondsPerHash = -1;
        double fps = 0;
        int decoded = 0;
        int width = 0;
        int height = 0;
        List<String> lines = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "seconds_per_hash" -> secondsPerHash = p.getFloatValue();
                case "fps" -> fps = p.getDoubleValue();
                case "decoded_frames" -> decoded = p.getIntValue();
                case "width" -> width = p.getIntValue();
                case "height" -> height = p.getIntValue();
                case "vpdq" -> {
                    expect(t, JsonToken.START_ARRAY, "vpdq lines");
                    lines = new ArrayList<>();
                    while (p.nextToken() == JsonToken.VALUE_STRING) {
                        lines.add(p.getText());
                    }
                }
                default -> p.skipChildren(); // vpdq_frames, vpdq_file: derived
            }
        }
        if (lines == null || !(fps > 0) || secondsPerHash < 0) {
            throw new IllegalArgumentException("video without vpdq, fps or seconds_per_hash");
        }
        List<VpdqFrame> frames = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            VpdqFrame parsed;
            try {
                parsed = VpdqFile.parse(lines.get(i), "video", i + 1);
            } catch (VpdqFormatException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            // the exact float32 timestamp, as the hasher computed it (the line holds it rounded to 3 decimals)
            frames.add(new VpdqFrame(
                    parsed.frameIndex(), parsed.quality(), parsed.hash(), (float) parsed.frameIndex() / (float) fps));
        }
        return new ScannedVideo(secondsPerHash, fps, decoded, width, height, frames);
    }

    private static VideoHit readVideoHit(JsonParser p) throws IOException {
        HitFields hit = new HitFields();
        double queryPct = 0;
        double comparedPct = 0;
        int[] counts = new int[4];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "query_matched_pct" -> queryPct = p.getDoubleValue();
                case "compared_matched_pct" -> comparedPct = p.getDoubleValue();
                case "query_matched" -> counts[0] = p.getIntValue();
                case "query_frames" -> counts[1] = p.getIntValue();
                case "compared_matched" -> counts[2] = p.getIntValue();
                case "compared_frames" -> counts[3] = p.getIntValue();
                default -> hit.readOrSkip(name, p);
            }
        }
        return new VideoHit(
                hit.list("video hit"),
                hit.entry,
                new VideoComparison(queryPct, comparedPct, counts[0], counts[1], counts[2], counts[3]),
                hit.category,
                hit.source,
                hit.suppressing,
                hit.suppressed);
    }

    /** The fields that image and exact hits ({@link MatchHit}) and video hits ({@link VideoHit}) share. */
    private static final class HitFields {
        @Nullable
        String list;

        int entry;

        @Nullable
        String category;

        @Nullable
        String source;

        boolean suppressing;
        boolean suppressed;

        /** Reads the value of {@code name} (the parser is on it) if it is a shared field, else skips it. */
        void readOrSkip(String name, JsonParser p) throws IOException {
            switch (name) {
                case "list" -> list = p.getText();
                case "entry" -> entry = p.getIntValue();
                case "category" -> category = p.getText();
                case "source" -> source = p.getText();
                case "suppressing" -> suppressing = p.getBooleanValue();
                case "suppressed" -> suppressed = p.getBooleanValue();
                default -> p.skipChildren();
            }
        }

        String list(String what) {
            if (list == null) {
                throw new IllegalArgumentException(what + " without list");
            }
            return list;
        }
    }

    private static void optional(JsonGenerator g, String name, @Nullable String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    static ScannedFile read(String json) {
        try (JsonParser p = StrictJson.FACTORY.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "a record");
            ScannedFile f = read(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the record");
            }
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON record: " + e.getMessage(), e);
        }
    }

    /** Reads one record object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
    static ScannedFile read(JsonParser p) throws IOException {
        ScannedFile.Builder b = new ScannedFile.Builder();
        String kind = null;
        List<MatchHit> hits = new ArrayList<>();
        List<VideoHit> videoHits = new ArrayList<>();
        String allocation = null;
        String partition = null;
        long offset = -1;
        Instant[] times = new Instant[4];
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "path" -> b.path = p.getText();
                case "entry" -> b.entry = p.getText();
                case "size" -> b.size = p.getLongValue();
                case "kind" -> kind = p.getText();
                case "format" -> b.format = p.getText();
                case "md5" -> b.md5 = p.getText();
                case "sha1" -> b.sha1 = p.getText();
                case "sha256" -> b.sha256 = p.getText();
                case "pdq" -> b.pdq = p.getText();
                case "quality" -> b.quality = p.getIntValue();
                case "width" -> b.width = p.getIntValue();
                case "height" -> b.height = p.getIntValue();
                case "error" -> b.error = p.getText();
                case "error_message" -> b.errorMessage = p.getText();
                case "thumbnail" -> b.thumbnail = p.getText();
                case "hits" -> {
                    expect(t, JsonToken.START_ARRAY, "hits");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        hits.add(readHit(p));
                    }
                }
                case "video" -> {
                    expect(t, JsonToken.START_OBJECT, "video");
                    b.video = readVideo(p);
                }
                case "video_hits" -> {
                    expect(t, JsonToken.START_ARRAY, "video_hits");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        videoHits.add(readVideoHit(p));
                    }
                }
                case "known_good" -> b.knownGood = p.getText();
                case "allocation" -> allocation = p.getText();
                case "partition" -> partition = p.getText();
                case "offset" -> offset = p.getLongValue();
                case "created" -> times[0] = instant(p.getText());
                case "modified" -> times[1] = instant(p.getText());
                case "accessed" -> times[2] = instant(p.getText());
                case "changed" -> times[3] = instant(p.getText());
                case "disk_image" -> {
                    expect(t, JsonToken.START_OBJECT, "disk_image");
                    b.diskImage = DiskImageJson.read(p);
                }
                default -> p.skipChildren(); // matched, near_group, deleted, extension_mismatch: derived
            }
        }
        if (b.path == null || kind == null) {
            throw new IllegalArgumentException("record without path or kind");
        }
        if (b.pdq == null) {
            // written only with a PDQ hash: without one they are not part of the record (as write() sees it)
            b.quality = -1;
            b.width = 0;
            b.height = 0;
        }
        b.kind = MediaKind.fromLabel(kind);
        b.hits = hits;
        b.videoHits = videoHits;
        if (allocation != null) {
            b.origin = new DiskOrigin(
                    DiskOrigin.Allocation.fromLabel(allocation),
                    partition,
                    offset,
                    times[0],
                    times[1],
                    times[2],
                    times[3]);
        }
        return b.build();
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: " + text, e);
        }
    }

    private static MatchHit readHit(JsonParser p) throws IOException {
        HitFields hit = new HitFields();
        int distance = 0;
        String kind = null;
        HashVariant queryVariant = null;
        HashVariant entryVariant = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "distance" -> distance = p.getIntValue();
                case "kind" -> kind = p.getText();
                case "query_variant" -> queryVariant = readVariant(p, t);
                case "entry_variant" -> entryVariant = readVariant(p, t);
                default -> hit.readOrSkip(name, p);
            }
        }
        if (kind == null) {
            throw new IllegalArgumentException("hit without kind");
        }
        HashKind hashKind = hashKind(kind);
        if ((queryVariant == null) != (entryVariant == null) || (queryVariant != null && hashKind != HashKind.PDQ)) {
            throw new IllegalArgumentException("a hit names both variants or neither, and only a PDQ hit names them");
        }
        if (queryVariant == null) { // the whole images as they are (or an exact hit)
            return new MatchHit(
                    hit.list("hit"),
                    hit.entry,
                    distance,
                    hashKind,
                    hit.category,
                    hit.source,
                    hit.suppressing,
                    hit.suppressed);
        }
        return new MatchHit(
                hit.list("hit"),
                hit.entry,
                distance,
                hashKind,
                hit.category,
                hit.source,
                hit.suppressing,
                hit.suppressed,
                queryVariant,
                entryVariant);
    }

    /** {@code pdq}, {@code md5}, {@code sha1}, {@code sha256}: as {@code hashmatch match} writes them. */
    static String kindName(HashKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static HashKind hashKind(String name) {
        for (HashKind k : HashKind.values()) {
            if (kindName(k).equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown hash kind " + name);
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + what + ", found " + actual);
        }
    }
}
