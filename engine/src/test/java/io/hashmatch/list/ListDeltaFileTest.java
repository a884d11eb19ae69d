package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.ChildJvm;
import io.hashmatch.hash.PdqHash;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delta file: its golden bytes, recovery from a torn last batch, refusal of damage and of another snapshot's
 * delta, and a writer killed with SIGKILL at seeded moments (the file then holds exactly the batches it committed,
 * or those plus the one it was writing).
 */
class ListDeltaFileTest {
    /** The golden delta: {@code engine/src/test/resources/io/hashmatch/list/golden-v1.hmdelta}. */
    static final String GOLDEN = "engine/src/test/resources/io/hashmatch/list/golden-v1.hmdelta";

    static final String BASE_ID = "00112233445566778899aabbccddeeff";
    static final PdqHash H1 = PdqHash.fromHex("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");

    @TempDir
    Path dir;

    /** The golden file's changes: two batches over a base of 3 entries. */
    static void writeGolden(Path target) throws Exception {
        Files.deleteIfExists(target);
        try (ListDelta d = ListDelta.open(target, BASE_ID, 3, 1)) {
            d.append(List.of(
                    new ListDelta.Add(H1, null, "ncmec:1234"),
                    new ListDelta.Add(null, "d41d8cd98f00b204e9800998ecf8427e", "note é")));
            d.append(List.of(new ListDelta.Remove(1), new ListDelta.Remove(3)));
        }
    }

    @Test
    void goldenDeltaOfVersion1IsRebuiltByteForByteAndReads() throws Exception {
        Path golden = DemoLists.repositoryRoot().resolve(GOLDEN);
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            writeGolden(golden);
        }
        Path rebuilt = dir.resolve("rebuilt.hmdelta");
        writeGolden(rebuilt);
        assertThat(Files.mismatch(golden, rebuilt))
                .as("rebuilt golden delta differs at byte")
                .isEqualTo(-1L);
        assertThat(Files.size(golden)).isEqualTo(64 + 16 + (2 + 32 + 2 + 10) + (2 + 16 + 2 + 7) + 16 + (5 + 5));
        Path copy = dir.resolve("copy.hmdelta");
        Files.copy(golden, copy);
        try (ListDelta d = ListDelta.open(copy, BASE_ID, 3)) {
            ListDelta.View v = d.view();
            assertThat(v.added()).isEqualTo(2);
            assertThat(v.removals()).isEqualTo(2);
            assertThat(v.liveEntries()).isEqualTo(3);
            assertThat(v.isRemoved(1)).isTrue();
            assertThat(v.isRemoved(3)).isTrue();
            assertThat(v.isRemoved(0)).isFalse();
            assertThat(v.pdq(3)).isEqualTo(H1);
            assertThat(v.label(3)).isEqualTo("ncmec:1234");
            assertThat(v.md5(4)).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
            assertThat(v.label(4)).isEqualTo("note é");
            assertThat(v.findMd5("D41D8CD98F00B204E9800998ECF8427E")).containsExactly(4);
            assertThat(v.pdqCount()).isEqualTo(1);
        }
    }

    /** The golden delta of version 2: additions with category and date. */
    static final String GOLDEN_V2 = "engine/src/test/resources/io/hashmatch/list/golden-v2.hmdelta";

    static void writeGoldenV2(Path target) throws Exception {
        Files.deleteIfExists(target);
        try (ListDelta d = ListDelta.open(target, BASE_ID, 3, 2)) {
            d.append(List.of(
                    new ListDelta.Add(H1, null, "ncmec:1234", "A1", java.time.Instant.parse("2026-12-06T01:02:03Z")),
                    new ListDelta.Add(null, "d41d8cd98f00b204e9800998ecf8427e", "", null, null)));
            d.append(List.of(new ListDelta.Remove(1), new ListDelta.Remove(3)));
        }
    }

    @Test
    void goldenDeltaOfVersion2IsRebuiltByteForByteAndKeepsCategoryAndDate() throws Exception {
        Path golden = DemoLists.repositoryRoot().resolve(GOLDEN_V2);
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            writeGoldenV2(golden);
        }
        Path rebuilt = dir.resolve("rebuilt2.hmdelta");
        writeGoldenV2(rebuilt);
        assertThat(Files.mismatch(golden, rebuilt))
                .as("rebuilt golden delta differs at byte")
                .isEqualTo(-1L);
        assertThat(Files.size(golden)).isEqualTo(64 + 16 + (2 + 32 + 2 + 10 + 2 + 2 + 8) + (2 + 16 + 2) + 16 + (5 + 5));
        Path copy = dir.resolve("copy2.hmdelta");
        Files.copy(golden, copy);
        try (ListDelta d = ListDelta.open(copy, BASE_ID, 3)) {
            ListDelta.View v = d.view();
            assertThat(v.asAdd(3))
                    .isEqualTo(new ListDelta.Add(
                            H1, null, "ncmec:1234", "A1", java.time.Instant.parse("2026-12-06T01:02:03Z")));
            assertThat(v.category(4)).isNull();
            assertThat(v.date(4)).isNull();
            assertThat(v.isRemoved(3)).isTrue();
        }
        // a version-1 file is written in version 1 while what it gets fits there, then upgraded in place
        Path v1 = dir.resolve("v1.hmdelta");
        Files.copy(DemoLists.repositoryRoot().resolve(GOLDEN), v1);
        try (ListDelta d = ListDelta.open(v1, BASE_ID, 3)) {
            d.append(List.of(new ListDelta.Add(H1, null, "fits")));
        }
        assertThat(Files.mismatch(DemoLists.repositoryRoot().resolve(GOLDEN), v1))
                .as("the header is unchanged")
                .isGreaterThanOrEqualTo(64L);
        try (ListDelta d = ListDelta.open(v1, BASE_ID, 3)) {
            d.append(List.of(new ListDelta.Add(H1, null, "x", "A1", java.time.Instant.EPOCH)));
        }
        assertThat(headerVersion(v1)).isEqualTo(ListDelta.VERSION_CURRENT);
        try (ListDelta d = ListDelta.open(v1, BASE_ID, 3)) {
            assertThat(d.view().asAdd(5)).isEqualTo(new ListDelta.Add(H1, null, "fits"));
            assertThat(d.view().asAdd(6)).isEqualTo(new ListDelta.Add(H1, null, "x", "A1", java.time.Instant.EPOCH));
            assertThat(d.view().label(3)).isEqualTo("ncmec:1234");
        }
    }

    private static int headerVersion(Path delta) throws Exception {
        return java.nio.ByteBuffer.wrap(Files.readAllBytes(delta), 8, 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getInt();
    }

    /** The golden delta of version 3: an addition with details. */
    static final String GOLDEN_V3 = "engine/src/test/resources/io/hashmatch/list/golden-v3.hmdelta";

    static final String DETAILS = "{\"content_id\":\"c-9\",\"json\":{\"k\":[1]}}";

    static void writeGoldenV3(Path target) throws Exception {
        Files.deleteIfExists(target);
        try (ListDelta d = ListDelta.open(target, BASE_ID, 3)) {
            d.append(List.of(
                    new ListDelta.Add(H1, null, "note", null, null, DETAILS),
                    new ListDelta.Add(null, "d41d8cd98f00b204e9800998ecf8427e", "", null, null)));
            d.append(List.of(new ListDelta.Remove(4)));
        }
    }

    @Test
    void goldenDeltaOfVersion3IsRebuiltByteForByteAndKeepsDetails() throws Exception {
        Path golden = DemoLists.repositoryRoot().resolve(GOLDEN_V3);
        if (Boolean.getBoolean("hashmatch.regenerate")) {
            writeGoldenV3(golden);
        }
        Path rebuilt = dir.resolve("rebuilt3.hmdelta");
        writeGoldenV3(rebuilt);
        assertThat(Files.mismatch(golden, rebuilt))
                .as("rebuilt golden delta differs at byte")
                .isEqualTo(-1L);
        int details = DETAILS.length();
        assertThat(Files.size(golden)).isEqualTo(64 + 16 + (2 + 32 + 2 + 4 + 4 + details) + (2 + 16 + 2) + 16 + 5);
        Path copy = dir.resolve("copy3.hmdelta");
        Files.copy(golden, copy);
        try (ListDelta d = ListDelta.open(copy, BASE_ID, 3)) {
            ListDelta.View v = d.view();
            assertThat(v.asAdd(3)).isEqualTo(new ListDelta.Add(H1, null, "note", null, null, DETAILS));
            assertThat(v.details(3)).isEqualTo(DETAILS);
            assertThat(v.details(4)).isNull();
            assertThat(v.isRemoved(4)).isTrue();
            // after a compaction, details move to the new version's metadata store: see the changesSince test
        }
        // a version-2 file is upgraded in place by the first addition with details
        Path v2 = dir.resolve("v2.hmdelta");
        Files.copy(DemoLists.repositoryRoot().resolve(GOLDEN_V2), v2);
        try (ListDelta d = ListDelta.open(v2, BASE_ID, 3)) {
            d.append(List.of(new ListDelta.Add(H1, null, "x", null, null, DETAILS)));
        }
        assertThat(headerVersion(v2)).isEqualTo(3);
        try (ListDelta d = ListDelta.open(v2, BASE_ID, 3)) {
            assertThat(d.view().details(5)).isEqualTo(DETAILS);
            assertThat(d.view().asAdd(3))
                    .isEqualTo(new ListDelta.Add(
                            H1, null, "ncmec:1234", "A1", java.time.Instant.parse("2026-12-06T01:02:03Z")));
        }
    }

    @Test
    void changesSinceAnEarlierViewReplayTheSameState() throws Exception {
        Path p = dir.resolve("since.hmdelta");
        try (ListDelta d = ListDelta.open(p, BASE_ID, 4)) {
            d.append(List.of(new ListDelta.Add(H1, null, "a"), new ListDelta.Remove(0)));
            ListDelta.View earlier = d.view();
            d.append(List.of(new ListDelta.Add(null, "d41d8cd98f00b204e9800998ecf8427e", "b", "c", null)));
            d.append(List.of(new ListDelta.Remove(5), new ListDelta.Remove(2), new ListDelta.Remove(4)));
            assertThat(d.view().changesSince(earlier))
                    .containsExactly(
                            new ListDelta.Add(null, "d41d8cd98f00b204e9800998ecf8427e", "b", "c", null),
                            new ListDelta.Remove(2),
                            new ListDelta.Remove(4),
                            new ListDelta.Remove(5));
            assertThat(earlier.changesSince(earlier)).isEmpty();
            assertThatThrownBy(() -> earlier.changesSince(d.view())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aTornLastBatchIsCutOffAndTheCommittedOnesStay() throws Exception {
        Path golden = DemoLists.repositoryRoot().resolve(GOLDEN);
        long size = Files.size(golden);
        byte[] bytes = Files.readAllBytes(golden);
        for (long cut = 64; cut < size; cut++) {
            Path torn = dir.resolve("torn-" + cut + ".hmdelta");
            Files.write(torn, java.util.Arrays.copyOf(bytes, (int) cut));
            try (ListDelta d = ListDelta.open(torn, BASE_ID, 3)) {
                long firstBatchEnd = 64 + 16 + (2 + 32 + 2 + 10) + (2 + 16 + 2 + 7);
                assertThat(d.view().added()).as("cut at %d", cut).isEqualTo(cut < firstBatchEnd ? 0 : 2);
                assertThat(d.view().removals()).as("cut at %d", cut).isZero();
                assertThat(d.byteSize()).isEqualTo(cut < firstBatchEnd ? 64 : firstBatchEnd);
                d.append(List.of(new ListDelta.Remove(0))); // and it goes on from there
            }
            try (ListDelta d = ListDelta.open(torn, BASE_ID, 3)) {
                assertThat(d.view().isRemoved(0)).isTrue();
            }
        }
        // zeros where the last batch should be (the file grew but its bytes never arrived): torn as well
        Path zeros = dir.resolve("zeros.hmdelta");
        Files.write(zeros, java.util.Arrays.copyOf(bytes, bytes.length + 4096));
        try (ListDelta d = ListDelta.open(zeros, BASE_ID, 3)) {
            assertThat(d.view().removals()).isEqualTo(2);
            assertThat(d.byteSize()).isEqualTo(size);
        }
    }

    @Test
    void damageAndAnotherSnapshotsDeltaAreRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(DemoLists.repositoryRoot().resolve(GOLDEN));
        Path other = dir.resolve("other.hmdelta");
        Files.write(other, bytes);
        assertThatThrownBy(() -> ListDelta.open(other, "ffeeddccbbaa99887766554433221100", 3))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("this delta applies to snapshot " + BASE_ID);
        assertThatThrownBy(() -> ListDelta.open(other, BASE_ID, 4))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("(3 entries)");
        // a flipped byte in the first batch, with the second after it
        byte[] flipped = bytes.clone();
        flipped[64 + 20] ^= 1;
        Path damaged = dir.resolve("damaged.hmdelta");
        Files.write(damaged, flipped);
        assertThatThrownBy(() -> ListDelta.open(damaged, BASE_ID, 3))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("batch at byte 64: checksum mismatch with more bytes after it");
        byte[] header = bytes.clone();
        header[40] = 1;
        Files.write(damaged, header);
        assertThatThrownBy(() -> ListDelta.open(damaged, BASE_ID, 3))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("header checksum mismatch");
        byte[] newer = bytes.clone();
        ByteBuffer.wrap(newer).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ListDelta.VERSION_CURRENT + 1);
        Files.write(damaged, newer);
        assertThatThrownBy(() -> ListDelta.open(damaged, BASE_ID, 3))
                .isInstanceOf(FileFormatException.class)
                .satisfies(
                        e -> assertThat(((FileFormatException) e).kind()).isEqualTo(FileFormatException.Kind.TOO_NEW));
    }

    @Test
    void removalsOfDeadEntriesAreRefusedAndNothingIsWritten() throws Exception {
        Path p = dir.resolve("d.hmdelta");
        try (ListDelta d = ListDelta.open(p, BASE_ID, 2)) {
            d.append(List.of(new ListDelta.Remove(1)));
            long size = d.byteSize();
            assertThatThrownBy(() -> d.append(List.of(new ListDelta.Remove(1))))
                    .hasMessage("entry 1 is not a live entry of the list");
            assertThatThrownBy(() -> d.append(List.of(new ListDelta.Remove(2))))
                    .hasMessage("entry 2 is not a live entry of the list");
            assertThatThrownBy(() -> d.append(List.of(new ListDelta.Remove(0), new ListDelta.Remove(0))))
                    .hasMessage("entry 0 is not a live entry of the list");
            assertThat(d.byteSize()).isEqualTo(size);
            assertThat(d.append(List.of(new ListDelta.Add(H1, null, ""), new ListDelta.Remove(2))))
                    .as("an addition may be removed in its own batch")
                    .containsExactly(2);
        }
    }

    /** Entry point of the child process: appends batch i (one addition labelled i) and prints i once it returns. */
    public static void main(String[] args) throws Exception {
        try (ListDelta d = ListDelta.open(Path.of(args[0]), BASE_ID, 0)) {
            System.out.println("open");
            System.out.flush();
            for (int i = 0; ; i++) {
                List<ListDelta.Change> batch = new ArrayList<>();
                for (int k = 0; k < 50; k++) {
                    batch.add(new ListDelta.Add(H1, null, i + "/" + k));
                }
                d.append(batch);
                System.out.println(i);
                System.out.flush();
            }
        }
    }

    @Test
    void killedWriterLeavesItsCommittedBatches() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 4; round++) {
            Path target = dir.resolve("kill-" + round + ".hmdelta");
            int killAfter = random.nextInt(41) - 1; // -1: right after it opened the file
            int acknowledged = -1;
            try (ChildJvm child = ChildJvm.start(dir, ChildJvm.command(getClass(), target.toString()))) {
                child.awaitLine(killAfter < 0 ? "open" : Integer.toString(killAfter));
                child.kill();
                // every batch it printed was appended, also those printed between the wait and the kill
                for (String line : child.lines()) {
                    if (line.matches("\\d+")) {
                        acknowledged = Math.max(acknowledged, Integer.parseInt(line));
                    }
                }
            }
            try (ListDelta d = ListDelta.open(target, BASE_ID, 0)) {
                ListDelta.View v = d.view();
                assertThat(v.added() % 50)
                        .as("seed %d: whole batches only", seed)
                        .isZero();
                int batches = v.added() / 50;
                assertThat(batches)
                        .as("seed %d: every acknowledged batch", seed)
                        .isGreaterThanOrEqualTo(acknowledged + 1);
                for (int e = 0; e < v.added(); e++) {
                    assertThat(v.label(e)).isEqualTo(e / 50 + "/" + e % 50);
                }
            }
        }
    }
}
