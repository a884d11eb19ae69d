package io.hashmatch.service.exchange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.list.DurableFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;

/**
 * The durable state of one exchange source: its checkpoint, the entries it holds (exchange id → hashes, category,
 * dates) and its counters, kept in an append-only file of checksummed frames ({@code <work-dir>/exchanges/<name>
 * .ledger}).
 *
 * <p><b>Commit protocol.</b> A sync applies a batch of the exchange's records in two steps: {@link #commit} writes
 * one frame holding the batch's resolved changes, the checkpoint that follows it and, for every hash key the batch
 * changes, how many live entries of that key the list had <i>before</i> (forced to disk); then the sync changes the
 * list (one atomic {@code ListDelta} batch) and, at the end of the run, {@link #applied} writes a frame saying so. A
 * crash between the two leaves a commit without its "applied": on the next sync, {@link #pending()} gives the
 * counts the list must reach for each key (before + the batch's net change), which is the same target whether or not
 * the list change reached the disk, so the sync brings each key to it and neither loses nor doubles an entry. Counts
 * per key rather than entry numbers, because a whole list re-uploaded over a live one renumbers its entries.
 *
 * <p><b>File</b> (integers little-endian): 8-byte magic {@code 89 48 4D 58 4C 44 47 0A} ("\x89HMXLDG\n"), int32
 * version ({@value #VERSION_CURRENT}), int32 CRC32C of the 12 bytes before; then frames: int32 length L, L bytes of
 * UTF-8 JSON, int32 CRC32C of the length and the JSON. A frame is committed once its checksum is on disk; a torn last
 * frame (short, running past the end, a checksum that fails with nothing after it, or zeros to the end) is cut off at
 * open; a failing checksum or a negative length followed by more than zeros is damage ({@link IOException}): the
 * frames are read by {@link DurableFiles#replayFrames}, as a list delta's batches are. When the frames outgrow the state, the file is rewritten as one state frame to a temporary
 * file moved atomically over it. An entry is {@code ["add"|"meta", id, pdq, md5, category, created, updated]},
 * followed in version 2 by {@code [[descriptor id, owner app id or null], ...]} when the entry has ThreatExchange
 * descriptors.
 *
 * <p><b>Versions.</b> 1: entries without descriptors. 2: an entry may end with its descriptors (where ThreatExchange
 * reactions go). A version 1 file is read and rewritten as version 2 (its entries kept, without descriptors) when it is
 * opened, or, if its last commit waits for its list change, once that is made ({@link #applied}): every frame of a
 * file is of its header's version.
 *
 * <p>Not thread-safe: one sync of a source at a time holds it.
 */
final class SyncLedger implements AutoCloseable {
    static final String EXTENSION = ".ledger";
    private static final long MAGIC = 0x0A47444C584D4889L; // bytes 89 48 4D 58 4C 44 47 0A read little-endian
    static final int VERSION_START = 1;
    static final int VERSION_CURRENT = 2;
    private static final int HEADER = 16;
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * What the source holds for one exchange id.
     *
     * @param descriptors ThreatExchange: the descriptors of the indicator (where reactions go); else empty
     */
    record Item(
            EntryKey key,
            @Nullable String category,
            @Nullable Instant created,
            @Nullable Instant updated,
            List<ExchangeEntry.Descriptor> descriptors) {
        Item {
            descriptors = List.copyOf(descriptors);
        }

        /** An item without descriptors. */
        Item(EntryKey key, @Nullable String category, @Nullable Instant created, @Nullable Instant updated) {
            this(key, category, created, updated, List.of());
        }
    }

    /** A resolved change of a batch. */
    sealed interface Op permits Add, Remove, Meta {
        String id();
    }

    /** A new entry for {@code id} (after a {@link Remove} of its old one when its hashes changed). */
    record Add(String id, Item item) implements Op {}

    /** The entry of {@code id} leaves the list. */
    record Remove(String id) implements Op {}

    /** New category or dates for {@code id}, same hashes: the list does not change. */
    record Meta(String id, Item item) implements Op {}

    /**
     * A committed batch whose list change may not have been made.
     *
     * @param target for each key the batch changes, the live entries of that key the list must have
     * @param addedIds for each key, the ids the batch adds with it (labels for the entries to add)
     */
    record Pending(Map<EntryKey, Integer> target, Map<EntryKey, List<String>> addedIds) {}

    /**
     * The source's counters.
     *
     * @param added entries added to the list by syncs, ever
     * @param removed entries removed, ever
     * @param malformed records skipped as unreadable, ever
     * @param lastApplied when a sync last finished applying, or null
     */
    record Totals(
            long added,
            long removed,
            long malformed,
            @Nullable Instant lastApplied) {}

    private final Path path;
    private FileChannel channel;
    private long size;
    private String list;
    private @Nullable String checkpoint;
    private final Map<String, Item> entries = new HashMap<>();
    private long added;
    private long removed;
    private long malformed;
    private @Nullable Instant lastApplied;
    private @Nullable Pending pending;
    private long opsSinceState;
    /** The file's version: frames are appended as it reads them. */
    private int fileVersion = VERSION_CURRENT;

    private SyncLedger(Path path, FileChannel channel, String list) {
        this.path = path;
        this.channel = channel;
        this.list = list;
    }

    /**
     * Opens the ledger at {@code path}, creating an empty one for target list {@code list} if there is none, and
     * cuts off a torn last frame.
     *
     * @throws IOException if it cannot be read or written, or is damaged
     */
    @SuppressWarnings("MustBeClosedChecker") // the channel moves into the ledger, whose close() closes it
    static SyncLedger open(Path path, String list) throws IOException {
        Files.createDirectories(Objects.requireNonNull(path.toAbsolutePath().getParent()));
        FileChannel ch =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        SyncLedger l = new SyncLedger(path, ch, list);
        try {
            if (ch.size() < HEADER) {
                l.rewrite(list);
            } else {
                l.fileVersion = l.replay();
                if (l.fileVersion < VERSION_CURRENT && l.pending == null) {
                    l.rewrite(l.list);
                }
            }
            return l;
        } catch (IOException | RuntimeException e) {
            l.channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    /** The list the entries were put in. */
    String list() {
        return list;
    }

    /** Where to resume, or null before the first committed batch. */
    @Nullable
    String checkpoint() {
        return checkpoint;
    }

    /** The entries the source holds, by exchange id (unmodifiable, live view). */
    Map<String, Item> entries() {
        return Collections.unmodifiableMap(entries);
    }

    Totals totals() {
        return new Totals(added, removed, malformed, lastApplied);
    }

    /** The last commit, if its list change was not confirmed by {@link #applied}. */
    @Nullable
    Pending pending() {
        return pending;
    }

    /** Forgets everything (the target list was deleted or replaced): the next sync starts from scratch. */
    void reset(String newList) throws IOException {
        entries.clear();
        checkpoint = null;
        pending = null;
        added = removed = malformed = 0;
        lastApplied = null;
        rewrite(newList);
    }

    /**
     * Durably records a batch (see the class comment) and applies it to the entries.
     *
     * @param checkpoint where to resume after the batch
     * @param ops the batch's resolved changes, in order
     * @param before for each key the batch changes, the live entries of that key in the list now
     * @param skipped malformed records of the batch
     */
    void commit(String checkpoint, List<Op> ops, Map<EntryKey, Integer> before, int skipped) throws IOException {
        byte[] json = json(g -> {
            g.writeStartObject();
            g.writeStringField("type", "commit");
            g.writeStringField("checkpoint", checkpoint);
            g.writeNumberField("malformed", skipped);
            g.writeArrayFieldStart("ops");
            for (Op op : ops) {
                writeOp(g, op, fileVersion);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("before");
            for (Map.Entry<EntryKey, Integer> b : before.entrySet()) {
                g.writeStartArray();
                writeKey(g, b.getKey());
                g.writeNumber(b.getValue());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        append(json);
        applyCommit(checkpoint, ops, before, skipped);
    }

    /** Records that the list change of the last commit is made (and the run's end), and compacts the file if due. */
    void applied(Instant at) throws IOException {
        pending = null;
        lastApplied = at;
        if (opsSinceState > 2L * entries.size() + 100_000 || fileVersion < VERSION_CURRENT) {
            rewrite(list);
            return;
        }
        append(json(g -> {
            g.writeStartObject();
            g.writeStringField("type", "applied");
            g.writeNumberField("at", at.toEpochMilli());
            g.writeEndObject();
        }));
    }

    private void applyCommit(String cp, List<Op> ops, Map<EntryKey, Integer> before, int skipped) {
        Map<EntryKey, Integer> target = new LinkedHashMap<>(before);
        Map<EntryKey, List<String>> addedIds = new HashMap<>();
        for (Op op : ops) {
            switch (op) {
                case Add a -> {
                    entries.put(a.id(), a.item());
                    target.merge(a.item().key(), 1, Integer::sum);
                    addedIds.computeIfAbsent(a.item().key(), k -> new ArrayList<>())
                            .add(a.id());
                    added++;
                }
                case Remove r -> {
                    Item old = entries.remove(r.id());
                    if (old != null) {
                        target.merge(old.key(), -1, Integer::sum);
                        removed++;
                    }
                }
                case Meta m -> entries.put(m.id(), m.item());
            }
        }
        opsSinceState += ops.size();
        malformed += skipped;
        checkpoint = cp;
        pending = new Pending(target, addedIds);
    }

    // ---- file ----

    /** {@code json} as a frame: its length, itself, and the CRC32C of both. */
    private static ByteBuffer frame(byte[] json) {
        ByteBuffer frame = ByteBuffer.allocate(json.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(json.length).put(json);
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), 0, json.length + 4);
        return frame.putInt((int) crc.getValue()).flip();
    }

    private void append(byte[] json) throws IOException {
        ByteBuffer frame = frame(json);
        long at = size;
        while (frame.hasRemaining()) {
            at += channel.write(frame, at);
        }
        channel.force(false);
        size = at;
    }

    /** Writes the whole state as one frame to a new file that replaces the old one ({@link DurableFiles#replace}). */
    private void rewrite(String newList) throws IOException {
        list = newList;
        byte[] state = json(this::writeState);
        DurableFiles.replace(path, tmp -> {
            try (FileChannel t = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer h = header();
                while (h.hasRemaining()) {
                    t.write(h);
                }
                ByteBuffer frame = frame(state);
                while (frame.hasRemaining()) {
                    t.write(frame);
                }
            }
        });
        channel.close(); // the old file's, renamed over
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        size = channel.size();
        opsSinceState = 0;
        fileVersion = VERSION_CURRENT;
    }

    private static ByteBuffer header() {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(MAGIC).putInt(VERSION_CURRENT);
        CRC32C crc = new CRC32C();
        crc.update(h.array(), 0, 12);
        h.putInt((int) crc.getValue()).flip();
        return h;
    }

    /** Reads the file into the state and returns its version. */
    private int replay() throws IOException {
        byte[] header = DurableFiles.read(channel, path, 0, HEADER);
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C hc = new CRC32C();
        hc.update(header, 0, 12);
        if (h.getLong(0) != MAGIC || h.getInt(12) != (int) hc.getValue()) {
            throw new IOException(path + ": not a hashmatch exchange ledger, or its header is damaged");
        }
        int version = h.getInt(8);
        if (version < VERSION_START || version > VERSION_CURRENT) {
            throw new IOException(path + ": exchange ledger version " + version + ", this build reads " + VERSION_START
                    + " to " + VERSION_CURRENT);
        }
        size = DurableFiles.replayFrames(
                channel, path, HEADER, 4, head -> Math.max(-1, head.getInt(0)), "frame", (at, f) -> {
                    byte[] json = new byte[f.getInt(0)];
                    f.get(4, json);
                    try {
                        readFrame(json);
                    } catch (IOException | RuntimeException e) {
                        throw new IOException(path + ": frame at byte " + at + " cannot be read: " + e.getMessage(), e);
                    }
                });
        return version;
    }

    private void readFrame(byte[] json) throws IOException {
        try (JsonParser p = JSON.createParser(json)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String type = null;
            String cp = null;
            int skipped = 0;
            List<Op> ops = new ArrayList<>();
            Map<EntryKey, Integer> before = new LinkedHashMap<>();
            long at = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "type" -> type = p.getText();
                    case "checkpoint", "list" -> {
                        String s = v == JsonToken.VALUE_NULL ? null : p.getText();
                        if (field.equals("list")) {
                            list = Objects.requireNonNull(s, "list");
                        } else {
                            cp = s;
                        }
                    }
                    case "malformed" -> skipped = p.getIntValue();
                    case "added" -> added = p.getLongValue();
                    case "removed" -> removed = p.getLongValue();
                    case "total_malformed" -> malformed = p.getLongValue();
                    case "at" -> at = p.getLongValue();
                    case "last_applied" ->
                        lastApplied = v == JsonToken.VALUE_NULL ? null : Instant.ofEpochMilli(p.getLongValue());
                    case "ops" -> {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            ops.add(readOp(p));
                        }
                    }
                    case "before" -> {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            p.nextToken();
                            EntryKey k = readKey(p);
                            p.nextToken();
                            before.put(k, p.getIntValue());
                            expect(p.nextToken(), JsonToken.END_ARRAY);
                        }
                    }
                    case "entries" -> {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            Add a = (Add) readOp(p);
                            entries.put(a.id(), a.item());
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            switch (String.valueOf(type)) {
                case "state" -> {
                    checkpoint = cp;
                    pending = null;
                }
                case "commit" -> applyCommit(Objects.requireNonNull(cp, "checkpoint"), ops, before, skipped);
                case "applied" -> {
                    pending = null;
                    lastApplied = Instant.ofEpochMilli(at);
                }
                default -> throw new IOException("unknown frame type " + type);
            }
        }
    }

    private void writeState(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "state");
        g.writeStringField("list", list);
        if (checkpoint == null) {
            g.writeNullField("checkpoint");
        } else {
            g.writeStringField("checkpoint", checkpoint);
        }
        g.writeNumberField("added", added);
        g.writeNumberField("removed", removed);
        g.writeNumberField("total_malformed", malformed);
        if (lastApplied == null) {
            g.writeNullField("last_applied");
        } else {
            g.writeNumberField("last_applied", lastApplied.toEpochMilli());
        }
        g.writeArrayFieldStart("entries");
        for (Map.Entry<String, Item> e : entries.entrySet()) {
            writeOp(g, new Add(e.getKey(), e.getValue()), VERSION_CURRENT); // the rewritten file's version
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * {@code ["add"|"meta", id, pdq, md5, category, created, updated]}, then {@code [[descriptor, owner], ...]} if the
     * item has descriptors; or {@code ["del", id]}.
     */
    private static void writeOp(JsonGenerator g, Op op, int version) throws IOException {
        g.writeStartArray();
        switch (op) {
            case Remove r -> {
                g.writeString("del");
                g.writeString(r.id());
            }
            case Add a -> writeItem(g, "add", a.id(), a.item(), version);
            case Meta m -> writeItem(g, "meta", m.id(), m.item(), version);
        }
        g.writeEndArray();
    }

    private static void writeItem(JsonGenerator g, String kind, String id, Item item, int version) throws IOException {
        g.writeString(kind);
        g.writeString(id);
        writeKey(g, item.key());
        g.writeString(item.category());
        writeInstant(g, item.created());
        writeInstant(g, item.updated());
        if (version >= 2 && !item.descriptors().isEmpty()) {
            g.writeStartArray();
            for (ExchangeEntry.Descriptor d : item.descriptors()) {
                g.writeStartArray();
                g.writeString(d.id());
                g.writeString(d.owner());
                g.writeEndArray();
            }
            g.writeEndArray();
        }
    }

    private static void writeKey(JsonGenerator g, EntryKey k) throws IOException {
        g.writeString(k.pdq() == null ? null : k.pdq().toHex());
        g.writeString(k.md5());
    }

    private static void writeInstant(JsonGenerator g, @Nullable Instant t) throws IOException {
        if (t == null) {
            g.writeNull();
        } else {
            g.writeNumber(t.getEpochSecond());
        }
    }

    private static Op readOp(JsonParser p) throws IOException {
        p.nextToken();
        String kind = p.getText();
        p.nextToken();
        String id = p.getText();
        if (kind.equals("del")) {
            expect(p.nextToken(), JsonToken.END_ARRAY);
            return new Remove(id);
        }
        p.nextToken();
        EntryKey key = readKey(p);
        p.nextToken();
        String category = nullableText(p);
        p.nextToken();
        Instant created = nullableInstant(p);
        p.nextToken();
        Instant updated = nullableInstant(p);
        List<ExchangeEntry.Descriptor> descriptors = List.of();
        if (p.nextToken() == JsonToken.START_ARRAY) {
            descriptors = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_ARRAY) {
                p.nextToken();
                String descriptor = p.getText();
                p.nextToken();
                descriptors.add(new ExchangeEntry.Descriptor(descriptor, nullableText(p)));
                expect(p.nextToken(), JsonToken.END_ARRAY);
            }
            p.nextToken();
        }
        expect(p.currentToken(), JsonToken.END_ARRAY);
        Item item = new Item(key, category, created, updated, descriptors);
        return switch (kind) {
            case "add" -> new Add(id, item);
            case "meta" -> new Meta(id, item);
            default -> throw new IOException("unknown op " + kind);
        };
    }

    /** Reads a key's two values, the parser on the first; leaves it on the second. */
    private static EntryKey readKey(JsonParser p) throws IOException {
        String pdq = nullableText(p);
        p.nextToken();
        String md5 = nullableText(p);
        return new EntryKey(pdq == null ? null : PdqHash.fromHex(pdq), md5);
    }

    private static @Nullable String nullableText(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : p.getText();
    }

    private static @Nullable Instant nullableInstant(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : Instant.ofEpochSecond(p.getLongValue());
    }

    private static void expect(@Nullable JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    @FunctionalInterface
    private interface JsonWriting {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(JsonWriting w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            w.write(g);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
