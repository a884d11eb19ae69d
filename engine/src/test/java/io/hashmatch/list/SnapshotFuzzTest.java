package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.index.Hit;
import io.hashmatch.index.IndexStrategy;
import io.hashmatch.video.VpdqFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * Fuzzes the snapshot opener and integrity check ({@link HashListSnapshot#open}) with mutations of a small valid
 * snapshot (PDQ, MD5, SHA-1, SHA-256, categories, sources, a suppression entry, two videos).
 *
 * <p>Input: byte 0 is the mode, then 5-byte operations {@code kind, offset (3 bytes, big-endian, modulo the
 * current length), value}: kind % 4 = 0 set the byte, 1 xor it, 2 truncate there, 3 insert the value there.
 * Mode bit 0 clear: the file is opened as mutated; it must be refused with a {@link FileFormatException}
 * or give exactly the answers of the original (every accessor, every exact lookup, every index's hits, the
 * videos). Mode bit 0 set: the checksums are recomputed after mutating (header, sections, footer, as far as
 * the mutated header can still be followed), so the structure checks and the accessors meet damaged content that
 * passes the CRCs; the file must be refused with a {@link FileFormatException}, or answer every query with a
 * value or the documented {@link IllegalStateException} (damaged content) — never another exception.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/list/SnapshotFuzzTestInputs/openMutated/}.
 */
class SnapshotFuzzTest {
    private static final byte[] BASE;
    private static final List<String> BASE_ANSWERS;
    private static final List<PdqHash> QUERIES = new ArrayList<>();
    private static final List<String> MD5S = new ArrayList<>();
    private static final List<String> SHA1S = new ArrayList<>();
    private static final List<String> SHA256S = new ArrayList<>();

    static {
        SplittableRandom r = new SplittableRandom(20261205L);
        SnapshotWriter w = SnapshotWriter.create("fuzz", "v1", Instant.parse("2026-12-05T00:00:00Z"));
        for (int i = 0; i < 24; i++) {
            int e = w.addEntry(i % 3 == 0 ? null : "cat" + i % 3, i % 4 == 0 ? null : "src" + i % 2, i == 5);
            PdqHash h = PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
            if (i % 5 != 4) {
                w.addPdq(e, h);
                QUERIES.add(PdqHash.of(h.w0() ^ (1L << i), h.w1(), h.w2() ^ r.nextLong() & 0xff, h.w3()));
            }
            if (i % 2 == 0) {
                MD5S.add(hex(r, 16));
                w.addMd5(e, MD5S.getLast());
            }
            if (i % 3 == 0) {
                SHA1S.add(hex(r, 20));
                w.addSha1(e, SHA1S.getLast());
            }
            if (i % 4 == 1) {
                SHA256S.add(hex(r, 32));
                w.addSha256(e, SHA256S.getLast());
            }
            if (i % 11 == 3) {
                List<VpdqFrame> frames = new ArrayList<>();
                for (int f = 0; f < 4; f++) {
                    frames.add(new VpdqFrame(
                            f, 50 + f * 10, PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()), f));
                }
                w.addVideo(e, frames);
            }
        }
        QUERIES.add(PdqHash.ZERO);
        MD5S.add(hex(r, 16));
        SHA1S.add(hex(r, 20));
        SHA256S.add(hex(r, 32));
        try {
            Path dir = Files.createTempDirectory("snapfuzz");
            Path file = dir.resolve("base.hmsnap");
            w.write(file);
            BASE = Files.readAllBytes(file);
            try (HashListSnapshot s = HashListSnapshot.open(file)) {
                BASE_ANSWERS = answers(s);
            }
            Files.delete(file);
            Files.delete(dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Path WORK;

    static {
        try {
            WORK = Files.createTempDirectory("snapfuzz");
            WORK.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void openMutated(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        boolean fixChecksums = (data[0] & 1) != 0;
        byte[] bytes = mutate(BASE, data);
        if (fixChecksums) {
            fixChecksums(bytes);
        }
        Path file = WORK.resolve("s.hmsnap");
        Files.write(file, bytes);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            if (!fixChecksums) {
                assertThat(answers(s)).isEqualTo(BASE_ANSWERS);
            } else {
                try {
                    answers(s);
                } catch (IllegalStateException documented) {
                    // damaged content that the checksums cannot see (they were recomputed)
                }
            }
        } catch (FileFormatException expected) {
            // refused: the contract
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Applies the operations of {@code data} (after the mode byte) to a copy of {@code base}. */
    static byte[] mutate(byte[] base, byte[] data) {
        byte[] b = base.clone();
        int n = b.length;
        for (int p = 1; p + 5 <= data.length; p += 5) {
            int kind = data[p] & 3;
            int offset = ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
            byte value = data[p + 4];
            switch (kind) {
                case 0, 1 -> {
                    if (n > 0) {
                        int at = offset % n;
                        b[at] = kind == 0 ? value : (byte) (b[at] ^ value);
                    }
                }
                case 2 -> n = n == 0 ? 0 : offset % n;
                default -> {
                    int at = n == 0 ? 0 : offset % (n + 1);
                    byte[] grown = new byte[n + 1];
                    System.arraycopy(b, 0, grown, 0, at);
                    grown[at] = value;
                    System.arraycopy(b, at, grown, at + 1, n - at);
                    b = grown;
                    n++;
                }
            }
        }
        return Arrays.copyOf(b, n);
    }

    /**
     * Recomputes the CRC32C fields the way {@link FramedFile} lays them out (its class comment), as far as the
     * (possibly mutated) header can be followed inside the file.
     */
    static void fixChecksums(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        if (b.length < 48 + FramedFile.FOOTER_LENGTH) {
            return;
        }
        int sections = buf.getInt(44);
        if (sections < 0 || sections > 64) {
            return;
        }
        int p = 48;
        for (int i = 0; i < 2; i++) {
            if (p + 2 > b.length) {
                return;
            }
            p += 2 + (buf.getShort(p) & 0xffff);
        }
        for (int i = 0; i < sections; i++) {
            if (p + 1 > b.length) {
                return;
            }
            p += 1 + (b[p] & 0xff);
            if (p + 20 > b.length) {
                return;
            }
            long offset = buf.getLong(p);
            long length = buf.getLong(p + 8);
            if (offset >= 0 && length >= 0 && offset <= b.length && length <= b.length - offset) {
                buf.putInt(p + 16, crc(b, (int) offset, (int) length));
            }
            p += 20;
        }
        if (p + 4 > b.length - FramedFile.FOOTER_LENGTH) {
            return;
        }
        buf.putInt(p, crc(b, 0, p));
        byte[] zeroed = Arrays.copyOf(b, b.length - FramedFile.FOOTER_LENGTH);
        Arrays.fill(zeroed, p, p + 4, (byte) 0);
        buf.putLong(b.length - 8, crc(zeroed, 0, zeroed.length) & 0xffffffffL);
    }

    private static int crc(byte[] b, int offset, int length) {
        CRC32C c = new CRC32C();
        c.update(b, offset, length);
        return (int) c.getValue();
    }

    /** Everything the snapshot answers, as text. */
    static List<String> answers(HashListSnapshot s) {
        List<String> a = new ArrayList<>();
        a.add(s.name() + " " + s.version() + " " + s.created() + " v" + s.formatVersion() + " " + s.entryCount()
                + " " + s.pdqCount() + " " + s.exactCount() + " " + s.md5Count() + " " + s.sha1Count() + " "
                + s.sha256Count() + " " + s.checksum() + " " + s.id());
        for (int i = 0; i < s.pdqCount(); i++) {
            a.add("pdq " + i + " " + s.pdqHash(i).toHex() + " " + s.pdqEntry(i));
        }
        for (int e = 0; e < s.entryCount(); e++) {
            a.add("entry " + e + " " + s.category(e) + " " + s.sourceList(e) + " " + s.isSuppression(e));
        }
        a.add("categories " + s.categories() + " sources " + s.sourceLists());
        MD5S.forEach(h -> a.add("md5 " + h + " " + Arrays.toString(s.findMd5(h))));
        SHA1S.forEach(h -> a.add("sha1 " + h + " " + Arrays.toString(s.findSha1(h))));
        SHA256S.forEach(h -> a.add("sha256 " + h + " " + Arrays.toString(s.findSha256(h))));
        for (IndexStrategy strategy : IndexStrategy.values()) {
            for (PdqHash q : QUERIES) {
                List<Hit> hits = new ArrayList<>();
                s.index(strategy).search(q, 31, (entry, distance) -> hits.add(new Hit(entry, distance)));
                hits.sort(Hit.ORDER);
                a.add(strategy + " " + q.toHex() + " " + hits);
            }
        }
        a.add("videos " + s.videoCount() + " frames " + s.videoFrameCount());
        for (int v = 0; v < s.videoCount(); v++) {
            a.add("video " + v + " entry " + s.videoEntry(v) + " " + s.videoFrames(v));
        }
        a.add("video index " + s.videoIndex().videoCount() + " "
                + s.videoIndex().frameCount());
        return a;
    }

    private static String hex(SplittableRandom r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
