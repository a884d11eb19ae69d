package io.hashmatch.scan;

import static io.hashmatch.scan.DiskImageScanTest.sha256;
import static io.hashmatch.scan.FileSystemImages.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.disk.DiskTools;
import io.hashmatch.list.HashListSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each file system a card or stick carries, made by Debian's tools ({@link FileSystemImages}), in an MBR or GPT
 * partition or straight on the medium, scanned through The Sleuth Kit against the demo list: every file found at
 * its path in the file system with its exact hashes and the times the file system keeps, the deleted one found
 * {@code deleted}, the three expected hits and no other, nothing carved that is not there, and the image file
 * unchanged.
 */
class FileSystemImageScanTest {
    private static HashListSnapshot snapshot;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() throws Exception {
        snapshot = HashListSnapshot.open(ScanTree.SNAPSHOT);
    }

    @AfterAll
    static void close() {
        snapshot.close();
    }

    static void assumeTsk() {
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libtsk.so.19")), "libtsk19 is not installed");
    }

    List<ScannedFile> scan(Path image) throws Exception {
        return scan(image, 1);
    }

    List<ScannedFile> scan(Path image, int threads) throws Exception {
        return Scanner.newBuilder()
                .hasher(ScanTree.hasher())
                .matcher(ScanTree.matcher(snapshot), "demo")
                .journal(tmp.resolve("journal-" + image.getFileName() + "-" + threads + ".jsonl"))
                .threads(threads)
                .build()
                .run(List.of(image))
                .records();
    }

    /** What each file system keeps of the times given to the tree. */
    record Times(
            @Nullable Instant created,
            @Nullable Instant modified,
            @Nullable Instant accessed) {}

    /**
     * Scans {@code disk} and checks one file system's records.
     *
     * @param prefix the entries' prefix ({@code "p1/"}, or {@code ""} without a partition table)
     * @param deletedName the deleted file's path as the file system still names it
     * @param times the times expected on each allocated file (null: not checked)
     */
    static void assertFileSystem(
            List<ScannedFile> records, String partition, String fileSystem, String deletedName, @Nullable Times times)
            throws Exception {
        String prefix = partition.isEmpty() ? "" : partition + "/";
        Map<String, ScannedFile> byEntry = new TreeMap<>();
        for (ScannedFile f : records) {
            if (f.entry() != null && f.entry().startsWith(prefix)) {
                byEntry.put(f.entry(), f);
            }
        }
        String described = String.join("\n", byEntry.keySet());
        for (String p : FileSystemImages.TREE.keySet()) {
            String entry = prefix + (p.equals(FileSystemImages.DELETED) ? deletedName : p);
            ScannedFile f = byEntry.get(entry);
            assertThat(f).as("%s in %s:\n%s", entry, fileSystem, described).isNotNull();
            assertThat(f.error()).as(entry + ": " + f.errorMessage()).isNull();
            assertThat(f.sha256()).as(entry).isEqualTo(sha256(FileSystemImages.content(p)));
            assertThat(f.pdq()).as(entry).isNotNull();
            assertThat(f.origin().partition()).isEqualTo(partition.isEmpty() ? null : partition);
            boolean deleted = p.equals(FileSystemImages.DELETED);
            assertThat(f.origin().allocation())
                    .as(entry)
                    .isEqualTo(deleted ? DiskOrigin.Allocation.DELETED : DiskOrigin.Allocation.ALLOCATED);
            assertThat(f.matched()).as(entry + " hit").isEqualTo(FileSystemImages.HITS.contains(p));
            if (times != null && !deleted) {
                assertThat(new Times(
                                f.origin().created(),
                                f.origin().modified(),
                                f.origin().accessed()))
                        .as(entry + " times in " + fileSystem)
                        .isEqualTo(times);
            }
        }
        assertThat(byEntry).as(fileSystem + ":\n" + described).hasSize(FileSystemImages.TREE.size());
        assertThat(byEntry.get(prefix + "DOCS/NOTES.TXT").extensionMismatch()).isTrue();
        ScannedFile image = records.get(0);
        DiskImageSummary.Partition part = image.diskImage().partitions().stream()
                .filter(x -> x.name().equals(partition))
                .findFirst()
                .orElseThrow();
        assertThat(part.fileSystem()).isEqualTo(fileSystem);
        assertThat(part.error()).isNull();
        assertThat(part.files()).isEqualTo(FileSystemImages.TREE.size() - 1);
        assertThat(part.deleted()).isEqualTo(1);
        assertThat(part.carved()).as("carved in " + fileSystem).isZero();
    }

    /** The image record: no error, its hashes before and after equal to the file's, the file not changed. */
    static void assertImage(List<ScannedFile> records, Path disk, byte[] before, String format) throws Exception {
        ScannedFile image = records.get(0);
        assertThat(image.kind()).isEqualTo(MediaKind.DISK_IMAGE);
        assertThat(image.error()).as(image.errorMessage()).isNull();
        DiskImageSummary d = image.diskImage();
        assertThat(d.format()).isEqualTo(format);
        assertThat(d.sha256Before()).isEqualTo(sha256(before)).isEqualTo(d.sha256After());
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
        // no false hit: every other record is one of the tree's files, checked with its expected hit or none
        assertThat(image.matched()).isFalse();
    }

    void check(Path disk, String partition, String fileSystem, String deletedName, @Nullable Times times)
            throws Exception {
        assumeTsk();
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        assertThat(records).hasSize(1 + FileSystemImages.TREE.size());
        assertFileSystem(records, partition, fileSystem, deletedName, times);
        assertImage(records, disk, before, "raw");
    }

    /**
     * FAT keeps times in local time, modification to two seconds, access as a date; {@code mcopy -m} gives the
     * file's modification time to all three.
     */
    private static Times fatTimes() {
        ZoneId zone = ZoneId.systemDefault();
        Instant m = FileSystemImages.MODIFIED;
        return new Times(m, m, LocalDate.ofInstant(m, zone).atStartOfDay(zone).toInstant());
    }

    @Test
    void fat12StraightOnTheMedium() throws Exception {
        Path fs = FileSystemImages.fat(tmp.resolve("fat12"), 12, 2 * MIB);
        Path disk = Files.copy(fs, tmp.resolve("stick.raw"));
        check(disk, "", "fat12", "DCIM/_ONE.PNG", fatTimes());
    }

    @Test
    void fat32InAnMbrPartition() throws Exception {
        Path fs = FileSystemImages.fat(tmp.resolve("fat32"), 32, 34 * MIB);
        Path disk = FileSystemImages.mbrDisk(fs, 0x0c, tmp.resolve("card.raw"));
        check(disk, "p1", "fat32", "DCIM/_ONE.PNG", fatTimes());
    }

    @Test
    void ext2InAnMbrPartition() throws Exception {
        Path fs = FileSystemImages.ext(tmp.resolve("ext2"), "ext2");
        Path disk = FileSystemImages.mbrDisk(fs, 0x83, tmp.resolve("disk.raw"));
        check(
                disk,
                "p1",
                "ext2",
                FileSystemImages.DELETED,
                new Times(null, FileSystemImages.MODIFIED, FileSystemImages.ACCESSED));
    }

    @Test
    void ext4InAnMbrPartition() throws Exception {
        Path fs = FileSystemImages.ext(tmp.resolve("ext4"), "ext4");
        Path disk = FileSystemImages.mbrDisk(fs, 0x83, tmp.resolve("disk.raw"));
        check(disk, "p1", "ext4", FileSystemImages.DELETED, null);
    }

    @Test
    void ntfsInAnMbrPartition() throws Exception {
        Path fs = FileSystemImages.ntfs(tmp.resolve("ntfs"));
        Path disk = FileSystemImages.mbrDisk(fs, 0x07, tmp.resolve("disk.raw"));
        check(disk, "p1", "ntfs", FileSystemImages.DELETED, null);
    }

    @Test
    void exfatInAnMbrPartition() throws Exception {
        Path fs = FileSystemImages.exfat(tmp.resolve("exfat"));
        Path disk = FileSystemImages.mbrDisk(fs, 0x07, tmp.resolve("card.raw"));
        check(
                disk,
                "p1",
                "exfat",
                FileSystemImages.DELETED,
                new Times(FileSystemImages.CREATED, FileSystemImages.MODIFIED, FileSystemImages.ACCESSED));
    }

    @Test
    void gptWithExfatAndExt4() throws Exception {
        assumeTsk();
        Path exfat = FileSystemImages.exfat(tmp.resolve("exfat"));
        Path ext4 = FileSystemImages.ext(tmp.resolve("ext4"), "ext4");
        Path disk = FileSystemImages.gptDisk(tmp.resolve("gpt/disk.raw"), exfat, ext4);
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        assertThat(records).hasSize(1 + 2 * FileSystemImages.TREE.size());
        assertFileSystem(records, "p1", "exfat", FileSystemImages.DELETED, null);
        assertFileSystem(records, "p2", "ext4", FileSystemImages.DELETED, null);
        List<DiskImageSummary.Partition> parts = records.get(0).diskImage().partitions();
        assertThat(parts).extracting(DiskImageSummary.Partition::offset).containsExactly(MIB, 5 * MIB);
        assertImage(records, disk, before, "raw");
    }

    /** Overwrites the primary GPT's partition entries (sectors 2-5) with seeded random bytes. */
    @Test
    void gptWhosePrimaryTableIsDamagedIsReadFromItsBackup() throws Exception {
        assumeTsk();
        Path disk = FileSystemImages.gptDisk(
                tmp.resolve("gpt/disk.raw"),
                FileSystemImages.exfat(tmp.resolve("exfat")),
                FileSystemImages.ext(tmp.resolve("ext4"), "ext4"));
        long seed = 16;
        byte[] garbage = new byte[4 * 512];
        new java.util.Random(seed).nextBytes(garbage);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.seek(2 * 512);
            f.write(garbage);
        }
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        ScannedFile image = records.get(0);
        assertThat(image.error()).as("seed " + seed).isEqualTo("disk_image_damaged");
        assertThat(image.errorMessage()).startsWith("partition_table_corrupt: ").contains("backup table");
        assertFileSystem(records, "p1", "exfat", FileSystemImages.DELETED, null);
        assertFileSystem(records, "p2", "ext4", FileSystemImages.DELETED, null);
        assertThat(records).hasSize(1 + 2 * FileSystemImages.TREE.size());
        assertThat(image.diskImage().sha256After()).isEqualTo(sha256(before));
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
    }

    /** Both GPT headers gone: a typed error, and the pictures still found by carving the whole disk. */
    @Test
    void gptWithBothTablesGoneIsReportedAndCarved() throws Exception {
        assumeTsk();
        Path disk = FileSystemImages.gptDisk(
                tmp.resolve("gpt/disk.raw"),
                FileSystemImages.exfat(tmp.resolve("exfat")),
                FileSystemImages.ext(tmp.resolve("ext4"), "ext4"));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.seek(512);
            f.write(new byte[512]);
            f.seek(f.length() - 512);
            f.write(new byte[512]);
        }
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        ScannedFile image = records.get(0);
        assertThat(image.error()).isEqualTo("disk_image_damaged");
        assertThat(image.errorMessage()).startsWith("partition_table_corrupt: GPT damaged");
        java.util.Set<String> expected = new java.util.HashSet<>();
        java.util.Set<String> hits = new java.util.HashSet<>();
        for (String p : FileSystemImages.TREE.keySet()) {
            expected.add(sha256(FileSystemImages.content(p)));
            if (FileSystemImages.HITS.contains(p)) {
                hits.add(sha256(FileSystemImages.content(p)));
            }
        }
        java.util.Set<String> carved = new java.util.HashSet<>();
        for (ScannedFile f : records.subList(1, records.size())) {
            assertThat(f.origin().allocation()).isEqualTo(DiskOrigin.Allocation.CARVED);
            assertThat(f.entry()).startsWith("unallocated@0x");
            assertThat(f.matched()).as(f.entry()).isEqualTo(hits.contains(f.sha256()));
            carved.add(f.sha256());
        }
        // every picture of both file systems (each file's bytes are contiguous), and nothing else that is a picture
        assertThat(carved).containsAll(expected);
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
    }

    @Test
    void deletedFilePartlyOverwrittenIsReportedAsSuch() throws Exception {
        assumeTsk();
        byte[] newer = new byte[3000];
        new java.util.Random(3000).nextBytes(newer);
        Path fs = FileSystemImages.extOverwritten(tmp.resolve("ext2"), newer);
        Path disk = FileSystemImages.mbrDisk(fs, 0x83, tmp.resolve("disk.raw"));
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        ScannedFile gone = DiskImageScanTest.entry(records, "p1/" + FileSystemImages.DELETED);
        assertThat(gone.origin().allocation()).isEqualTo(DiskOrigin.Allocation.DELETED);
        assertThat(gone.error()).isEqualTo(DiskImageScan.OVERWRITTEN);
        // 9332 bytes in 1 KiB blocks: 10; the 3000-byte file written after took the first 3 of them
        assertThat(gone.errorMessage()).startsWith("3 of the 10 blocks of this deleted file now belong to other");
        assertThat(gone.sha256()).isNotEqualTo(sha256(FileSystemImages.content(FileSystemImages.DELETED)));
        assertThat(gone.matched()).isFalse();
        ScannedFile now = DiskImageScanTest.entry(records, "p1/NEW.BIN");
        assertThat(now.sha256()).isEqualTo(sha256(newer));
        assertThat(now.error()).isNull();
        assertThat(DiskImageScanTest.entry(records, "p1/DCIM/SHAPES.PNG").error())
                .isNull();
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
    }

    @Test
    void jpegHiddenInAFilesSlackIsCarvedWithItsOffset() throws Exception {
        assumeTsk();
        Path dir = Files.createDirectories(tmp.resolve("slack"));
        Path fs = FileSystemImages.empty(dir.resolve("fat16.fs"), 16 * MIB);
        // 2 KiB clusters: a 100-byte file leaves 1948 bytes of slack
        DiskTools.run(dir, "mkfs.vfat", "-F", "16", "-s", "4", "-n", "CARD", fs.toString());
        byte[] text = "README: a short note, 100 bytes long, whose cluster has room for more than its own bytes.\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(dir.resolve("README.TXT"), text);
        DiskTools.run(dir, "mcopy", "-i", fs.toString(), "README.TXT", "::/README.TXT");
        Path disk = FileSystemImages.mbrDisk(fs, 0x06, tmp.resolve("card.raw"));
        byte[] bytes = Files.readAllBytes(disk);
        int file = FileSystemImages.indexOf(bytes, text);
        assertThat(file % 512).isZero();
        byte[] hidden = Files.readAllBytes(FileSystemImages.IMAGES.resolve("syn_checker_32x32_q90.jpg"));
        long at = file + 600L; // not on a sector boundary; 600 + 1310 bytes end within the cluster
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.seek(at);
            f.write(hidden);
        }
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        ScannedFile readme = DiskImageScanTest.entry(records, "p1/README.TXT");
        assertThat(readme.sha256()).isEqualTo(sha256(text));
        assertThat(readme.origin().offset()).isEqualTo(file);
        ScannedFile carved = DiskImageScanTest.entry(
                records, String.format(java.util.Locale.ROOT, "slack@0x%x+%d", at, hidden.length));
        assertThat(carved.sha256()).isEqualTo(sha256(hidden));
        assertThat(carved.format()).isEqualTo("jpeg");
        assertThat(carved.pdq()).isNotNull();
        assertThat(carved.origin()).isEqualTo(DiskOrigin.carved("p1", at));
        assertThat(records).hasSize(3);
        assertThat(records.get(0).diskImage().partitions().get(0).carved()).isEqualTo(1);
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
    }

    @Test
    void jpegHiddenInAnExfatFilesSlackIsCarvedWithItsOffset() throws Exception {
        assumeTsk();
        // mkfs.exfat's 4 KiB clusters: CHECKER.PNG (353 bytes) leaves its cluster's last 3,743 bytes as slack
        Path disk =
                FileSystemImages.mbrDisk(FileSystemImages.exfat(tmp.resolve("exfat")), 0x07, tmp.resolve("card.raw"));
        byte[] checker = FileSystemImages.content("CHECKER.PNG");
        int file = FileSystemImages.indexOf(Files.readAllBytes(disk), checker);
        assertThat(file % 4096).isZero();
        byte[] hidden = Files.readAllBytes(FileSystemImages.IMAGES.resolve("syn_checker_32x32_q90.jpg"));
        long at = file + 600L; // past the file's last sector, within its cluster
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.seek(at);
            f.write(hidden);
        }
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        assertThat(DiskImageScanTest.entry(records, "p1/CHECKER.PNG").sha256()).isEqualTo(sha256(checker));
        ScannedFile carved = DiskImageScanTest.entry(
                records, String.format(java.util.Locale.ROOT, "slack@0x%x+%d", at, hidden.length));
        assertThat(carved.sha256()).isEqualTo(sha256(hidden));
        assertThat(carved.origin()).isEqualTo(DiskOrigin.carved("p1", at));
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
    }

    /** A folder holding a split raw and a segmented E01 image: each image read once, whole; no segment on its own. */
    @Test
    void laterSegmentsAreReadWithTheirImageOnly() throws Exception {
        assumeTsk();
        assumeTrue(DiskTools.installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        Path fs = FileSystemImages.fat(tmp.resolve("fat12"), 12, 2 * MIB);
        byte[] all = Files.readAllBytes(fs);
        Path folder = Files.createDirectories(tmp.resolve("evidence"));
        Files.write(folder.resolve("stick.001"), java.util.Arrays.copyOfRange(all, 0, (int) MIB));
        Files.write(folder.resolve("stick.002"), java.util.Arrays.copyOfRange(all, (int) MIB, all.length));
        DiskTools.ewfacquire(tmp, folder.resolve("card"), fs, "-S", "1MiB", "-c", "none");
        List<Path> e01;
        try (var files = Files.list(folder)) {
            e01 = files.filter(f -> f.getFileName().toString().matches("card\\.E\\d\\d"))
                    .sorted()
                    .toList();
        }
        assertThat(e01).hasSizeGreaterThan(1);
        assertThat(e01.get(0).getFileName().toString()).isEqualTo("card.E01");
        List<ScannedFile> records = scan(folder);
        List<ScannedFile> images =
                records.stream().filter(f -> f.entry() == null).toList();
        assertThat(images)
                .extracting(ScannedFile::path)
                .containsExactlyInAnyOrder(
                        folder.resolve("stick.001").toString(), e01.get(0).toString());
        List<List<Path>> segments = List.of(List.of(folder.resolve("stick.001"), folder.resolve("stick.002")), e01);
        for (List<Path> parts : segments) {
            ScannedFile image = images.stream()
                    .filter(f -> f.path().equals(parts.get(0).toString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(image.kind()).isEqualTo(MediaKind.DISK_IMAGE);
            assertThat(image.error()).as(image.errorMessage()).isNull();
            assertThat(image.diskImage().segments())
                    .containsExactlyElementsOf(
                            parts.stream().map(Path::toString).toList());
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (Path p : parts) {
                joined.write(Files.readAllBytes(p));
            }
            assertThat(image.sha256()).isEqualTo(sha256(joined.toByteArray()));
            assertThat(image.diskImage().mediaSize()).isEqualTo(all.length);
            assertThat(records.stream()
                            .filter(f -> image.path().equals(f.path())
                                    && "DCIM/SHAPES.PNG".equals(f.entry())
                                    && f.matched()))
                    .hasSize(1);
        }
        // every record belongs to one of the two images: the tree's files, read once per image
        assertThat(records).hasSize(2 * (1 + FileSystemImages.TREE.size()));
    }

    /** The files of one image hashed on three threads: the same records, in the same order, as on one. */
    @Test
    void oneImageOnThreeThreadsGivesWhatOneThreadGives() throws Exception {
        assumeTsk();
        Path disk = FileSystemImages.gptDisk(
                tmp.resolve("gpt/disk.raw"),
                FileSystemImages.exfat(tmp.resolve("exfat")),
                FileSystemImages.ext(tmp.resolve("ext4"), "ext4"));
        List<ScannedFile> one = scan(disk, 1);
        List<ScannedFile> three = scan(disk, 3);
        assertThat(three).hasSize(1 + 2 * FileSystemImages.TREE.size());
        assertThat(three).isEqualTo(one);
    }
}
