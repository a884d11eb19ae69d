package io.hashmatch.scan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashmatch.list.FileFormatException;
import io.hashmatch.list.format.StrictJson;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The scan's append-only journal: one line of JSON per finished file on disk, written whole by one
 * {@code write} so that a killed process leaves at most one partial last line.
 *
 * <pre>
 * {"journal":"hashmatch-scan","version":1,"settings":"...","started":"2026-11-29T08:00:00Z"}   first line
 * {"resumed":"2026-11-29T08:10:00Z"}                                                          each resume
 * {"seq":17,"records":[{...ScannedFile...},{...}]}                                            each file
 * {"image":"/ev/card.raw","unit":4,"records":[{...},{...}]}                                  a disk image's unit
 * </pre>
 *
 * <p>A disk image is long to scan, so its progress is kept too: each unit of its scan (one file of one of its file
 * systems, a partition's slack, one range of unallocated space, in an order fixed by the image) is journaled when
 * done, with its records (none when nothing was carved there), before the image's own {@code seq} line, which holds
 * all its records. A resumed scan reads the units of an image that has no {@code seq} line yet and does only the
 * others ({@link Contents#imageUnits}).
 *
 * <p>{@code seq} is the file's position in the walk (the walk's order is deterministic), so the records read
 * back sorted by it are the same whether the scan ran once or was killed and resumed. {@code settings} is
 * everything that must be equal for a resume to continue the same scan (video sampling, limits and match
 * thresholds included). Version 2 added the image unit lines (a version-1 reader would refuse them as damaged);
 * records only gained optional fields ({@code video}, {@code video_hits}), which a reader skips when it does not know
 * them. Versions {@value #VERSION_START} to {@value #VERSION} are read; a header with another version is refused
 * with a {@link FileFormatException}: TOO_OLD below {@value #VERSION_START}, TOO_NEW above {@value #VERSION}, CORRUPT
 * when the version is missing or not a whole number.
 *
 * <p>Not thread-safe: one writer thread.
 */
final class Journal implements Closeable {
    static final String MAGIC = "hashmatch-scan";
    static final int VERSION_START = 1;
    static final int VERSION = 2;

    /** One finished file on disk. */
    record Entry(long seq, List<ScannedFile> records) {}

    /**
     * What an existing journal holds.
     *
     * @param imageUnits for each disk image (its path) without its {@code seq} line yet, the records of its units
     *     done, by unit
     */
    record Contents(
            String settings,
            List<Instant> runs,
            List<Entry> entries,
            Map<String, Map<Integer, List<ScannedFile>>> imageUnits,
            long validBytes) {
        /** The paths on disk already finished. */
        Set<String> finishedPaths() {
            Set<String> done = new HashSet<>();
            for (Entry e : entries) {
                done.add(e.records().get(0).path());
            }
            return done;
        }
    }

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /** Creates {@code file} (which must not exist) with its header line. */
    static Journal create(Path file, String settings, Instant started) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Journal j = new Journal(ch);
        j.line(json(g -> {
            g.writeStartObject();
            g.writeStringField("journal", MAGIC);
            g.writeNumberField("version", VERSION);
            g.writeStringField("settings", settings);
            g.writeStringField("started", started.toString());
            g.writeEndObject();
        }));
        return j;
    }

    /** Opens {@code file} for appending after {@code contents.validBytes()} (a partial last line is cut off). */
    static Journal resume(Path file, Contents contents, Instant resumed) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE);
        ch.truncate(contents.validBytes());
        ch.position(contents.validBytes());
        Journal j = new Journal(ch);
        j.line(json(g -> {
            g.writeStartObject();
            g.writeStringField("resumed", resumed.toString());
            g.writeEndObject();
        }));
        return j;
    }

    /** Appends one done unit of the disk image at {@code image} (see the class comment). */
    void appendUnit(String image, int unit, List<ScannedFile> records) throws IOException {
        line(json(g -> {
            g.writeStartObject();
            g.writeStringField("image", image);
            g.writeNumberField("unit", unit);
            g.writeArrayFieldStart("records");
            for (ScannedFile f : records) {
                ScannedFileJson.write(g, f, 0, true);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** Appends one finished file. */
    void append(long seq, List<ScannedFile> records) throws IOException {
        line(json(g -> {
            g.writeStartObject();
            g.writeNumberField("seq", seq);
            g.writeArrayFieldStart("records");
            for (ScannedFile f : records) {
                ScannedFileJson.write(g, f, 0, true);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private void line(String json) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Forces the journal to the device and closes it. */
    @Override
    public void close() throws IOException {
        try {
            channel.force(false);
        } finally {
            channel.close();
        }
    }

    /**
     * Reads a journal. A last line without its newline, or that does not parse, is a write the process did not
     * finish: it is left out ({@link Contents#validBytes()} ends before it).
     *
     * @throws ScanSetupException if the header is missing or another line is damaged
     * @throws FileFormatException if the header's version is not one read here: TOO_OLD, TOO_NEW, or CORRUPT
     *     when it is missing or not a whole number
     */
    static Contents read(Path file) throws IOException, ScanSetupException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Map<Integer, List<ScannedFile>>> units = new HashMap<>();
        List<Instant> runs = new ArrayList<>();
        String settings = null;
        long valid = 0;
        long offset = 0;
        int lineNo = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file, StandardOpenOption.READ), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
            String pendingError = null;
            for (int b; (b = in.read()) >= 0; ) {
                offset++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                lineNo++;
                if (pendingError != null) {
                    throw new ScanSetupException(file + ": damaged journal: " + pendingError);
                }
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                try {
                    if (lineNo == 1) {
                        settings = header(file, text, runs);
                    } else {
                        parseLine(text, runs, entries, units);
                    }
                    valid = offset;
                } catch (FileFormatException e) {
                    throw e;
                } catch (IllegalArgumentException | IOException e) {
                    if (lineNo == 1) {
                        throw new ScanSetupException(file + " is not a hashmatch scan journal: " + e.getMessage());
                    }
                    pendingError = "line " + lineNo + ": " + e.getMessage(); // fatal unless it is the last line
                }
            }
        }
        if (settings == null) {
            throw new ScanSetupException(file + " is not a hashmatch scan journal: no complete header line");
        }
        return new Contents(settings, runs, entries, units, valid);
    }

    private static String header(Path file, String text, List<Instant> runs) throws IOException {
        String magic = null;
        String settings = null;
        JsonToken version = null;
        String versionText = "";
        int found = 0;
        try (JsonParser p = StrictJson.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("no header object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "journal" -> magic = p.getText();
                    case "version" -> {
                        version = p.currentToken();
                        versionText = p.getText();
                        found = version == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                                ? p.getIntValue()
                                : 0;
                    }
                    case "settings" -> settings = p.getText();
                    case "started" -> runs.add(Instant.parse(p.getText()));
                    default -> p.skipChildren();
                }
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad time: " + e.getMessage());
        }
        if (!MAGIC.equals(magic) || settings == null || runs.isEmpty()) {
            throw new IllegalArgumentException("no hashmatch-scan header");
        }
        if (version == null) {
            throw FileFormatException.corrupt(file, "line 1: journal header has no version");
        }
        if (version != JsonToken.VALUE_NUMBER_INT || !versionText.equals(Integer.toString(found))) {
            throw FileFormatException.corrupt(file, "line 1: journal version is not a whole number: " + versionText);
        }
        if (found < VERSION_START || found > VERSION) {
            throw FileFormatException.unsupportedVersion(file, "journal", "line 1", found, VERSION_START, VERSION);
        }
        return settings;
    }

    private static void parseLine(
            String text, List<Instant> runs, List<Entry> entries, Map<String, Map<Integer, List<ScannedFile>>> units)
            throws IOException {
        try (JsonParser p = StrictJson.FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            long seq = -1;
            String image = null;
            int unit = -1;
            List<ScannedFile> records = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "resumed" -> runs.add(Instant.parse(p.getText()));
                    case "seq" -> seq = p.getLongValue();
                    case "image" -> image = p.getText();
                    case "unit" -> unit = p.getIntValue();
                    case "records" -> {
                        if (t != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("records is not an array");
                        }
                        records = new ArrayList<>();
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            records.add(ScannedFileJson.read(p));
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the object");
            }
            if (image != null) {
                if (unit < 0 || records == null || seq >= 0) {
                    throw new IllegalArgumentException("image unit line without its unit or records");
                }
                units.computeIfAbsent(image, k -> new HashMap<>()).put(unit, records);
            } else if (records != null) {
                if (seq < 0 || records.isEmpty()) {
                    throw new IllegalArgumentException("file line without seq or records");
                }
                entries.add(new Entry(seq, records));
                units.remove(records.get(0).path()); // the image is done: its units are in its records
            }
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("bad time: " + e.getMessage());
        }
    }

    /** Writes JSON through a generator into a string. */
    @FunctionalInterface
    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(JsonBody body) throws IOException {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = StrictJson.FACTORY.createGenerator(w)) {
            body.write(g);
        }
        return w.toString();
    }

    static @Nullable Contents readIfPresent(Path file) throws IOException, ScanSetupException {
        return Files.exists(file) ? read(file) : null;
    }
}
