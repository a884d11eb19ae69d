package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.Gen;
import io.hashmatch.Seeds;
import io.hashmatch.hash.PdqHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(Seeds.Report.class)
class HashListSnapshotTest {
    @TempDir
    Path dir;

    private static final Instant CREATED = Instant.parse("2026-11-29T10:15:30Z");

    /** A seeded list: n entries, each with a PDQ hash, every other one with MD5, every third with SHA-1/SHA-256. */
    static SnapshotWriter sample(int n, long seed) {
        Random r = new Random(seed);
        SnapshotWriter w = SnapshotWriter.create("demo list", "v1 ☃", CREATED);
        for (int i = 0; i < n; i++) {
            int e = w.addEntry();
            w.addPdq(e, PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()));
            if (i % 2 == 0) {
                w.addMd5(e, hex(r, 16));
            }
            if (i % 3 == 0) {
                w.addSha1(e, hex(r, 20));
                w.addSha256(e, hex(r, 32));
            }
        }
        return w;
    }

    static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void roundTripsHashesDigestsAndHeader() throws Exception {
        Path file = dir.resolve("list.hmsnap");
        sample(1000, 42).write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            assertThat(s.name()).isEqualTo("demo list");
            assertThat(s.version()).isEqualTo("v1 ☃");
            assertThat(s.created()).isEqualTo(CREATED);
            assertThat(s.entryCount()).isEqualTo(1000);
            assertThat(s.pdqCount()).isEqualTo(1000);
            assertThat(s.exactCount()).isEqualTo(500 + 334 + 334);
            assertThat(s.formatVersion()).isEqualTo(HashListSnapshot.VERSION_CURRENT);
            assertThat(s.checksum()).hasSize(8);
            Random r = new Random(42);
            for (int i = 0; i < 1000; i++) {
                PdqHash expected = PdqHash.of(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
                assertThat(s.pdqHash(i)).isEqualTo(expected);
                assertThat(s.pdqEntry(i)).isEqualTo(i);
                if (i % 2 == 0) {
                    String md5 = hex(r, 16);
                    assertThat(s.findMd5(md5)).containsExactly(i);
                    assertThat(s.findMd5(md5.toUpperCase())).containsExactly(i);
                }
                if (i % 3 == 0) {
                    assertThat(s.findSha1(hex(r, 20))).containsExactly(i);
                    assertThat(s.findSha256(hex(r, 32))).containsExactly(i);
                }
            }
            assertThat(s.findMd5("0".repeat(32))).isEmpty();
        }
    }

    @Test
    void everyStoredIndexGivesTheBruteForceAnswerAfterReopening() throws Exception {
        Path file = dir.resolve("idx.hmsnap");
        SnapshotWriter w = sample(6000, 11);
        // Near-duplicates of the first entries so that small radii have hits.
        Random r = new Random(3);
        PdqHash[] queries = new PdqHash[40];
        try (HashListSnapshot first = null) {
            for (int q = 0; q < queries.length; q++) {
                Random h = new Random(11);
                PdqHash base = PdqHash.of(h.nextLong(), h.nextLong(), h.nextLong(), h.nextLong());
                long flip = 0;
                for (int b = 0; b < q; b++) {
                    flip |= 1L << r.nextInt(64);
                }
                queries[q] = PdqHash.of(base.w0() ^ flip, base.w1(), base.w2(), base.w3());
            }
        }
        w.write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            for (int radius : new int[] {0, 8, 16, 31, 64}) {
                for (PdqHash q : queries) {
                    var expected = s.index(io.hashmatch.index.IndexStrategy.BRUTE_FORCE)
                            .search(q, radius);
                    for (var strategy : io.hashmatch.index.IndexStrategy.values()) {
                        assertThat(s.index(strategy).search(q, radius))
                                .as("%s at r=%d", strategy, radius)
                                .isEqualTo(expected);
                    }
                    assertThat(s.index(radius).search(q, radius)).isEqualTo(expected);
                }
            }
            // The first query is the first entry's hash itself.
            assertThat(s.index(31).search(queries[0], 0))
                    .extracting(io.hashmatch.index.Hit::entry)
                    .contains(0);
        }
    }

    @Test
    void duplicateDigestsAcrossEntriesAreAllFound() throws Exception {
        SnapshotWriter w = SnapshotWriter.create("merged", "1", CREATED);
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        for (int i = 0; i < 5; i++) {
            int e = w.addEntry();
            if (i != 2) {
                w.addMd5(e, md5);
            }
        }
        Path file = dir.resolve("dup.hmsnap");
        w.write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            assertThat(s.findMd5(md5)).containsExactly(0, 1, 3, 4);
            assertThat(s.pdqCount()).isZero();
        }
    }

    @Test
    void emptyListRoundTrips() throws Exception {
        Path file = dir.resolve("empty.hmsnap");
        SnapshotWriter.create("empty", "0", CREATED).write(file);
        try (HashListSnapshot s = HashListSnapshot.open(file)) {
            assertThat(s.entryCount()).isZero();
            assertThat(s.pdqCount()).isZero();
            assertThat(s.findSha256("a".repeat(64))).isEmpty();
        }
    }

    @Test
    void failureBeforeTheRenameLeavesThePreviousFileAndNoTemporary() throws Exception {
        Path file = dir.resolve("list.hmsnap");
        sample(20, 1).write(file);
        byte[] previous = Files.readAllBytes(file);
        boolean[] ran = {false};
        assertThatThrownBy(() -> sample(30, 2).write(file, FramedFile.newId(), () -> {
                    ran[0] = true; // the new file is complete and forced here; the importer waits for its metadata file
                    throw new IOException("metadata store write failed");
                }))
                .isInstanceOf(IOException.class)
                .hasMessage("metadata store write failed");
        assertThat(ran[0]).isTrue();
        assertThat(Files.readAllBytes(file)).isEqualTo(previous);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void sameContentSameChecksumButNewId() throws Exception {
        Path a = dir.resolve("a.hmsnap");
        Path b = dir.resolve("b.hmsnap");
        sample(50, 1).write(a);
        sample(50, 1).write(b);
        try (HashListSnapshot sa = HashListSnapshot.open(a);
                HashListSnapshot sb = HashListSnapshot.open(b)) {
            assertThat(sa.id()).isNotEqualTo(sb.id());
            assertThat(sa.checksum()).isNotEqualTo(sb.checksum()); // the id is part of the checksummed header
            assertThat(sa.pdqHash(49)).isEqualTo(sb.pdqHash(49));
        }
    }

    static Stream<Long> everyTruncationIsRefused() {
        return Seeds.of("HashListSnapshotTest.everyTruncationIsRefused", 60);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource
    void everyTruncationIsRefused(long seed) throws Exception {
        int cutSeed = new Gen(seed).intIn(0, 10_000);
        Path file = Files.createTempFile("hm", ".hmsnap");
        try {
            sample(37, 3).write(file);
            byte[] bytes = Files.readAllBytes(file);
            int cut = cutSeed % bytes.length;
            Files.write(file, java.util.Arrays.copyOf(bytes, cut));
            assertThatThrownBy(() -> HashListSnapshot.openUnverified(file))
                    .isInstanceOf(FileFormatException.class)
                    .satisfies(e ->
                            assertThat(((FileFormatException) e).kind()).isEqualTo(FileFormatException.Kind.CORRUPT))
                    .hasMessageContaining(file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Every single-bit flip anywhere in the file is refused by open (Lucene's TestAllFilesDetectBitFlips). */
    @Test
    void everyBitFlipIsRefusedOnOpen() throws Exception {
        Path file = dir.resolve("flip.hmsnap");
        sample(20, 9).write(file);
        byte[] original = Files.readAllBytes(file);
        Random r = new Random(5);
        for (int pos = 0; pos < original.length; pos++) {
            byte[] bytes = original.clone();
            bytes[pos] ^= (byte) (1 << r.nextInt(8));
            Files.write(file, bytes);
            int at = pos;
            assertThatThrownBy(() -> HashListSnapshot.open(file))
                    .as("flip at byte %d", at)
                    .isInstanceOf(FileFormatException.class);
        }
    }

    @Test
    void flipInDataIsFoundByIntegrityCheckNotByCheapOpen() throws Exception {
        Path file = dir.resolve("data.hmsnap");
        sample(20, 9).write(file);
        byte[] bytes = Files.readAllBytes(file);
        int headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
        bytes[headerLength + 5] ^= 0x10; // inside pdq.hashes
        Files.write(file, bytes);
        try (HashListSnapshot s = HashListSnapshot.openUnverified(file)) {
            assertThatThrownBy(s::checkIntegrity)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageContaining("checksum mismatch");
        }
    }

    /**
     * The one-pass integrity check still checks each section on its own: a flip in a section with the footer's
     * whole-file CRC recomputed to match passes the whole-file check and must be caught by the section's CRC.
     */
    @Test
    void sectionChecksumIsCheckedEvenWhenTheFooterMatches() throws Exception {
        Path file = dir.resolve("section.hmsnap");
        sample(20, 9).write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = b.getInt(12);
        int sectionCount = b.getInt(44);
        int pos = 48;
        pos += 2 + b.getShort(pos); // list name
        pos += 2 + b.getShort(pos); // list version
        for (int i = 0; i < sectionCount; i++) {
            pos += 1 + (bytes[pos] & 0xFF) + 8 + 8 + 4;
        }
        int headerCrcPos = pos;
        bytes[headerLength + 5] ^= 0x10; // inside pdq.hashes, the first section
        java.util.zip.CRC32C all = new java.util.zip.CRC32C();
        all.update(bytes, 0, headerCrcPos);
        all.update(new byte[4]);
        all.update(bytes, headerCrcPos + 4, bytes.length - 16 - headerCrcPos - 4);
        b.putLong(bytes.length - 8, all.getValue());
        Files.write(file, bytes);
        try (HashListSnapshot s = HashListSnapshot.openUnverified(file)) {
            assertThatThrownBy(s::checkIntegrity)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageContaining("section pdq.hashes checksum mismatch");
        }
    }

    @Test
    void extendedFileIsRefused() throws Exception {
        Path file = dir.resolve("ext.hmsnap");
        sample(5, 1).write(file);
        Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> HashListSnapshot.openUnverified(file))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("extended");
    }

    @Test
    void wrongMagicAndNewerVersionAreNamed() throws Exception {
        Path text = dir.resolve("list.txt");
        Files.writeString(text, "pdq " + "0".repeat(64) + "\n".repeat(100));
        assertThatThrownBy(() -> HashListSnapshot.open(text))
                .isInstanceOf(FileFormatException.class)
                .satisfies(
                        e -> assertThat(((FileFormatException) e).kind()).isEqualTo(FileFormatException.Kind.CORRUPT))
                .hasMessageContaining("not a hashmatch snapshot");

        Path file = dir.resolve("v.hmsnap");
        sample(3, 1).write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, HashListSnapshot.VERSION_CURRENT + 1);
        Files.write(file, bytes);
        assertThatThrownBy(() -> HashListSnapshot.open(file))
                .isInstanceOf(FileFormatException.class)
                .satisfies(e -> {
                    FileFormatException f = (FileFormatException) e;
                    assertThat(f.kind()).isEqualTo(FileFormatException.Kind.TOO_NEW);
                    assertThat(f.foundVersion()).hasValue(9);
                    assertThat(f.minVersion()).hasValue(1);
                    assertThat(f.maxVersion()).hasValue(8);
                })
                .hasMessage(file + ": snapshot format version 9 is too new: this hashmatch reads versions 1 to 8"
                        + " (written by a newer hashmatch)");
    }

    @Test
    void olderVersionIsTooOld() throws Exception {
        Path file = dir.resolve("old.hmsnap");
        sample(3, 1).write(file);
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0);
        Files.write(file, bytes);
        assertThatThrownBy(() -> HashListSnapshot.open(file))
                .isInstanceOf(FileFormatException.class)
                .satisfies(
                        e -> assertThat(((FileFormatException) e).kind()).isEqualTo(FileFormatException.Kind.TOO_OLD))
                .hasMessage(file + ": snapshot format version 0 is too old: this hashmatch reads versions 1 to 8");
    }

    @Test
    void emptyFileAndMissingFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("zero.hmsnap"));
        assertThatThrownBy(() -> HashListSnapshot.open(empty)).isInstanceOf(FileFormatException.class);
        assertThatThrownBy(() -> HashListSnapshot.open(dir.resolve("absent.hmsnap")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void rewriteReplacesAtomicallyAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("list.hmsnap");
        sample(10, 1).write(file);
        try (HashListSnapshot old = HashListSnapshot.open(file)) {
            sample(20, 2).write(file);
            // The old mapping stays valid (the old inode lives on while mapped).
            assertThat(old.pdqCount()).isEqualTo(10);
            assertThat(old.pdqHash(9)).isNotNull();
        }
        try (HashListSnapshot fresh = HashListSnapshot.open(file)) {
            assertThat(fresh.pdqCount()).isEqualTo(20);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("list.hmsnap");
        }
    }

    @Test
    void closedSnapshotCannotBeRead() throws Exception {
        Path file = dir.resolve("c.hmsnap");
        sample(3, 1).write(file);
        HashListSnapshot s = HashListSnapshot.open(file);
        s.close();
        assertThatThrownBy(() -> s.pdqHash(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writerRejectsBadInput() {
        SnapshotWriter w = SnapshotWriter.create("x", "1");
        assertThatThrownBy(() -> w.addMd5(0, "00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not added");
        int e = w.addEntry();
        assertThatThrownBy(() -> w.addMd5(e, "00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 hex digits");
        assertThatThrownBy(() -> w.addSha1(e, "z".repeat(40))).isInstanceOf(IllegalArgumentException.class);
    }
}
