package io.hashmatch.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashmatch.ChildJvm;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checked read and the frame replay that list deltas and the service's ledgers share. Frames here: a 16-byte
 * file header, then frames of int32 magic "FRAM", int32 payload length, payload, CRC32C; seeded payloads ({@link
 * #SEED}).
 */
class DurableFilesTest {
    @TempDir
    Path tmp;

    @Test
    void readsTheBytesAtAPositionAndCallsAShortFileCorrupt() throws Exception {
        Path file = tmp.resolve("f.bin");
        byte[] bytes = new byte[100];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7);
        }
        Files.write(file, bytes);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            assertThat(DurableFiles.read(ch, file, 10, 5))
                    .containsExactly((byte) 70, (byte) 77, (byte) 84, (byte) 91, (byte) 98);
            assertThat(DurableFiles.read(ch, file, 0, 100)).isEqualTo(bytes);
            assertThat(DurableFiles.read(ch, file, 100, 0)).isEmpty();
            assertThat(ch.position()).isZero();
            assertThatThrownBy(() -> DurableFiles.read(ch, file, 90, 11))
                    .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.kind())
                            .isEqualTo(FileFormatException.Kind.CORRUPT))
                    .hasMessage(file + ": truncated at byte 100");
        }
    }

    @Test
    void forcingAFolderIsBestEffort() throws Exception {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        DurableFiles.forceParent(file);
        DurableFiles.forceParent(Path.of("relative-name-only"));
        DurableFiles.forceDirectory(tmp.resolve("no-such-folder")); // cannot be opened: ignored, not thrown
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    private static final long SEED = 20261207L;
    private static final int MAGIC = 0x4d415246; // "FRAM"
    private static final int FROM = 16;

    /** A file header and five frames of seeded payloads (one empty); the payloads into {@code payloads}. */
    private static byte[] frames(List<byte[]> payloads) {
        Random random = new Random(SEED);
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[FROM]);
        for (int i = 0; i < 5; i++) {
            byte[] payload = new byte[i == 2 ? 0 : 1 + random.nextInt(300)];
            random.nextBytes(payload);
            payloads.add(payload);
            int start = b.position();
            b.putInt(MAGIC).putInt(payload.length).put(payload);
            CRC32C crc = new CRC32C();
            crc.update(b.array(), start, 8 + payload.length);
            b.putInt((int) crc.getValue());
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Replays {@code file}; the payloads of the frames handed over into {@code out}. */
    private static long replay(Path file, List<byte[]> out) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return DurableFiles.replayFrames(
                    ch, file, FROM, 8, h -> h.getInt(0) == MAGIC ? h.getInt(4) : -1, "frame", (at, f) -> {
                        assertThat(f.getInt(0)).isEqualTo(MAGIC);
                        out.add(Arrays.copyOfRange(f.array(), 8, 8 + f.getInt(4)));
                    });
        }
    }

    @Test
    void everyWholeFrameIsHandedOverAndATornLastOneCutOff() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        byte[] bytes = frames(payloads);
        List<Long> ends = new ArrayList<>();
        long end = FROM;
        for (byte[] p : payloads) {
            end += 12 + p.length;
            ends.add(end);
        }
        for (int cut = FROM; cut <= bytes.length; cut++) {
            Path file = Files.write(tmp.resolve("cut.bin"), Arrays.copyOf(bytes, cut));
            List<byte[]> read = new ArrayList<>();
            long whole = replay(file, read);
            int n = 0;
            while (n < ends.size() && ends.get(n) <= cut) {
                n++;
            }
            long expected = n == 0 ? FROM : ends.get(n - 1);
            assertThat(whole).as("seed %d, cut at %d", SEED, cut).isEqualTo(expected);
            assertThat(Files.size(file)).as("cut at %d", cut).isEqualTo(expected);
            assertThat(read).as("cut at %d", cut).containsExactlyElementsOf(payloads.subList(0, n));
        }
    }

    @Test
    void zerosWhereAFrameShouldBeAreATornAppend() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        byte[] bytes = frames(payloads);
        Path file = Files.write(tmp.resolve("zeros.bin"), Arrays.copyOf(bytes, bytes.length + 70_000));
        List<byte[]> read = new ArrayList<>();
        assertThat(replay(file, read)).isEqualTo(bytes.length);
        assertThat(read).containsExactlyElementsOf(payloads);
        assertThat(Files.size(file)).isEqualTo(bytes.length);
    }

    @Test
    void damageWithMoreAfterItIsRefusedAndNothingCut() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        byte[] bytes = frames(payloads);
        long second = FROM + 12 + payloads.get(0).length;
        byte[] flipped = bytes.clone();
        flipped[(int) second + 9] ^= 1; // the second frame's payload
        Path file = Files.write(tmp.resolve("flipped.bin"), flipped);
        assertThatThrownBy(() -> replay(file, new ArrayList<>()))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.kind())
                        .isEqualTo(FileFormatException.Kind.CORRUPT))
                .hasMessage(file + ": frame at byte " + second + ": checksum mismatch with more bytes after it");
        assertThat(Files.readAllBytes(file)).isEqualTo(flipped);

        byte[] badHeader = bytes.clone();
        badHeader[(int) second] ^= 1; // the second frame's magic
        Files.write(file, badHeader);
        assertThatThrownBy(() -> replay(file, new ArrayList<>()))
                .isInstanceOf(FileFormatException.class)
                .hasMessage(file + ": bad frame header at byte " + second);
        assertThat(Files.readAllBytes(file)).isEqualTo(badHeader);
    }

    @Test
    void aLengthNoByteArrayHoldsIsABadHeaderNotAnOverflow() throws Exception {
        // a sparse file past 2 GiB, so that the frame the header promises fits in it
        byte[] head = ByteBuffer.allocate(FROM + 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .position(FROM)
                .putInt(MAGIC)
                .putInt(Integer.MAX_VALUE - 8)
                .array();
        Path file = Files.write(tmp.resolve("huge.bin"), head);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength((1L << 31) + (1 << 20)); // holes: no disk space
        }
        long size = Files.size(file);
        assertThatThrownBy(() -> replay(file, new ArrayList<>()))
                .isInstanceOfSatisfying(FileFormatException.class, e -> assertThat(e.kind())
                        .isEqualTo(FileFormatException.Kind.CORRUPT))
                .hasMessage(file + ": bad frame header at byte " + FROM);
        assertThat(Files.size(file)).isEqualTo(size);
        Files.delete(file);
    }

    @Test
    void whatAFrameThrowsStopsTheReplay() throws Exception {
        byte[] bytes = frames(new ArrayList<>());
        Path file = Files.write(tmp.resolve("f.bin"), Arrays.copyOf(bytes, bytes.length + 3));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertThatThrownBy(
                            () -> DurableFiles.replayFrames(ch, file, FROM, 8, h -> h.getInt(4), "frame", (at, f) -> {
                                throw new IOException("cannot apply the frame at " + at);
                            }))
                    .hasMessage("cannot apply the frame at " + FROM);
        }
        assertThat(Files.size(file)).isEqualTo(bytes.length + 3);
    }

    @Test
    void replaceGivesTheWholeNewFileOrLeavesTheOldOneAndNoTemporaryFile() throws Exception {
        Path target = tmp.resolve("sub/list.manifest.json");
        DurableFiles.replace(target, t -> {
            assertThat(t.getParent()).isEqualTo(target.toAbsolutePath().getParent());
            assertThat(t.getFileName().toString())
                    .startsWith(".list.manifest.json.")
                    .endsWith(".tmp");
            assertThat(Files.size(t)).isZero();
            Files.writeString(t, "first");
        });
        assertThat(Files.readString(target)).isEqualTo("first");
        DurableFiles.replace(target, t -> Files.writeString(t, "second"));
        assertThat(Files.readString(target)).isEqualTo("second");

        assertThatThrownBy(() -> DurableFiles.replace(target, t -> {
                    Files.writeString(t, "half");
                    throw new IOException("the source changed");
                }))
                .hasMessage("the source changed");
        assertThat(Files.readString(target)).isEqualTo("second");
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("list.manifest.json");
        }
    }

    @Test
    void theTemporaryFilesACrashLeftAreDeletedByTheFoldersOwner() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work/exchanges"));
        // what kill -9 between createTempFile and the rename leaves, at two depths
        Path torn = Files.writeString(tmp.resolve("work/.served-lists.json.8163092475.tmp"), "{\"form");
        Path tornBelow = Files.writeString(work.resolve(".te.ledger.42.tmp"), "x");
        List<Path> kept = List.of(
                Files.writeString(tmp.resolve("work/served-lists.json"), "{}"),
                Files.writeString(work.resolve("te.ledger"), "x"),
                Files.writeString(work.resolve("notes.tmp"), "not hidden: not ours"),
                Files.writeString(work.resolve(".te.ledger.tmp"), "no number: not ours"),
                Files.writeString(work.resolve(".te.ledger.12a.tmp"), "not a number: not ours"));
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path notFollowed = Files.writeString(outside.resolve(".x.7.tmp"), "behind a link");
        Files.createSymbolicLink(work.resolve("link"), outside);

        assertThat(DurableFiles.deleteTemporaries(tmp.resolve("work"))).containsExactlyInAnyOrder(torn, tornBelow);
        assertThat(torn).doesNotExist();
        assertThat(tornBelow).doesNotExist();
        assertThat(kept).allSatisfy(f -> assertThat(f).exists());
        assertThat(notFollowed).exists();
        assertThat(DurableFiles.deleteTemporaries(tmp.resolve("work"))).isEmpty();
        assertThat(DurableFiles.deleteTemporaries(tmp.resolve("no-such-folder")))
                .isEmpty();
    }

    @Test
    void replaceNamesItsTemporaryFilesAsDeleteTemporariesFindsThem() throws Exception {
        Path target = tmp.resolve("list.manifest.json");
        String[] seen = new String[1];
        DurableFiles.replace(target, t -> seen[0] = t.getFileName().toString());
        assertThat(DurableFiles.isTemporary(seen[0])).as(seen[0]).isTrue();
        assertThat(DurableFiles.isTemporary(target.getFileName().toString())).isFalse();
        assertThat(DurableFiles.isTemporaryOf(seen[0], "list.manifest.json"))
                .as(seen[0])
                .isTrue();
        assertThat(DurableFiles.isTemporaryOf(seen[0], "list")).as(seen[0]).isFalse();
        assertThat(DurableFiles.isTemporaryOf(".list.tmp", "list")).isFalse();
        assertThat(DurableFiles.isTemporaryOf(".list.1x.tmp", "list")).isFalse();
        assertThat(DurableFiles.isTemporaryOf(".list.42.tmp", "list")).isTrue();
        assertThat(DurableFiles.isTemporaryOf(".list.77.42.tmp", "list")).isTrue();
        assertThat(DurableFiles.isTemporaryOf(".list.77.42.tmp", "list.77")).isTrue(); // older form, list "list.77"
        assertThat(DurableFiles.isTemporaryOf(".list.77.4x.tmp", "list")).isFalse();
        assertThat(seen[0])
                .startsWith(".list.manifest.json." + ProcessHandle.current().pid() + ".");
    }

    /** The pid of a process that has ended (and been waited for, so nothing of it is left). */
    static long endedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor()).isZero();
        assertThat(ProcessHandle.of(p.pid())).isEmpty();
        return p.pid();
    }

    @Test
    void onlyTheTemporaryFilesOfEndedWritersOfTheSameFileAreAbandoned() throws Exception {
        long ended = endedPid();
        long running = ProcessHandle.current().pid();
        Path abandoned = Files.writeString(tmp.resolve(".out.csv." + ended + ".8163092475.tmp"), "half");
        List<Path> kept = List.of(
                Files.writeString(tmp.resolve(".out.csv." + running + ".77.tmp"), "a running writer's"),
                Files.writeString(tmp.resolve(".out.csv.8163092475.tmp"), "no writer named"),
                Files.writeString(tmp.resolve(".out.csv.x." + ended + ".5.tmp"), "another file's"),
                Files.writeString(tmp.resolve(".other.csv." + ended + ".5.tmp"), "another file's"),
                Files.writeString(tmp.resolve("out.csv"), "the file itself"));
        Files.createDirectory(tmp.resolve(".out.csv." + ended + ".6.tmp")); // a folder is not ours

        assertThat(DurableFiles.deleteAbandonedTemporariesOf(tmp, "out.csv")).containsExactly(abandoned);
        assertThat(abandoned).doesNotExist();
        assertThat(kept).allSatisfy(f -> assertThat(f).exists());
        assertThat(tmp.resolve(".out.csv." + ended + ".6.tmp")).isDirectory();
        assertThat(DurableFiles.deleteAbandonedTemporariesOf(tmp, "out.csv")).isEmpty();
    }

    /** Child: replaces the file {@code args[0]} and stops half way through writing it, until killed. */
    public static void main(String[] args) throws Exception {
        DurableFiles.replace(Path.of(args[0]), t -> {
            Files.writeString(t, "half of the new");
            System.out.println("writing " + t.getFileName());
            while (true) {
                LockSupport.park(); // until the SIGKILL
            }
        });
    }

    @Test
    void aReplacementKilledHalfWayLeavesTheOldFileAndTheNextReplacementDeletesWhatItLeft() throws Exception {
        Path target = Files.writeString(tmp.resolve("report.csv"), "old");
        String left;
        try (ChildJvm child = ChildJvm.start(tmp, ChildJvm.command(DurableFilesTest.class, target.toString()))) {
            left = child.awaitLine("its temporary file", l -> l.startsWith("writing "))
                    .substring(8);
            child.kill(); // SIGKILL: no finally block runs
        }
        assertThat(tmp.resolve(left)).hasContent("half of the new");
        assertThat(target).hasContent("old");

        DurableFiles.replace(target, t -> Files.writeString(t, "new"));
        assertThat(target).hasContent("new");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")))
                    .as("left by the killed writer: %s", left)
                    .isEmpty();
        }
    }
}
