package io.hashmatch.scan;

import static io.hashmatch.disk.DiskTools.ewfacquire;
import static io.hashmatch.disk.DiskTools.installed;
import static io.hashmatch.disk.DiskTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.disk.Carver;
import io.hashmatch.disk.DiskTools;
import io.hashmatch.hash.FileHasher;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk images made here with Debian's tools (dosfstools, mtools, ewf-tools), scanned through The Sleuth Kit: files
 * in folders, a deleted file, a JPEG only in unallocated space, a name that lies about its bytes, an MBR, split raw,
 * E01 with its acquisition metadata, and a damaged partition table. Benign generated pictures only.
 */
class DiskImageScanTest {
    private static final Path IMAGES = Path.of("src/test/resources/pdq/images");
    private static final long MIB = 1 << 20;
    /** Where the file system starts on the disk (LBA 2048), and where the JPEG is planted in its free space. */
    private static final long PARTITION = MIB;

    private static final long PLANTED = 12 * MIB;

    @TempDir
    Path tmp;

    byte[] photo;
    byte[] text;
    byte[] grad;
    byte[] planted;
    Path disk;

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static String sha1(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(b));
    }

    static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    @BeforeEach
    void makeDisk() throws Exception {
        assumeTrue(
                installed("mkfs.vfat") && installed("mcopy"),
                "mkfs.vfat and mcopy (dosfstools, mtools) are not installed");
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libtsk.so.19")), "libtsk19 is not installed");
        photo = Files.readAllBytes(IMAGES.resolve("photolike_00_640x480.jpg"));
        text = Files.readAllBytes(IMAGES.resolve("syn_text_256x256.png"));
        grad = Files.readAllBytes(IMAGES.resolve("syn_grad_32x32.png"));
        planted = Files.readAllBytes(IMAGES.resolve("photolike_06_800x600.jpg"));
        Path fs = tmp.resolve("fat.img");
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            f.setLength(16 * MIB);
        }
        run(tmp, "mkfs.vfat", "-F", "16", "-n", "CARD", fs.toString());
        Files.write(tmp.resolve("IMG_0001.JPG"), photo);
        Files.write(tmp.resolve("NOTES.TXT"), text);
        Files.write(tmp.resolve("GONE.PNG"), grad);
        run(tmp, "mmd", "-i", fs.toString(), "::/DCIM");
        run(tmp, "mcopy", "-i", fs.toString(), "IMG_0001.JPG", "::/DCIM/IMG_0001.JPG");
        run(tmp, "mcopy", "-i", fs.toString(), "NOTES.TXT", "::/NOTES.TXT");
        run(tmp, "mcopy", "-i", fs.toString(), "GONE.PNG", "::/GONE.PNG");
        run(tmp, "mdel", "-i", fs.toString(), "::/GONE.PNG");
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            f.seek(PLANTED); // free clusters: the file system holds three small files at its start
            f.write(planted);
        }
        disk = tmp.resolve("evidence/card.raw");
        Files.createDirectories(disk.getParent());
        byte[] mbr = mbr(new long[][] {{0x06, PARTITION / 512, 16 * MIB / 512}});
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.write(mbr);
            f.seek(PARTITION);
            f.write(Files.readAllBytes(fs));
        }
    }

    /** An MBR with the given {type, first sector, sectors} entries. */
    static byte[] mbr(long[][] entries) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < entries.length; i++) {
            int at = 446 + 16 * i;
            b.put(at + 4, (byte) entries[i][0]);
            b.putInt(at + 8, (int) entries[i][1]);
            b.putInt(at + 12, (int) entries[i][2]);
        }
        b.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        return b.array();
    }

    List<ScannedFile> scan(Path image) throws Exception {
        Path journal = tmp.resolve("journal-" + image.getFileName() + ".jsonl");
        Scanner s = Scanner.newBuilder()
                .hasher(FileHasher.newBuilder().build())
                .journal(journal)
                .threads(1)
                .build();
        return s.run(List.of(image)).records();
    }

    static ScannedFile entry(List<ScannedFile> records, String entry) {
        return records.stream()
                .filter(f -> entry.equals(f.entry()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + entry + " in "
                        + records.stream().map(ScannedFile::entry).toList()));
    }

    void assertContents(List<ScannedFile> records, Path image, String format) throws Exception {
        ScannedFile img = records.get(0);
        assertThat(img.path()).isEqualTo(image.toString());
        assertThat(img.kind()).isEqualTo(MediaKind.DISK_IMAGE);
        assertThat(img.error()).as(img.errorMessage()).isNull();
        DiskImageSummary d = img.diskImage();
        assertThat(d).isNotNull();
        assertThat(d.format()).isEqualTo(format);
        assertThat(d.unchanged()).as(d.toString()).isTrue();
        assertThat(d.partitions()).hasSize(1);
        DiskImageSummary.Partition p1 = d.partitions().get(0);
        assertThat(p1.name()).isEqualTo("p1");
        assertThat(p1.offset()).isEqualTo(PARTITION);
        assertThat(p1.fileSystem()).isEqualTo("fat16");
        assertThat(p1.files()).isEqualTo(2);
        assertThat(p1.deleted()).isEqualTo(1);
        assertThat(p1.carved()).isEqualTo(1);
        // the first MiB lies outside the partition (TSK counts the MBR's own sector in it); nothing there to carve
        assertThat(d.outsidePartitions()).isEqualTo(new DiskImageSummary.OutsidePartitions(PARTITION, 0));

        ScannedFile jpg = entry(records, "p1/DCIM/IMG_0001.JPG");
        assertThat(jpg.sha256()).isEqualTo(sha256(photo));
        assertThat(jpg.kind()).isEqualTo(MediaKind.IMAGE);
        assertThat(jpg.pdq()).isNotNull();
        assertThat(jpg.origin().allocation()).isEqualTo(DiskOrigin.Allocation.ALLOCATED);
        assertThat(jpg.origin().partition()).isEqualTo("p1");
        assertThat(jpg.origin().modified()).isNotNull();
        assertThat(jpg.extensionMismatch()).isFalse();
        // the first block of the file holds its first bytes
        byte[] at = new byte[4];
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "r")) {
            f.seek(jpg.origin().offset());
            f.readFully(at);
        }
        assertThat(at).containsExactly(0xff, 0xd8, 0xff, photo[3] & 0xff);

        ScannedFile notes = entry(records, "p1/NOTES.TXT");
        assertThat(notes.sha256()).isEqualTo(sha256(text));
        assertThat(notes.format()).isEqualTo("png");
        assertThat(notes.extensionMismatch()).isTrue();

        List<ScannedFile> deleted = records.stream()
                .filter(f -> f.origin() != null && f.origin().allocation() == DiskOrigin.Allocation.DELETED)
                .toList();
        assertThat(deleted).hasSize(1);
        assertThat(deleted.get(0).sha256()).isEqualTo(sha256(grad));
        assertThat(deleted.get(0).entry()).startsWith("p1/").endsWith(".PNG");

        String carvedEntry = String.format(Locale.ROOT, "unallocated@0x%x+%d", PARTITION + PLANTED, planted.length);
        ScannedFile carved = entry(records, carvedEntry);
        assertThat(carved.sha256()).isEqualTo(sha256(planted));
        assertThat(carved.pdq()).isNotNull();
        assertThat(carved.origin()).isEqualTo(DiskOrigin.carved("p1", PARTITION + PLANTED));
        // nothing else was carved: the files' own bytes are allocated, so only the planted JPEG is in free space
        assertThat(records.stream()
                        .filter(f -> f.origin() != null && f.origin().allocation() == DiskOrigin.Allocation.CARVED))
                .hasSize(1);
        assertThat(records).hasSize(5);
        // the journal keeps it all: the record read back equals the one made
        assertThat(ScannedFile.fromJson(carved.toJson(0, false))).isEqualTo(carved);
        assertThat(ScannedFile.fromJson(img.toJson(0, false))).isEqualTo(img);
    }

    @Test
    void rawImageWithMbrFilesDeletedAndCarved() throws Exception {
        byte[] before = Files.readAllBytes(disk);
        List<ScannedFile> records = scan(disk);
        assertContents(records, disk, "raw");
        DiskImageSummary d = records.get(0).diskImage();
        assertThat(d.acquisitionHash()).isEqualTo(AcquisitionHash.NONE_STORED);
        assertThat(d.sha256Before()).isEqualTo(sha256(before)).isEqualTo(d.sha256After());
        assertThat(records.get(0).sha256()).isEqualTo(sha256(before));
        assertThat(Files.readAllBytes(disk)).isEqualTo(before);
    }

    @Test
    void splitRawImage() throws Exception {
        byte[] all = Files.readAllBytes(disk);
        Path dir = Files.createDirectories(tmp.resolve("split"));
        int half = (int) (9 * MIB);
        Files.write(dir.resolve("card.001"), Arrays.copyOfRange(all, 0, half));
        Files.write(dir.resolve("card.002"), Arrays.copyOfRange(all, half, all.length));
        Files.delete(disk);
        disk = dir.resolve("card.001");
        // the offset check reads the first segment: the JPEG's first block lies in it
        List<ScannedFile> records = scan(disk);
        disk = dir.resolve("joined.raw");
        Files.write(disk, all);
        assertContents(records.subList(0, 5), dir.resolve("card.001"), "split-raw");
        assertThat(records.get(0).diskImage().segments())
                .containsExactly(
                        dir.resolve("card.001").toString(),
                        dir.resolve("card.002").toString());
    }

    @Test
    void e01WithItsAcquisitionMetadata() throws Exception {
        assumeTrue(installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        byte[] raw = Files.readAllBytes(disk);
        Path dir = Files.createDirectories(tmp.resolve("e01"));
        Path e01 = DiskTools.acquireE01(tmp, dir.resolve("card"), disk, "seized");
        List<ScannedFile> records = scan(e01);
        assertContents(records, e01, "e01");
        DiskImageSummary d = records.get(0).diskImage();
        assertThat(d.metadata())
                .containsEntry("case_number", "C-42")
                .containsEntry("examiner", "J. Doe")
                .containsEntry("evidence_number", "EV-7")
                .containsEntry("acquired_md5", md5(raw));
        assertThat(d.mediaSize()).isEqualTo(raw.length);
        assertThat(d.acquisitionHash())
                .isEqualTo(new AcquisitionHash(AcquisitionHash.Outcome.VERIFIED, md5(raw), null, null));
    }

    /** An E01 with an MD5 and a SHA-1 stored, split into segments: both verified over the whole medium. */
    @Test
    void segmentedE01WithMd5AndSha1IsVerified() throws Exception {
        assumeTrue(installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        byte[] raw = Files.readAllBytes(disk);
        Path dir = Files.createDirectories(tmp.resolve("e01"));
        List<ScannedFile> records = scan(ewfacquire(tmp, dir.resolve("card"), disk, "-d", "sha1", "-S", "1MiB"));
        DiskImageSummary d = records.get(0).diskImage();
        assertThat(d.segments()).hasSizeGreaterThan(2);
        assertThat(d.acquisitionHash())
                .isEqualTo(new AcquisitionHash(AcquisitionHash.Outcome.VERIFIED, md5(raw), sha1(raw), null));
        assertThat(records.get(0).error()).as(records.get(0).errorMessage()).isNull();
    }

    /**
     * An E01 one byte of whose medium changed after acquisition (in the JPEG planted in free space, in an
     * uncompressed chunk): the acquisition hash check says mismatch, with the medium's hashes as read (those of the
     * medium with the byte changed) and the chunk whose checksum failed; the image record is damaged, and every
     * file is still scanned with its exact hashes. TSK reads through its own libewf handle, which gives that chunk
     * as zeros: the JPEG there is not carved.
     */
    @Test
    void e01WhoseMediumChangedIsAMismatchAndStillScanned() throws Exception {
        assumeTrue(installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        byte[] raw = Files.readAllBytes(disk);
        Path dir = Files.createDirectories(tmp.resolve("e01"));
        Path e01 = ewfacquire(tmp, dir.resolve("card"), disk, "-d", "sha1");
        byte[] image = Files.readAllBytes(e01);
        // the JPEG's bytes as stored in the E01 (ewfacquire stores chunks uncompressed by default)
        int inJpeg = 4000;
        int at = FileSystemImages.indexOf(image, Arrays.copyOfRange(planted, inJpeg, inJpeg + 64));
        assertThat(at).as("the JPEG's bytes in the E01").isPositive();
        image[at + 10] ^= 0x01;
        int inRaw = (int) (PARTITION + PLANTED) + inJpeg + 10;
        raw[inRaw] ^= 0x01;
        Files.write(e01, image);

        List<ScannedFile> records = scan(e01);
        ScannedFile img = records.get(0);
        DiskImageSummary d = img.diskImage();
        AcquisitionHash a = d.acquisitionHash();
        long chunk = inRaw / 512 / 64 * 64;
        assertThat(a)
                .isEqualTo(new AcquisitionHash(
                        AcquisitionHash.Outcome.MISMATCH,
                        md5(raw),
                        sha1(raw),
                        "MD5 of the medium as read " + md5(raw) + ", stored at acquisition "
                                + d.metadata().get("acquired_md5") + "; SHA-1 of the medium as read " + sha1(raw)
                                + ", stored at acquisition " + d.metadata().get("acquired_sha1")
                                + "; 1 chunk of the image failed its own checksum (its bytes as stored are not those"
                                + " written): sectors " + chunk + "-" + (chunk + 63)));
        raw[inRaw] ^= 0x01;
        assertThat(d.metadata()).containsEntry("acquired_md5", md5(raw)).containsEntry("acquired_sha1", sha1(raw));
        assertThat(img.error()).isEqualTo("disk_image_damaged");
        assertThat(img.errorMessage()).isEqualTo("acquisition_hash_mismatch: " + a.detail());
        assertThat(d.sha256Before()).isEqualTo(sha256(image)).isEqualTo(d.sha256After());
        // a finding, not a failure: every file is there with its exact hashes; nothing carved where TSK read zeros
        assertThat(records).as(records.toString()).hasSize(4);
        assertThat(entry(records, "p1/DCIM/IMG_0001.JPG").sha256()).isEqualTo(sha256(photo));
        assertThat(entry(records, "p1/NOTES.TXT").sha256()).isEqualTo(sha256(text));
        assertThat(records)
                .noneMatch(r -> r.origin() != null && r.origin().allocation() == DiskOrigin.Allocation.CARVED);
        // the record read back from the journal says the same
        assertThat(ScannedFile.fromJson(img.toJson(0, false))).isEqualTo(img);
    }

    /**
     * A JPEG planted after the last partition, in space no partition holds: carved, on no partition, and counted
     * on the image's "outside partitions" line, not on a partition's.
     */
    @Test
    void objectsCarvedOutsideEveryPartitionAreCounted() throws Exception {
        long after = PARTITION + 16 * MIB + 4096;
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(PARTITION + 18 * MIB);
            f.seek(after);
            f.write(photo);
        }
        List<ScannedFile> records = scan(disk);
        DiskImageSummary d = records.get(0).diskImage();
        assertThat(d.outsidePartitions()).isEqualTo(new DiskImageSummary.OutsidePartitions(PARTITION + 2 * MIB, 1));
        assertThat(d.partitions().get(0).carved()).isEqualTo(1);
        ScannedFile outside = entry(records, String.format(Locale.ROOT, "unallocated@0x%x+%d", after, photo.length));
        assertThat(outside.origin()).isEqualTo(DiskOrigin.carved(null, after));
        assertThat(outside.sha256()).isEqualTo(sha256(photo));
    }

    @Test
    void damagedPartitionTableIsReportedAndTheRestScanned() throws Exception {
        // a second partition that runs past the end of the medium
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.write(mbr(
                    new long[][] {{0x06, PARTITION / 512, 16 * MIB / 512}, {0x83, 40 * MIB / 512, 64 * MIB / 512}}));
        }
        List<ScannedFile> records = scan(disk);
        ScannedFile img = records.get(0);
        assertThat(img.error()).isEqualTo("disk_image_damaged");
        assertThat(img.errorMessage()).contains("partition_table_corrupt");
        assertThat(entry(records, "p1/DCIM/IMG_0001.JPG").sha256()).isEqualTo(sha256(photo));
        assertThat(img.diskImage().unchanged()).isTrue();
        List<String> names = new ArrayList<>();
        img.diskImage().partitions().forEach(p -> names.add(p.name() + ":" + (p.error() != null)));
        assertThat(names).containsExactly("p1:false", "p2:true");
    }

    /**
     * A JPEG in free space whose second half lies 2 MiB further on, as a file system fragments a file: the carver
     * reports its first fragment, exactly, as partial; the second half, having no header, is not found, and no
     * carved record holds the whole file's hashes.
     */
    @Test
    void fragmentedJpegIsReportedPartialWithItsFirstFragment() throws Exception {
        long second = PLANTED + 2 * MIB;
        int split = fragmentEnd(planted);
        byte[] first = Arrays.copyOfRange(planted, 0, split);
        byte[] rest = Arrays.copyOfRange(planted, split, planted.length);
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.seek(PARTITION + PLANTED);
            f.write(new byte[planted.length]); // the contiguous copy planted by makeDisk
            f.seek(PARTITION + PLANTED);
            f.write(first);
            f.seek(PARTITION + second);
            f.write(rest);
        }

        // the carver's own answer over the partition: the first fragment, partial, and nothing else in free space
        List<Carver.Found> found = new ArrayList<>();
        try (FileChannel ch = FileChannel.open(disk)) {
            Carver.sectorAligned()
                    .carve(
                            (offset, b, off, len) -> ch.read(ByteBuffer.wrap(b, off, len), offset),
                            PARTITION + PLANTED,
                            4 * MIB,
                            found::add);
        }
        assertThat(found).containsExactly(new Carver.Found(PARTITION + PLANTED, split, "jpeg", true));

        List<ScannedFile> records = scan(disk);
        List<ScannedFile> carved = records.stream()
                .filter(f -> f.origin() != null && f.origin().allocation() == DiskOrigin.Allocation.CARVED)
                .toList();
        assertThat(carved).hasSize(1);
        ScannedFile part = carved.get(0);
        assertThat(part.entry())
                .isEqualTo(String.format(Locale.ROOT, "unallocated@0x%x+%d", PARTITION + PLANTED, split));
        assertThat(part.origin()).isEqualTo(DiskOrigin.carved("p1", PARTITION + PLANTED));
        assertThat(part.size()).isEqualTo(split);
        assertThat(part.sha256()).isEqualTo(sha256(first)).isNotEqualTo(sha256(planted));
        assertThat(part.error()).as(part.errorMessage()).isIn("truncated", "carved_partial");
        // no record anywhere holds the whole file's hashes, nor a second object at the second half
        String whole = sha256(planted);
        assertThat(records).noneMatch(f -> whole.equals(f.sha256()));
        assertThat(records)
                .noneMatch(f -> f.entry() != null && f.entry().contains(Long.toHexString(PARTITION + second)));
        assertThat(records).hasSize(5);
    }

    /**
     * Where to cut {@code jpeg} in two, as a file system with 4 KiB clusters would: the first cluster boundary past
     * the middle whose last byte is neither 0x00 nor 0xFF (so the coded data's own bytes decide nothing at the cut).
     */
    static int fragmentEnd(byte[] jpeg) {
        int cluster = 4096;
        for (int at = (jpeg.length / 2 + cluster - 1) / cluster * cluster; at < jpeg.length - cluster; at += cluster) {
            int last = jpeg[at - 1] & 0xff;
            if (last != 0 && last != 0xff) {
                return at;
            }
        }
        throw new AssertionError("no cut point in a JPEG of " + jpeg.length + " bytes");
    }

    @Test
    void theEntriesOfADeletedArchiveAreDeletedToo() throws Exception {
        Path fs = tmp.resolve("evidence/stick.raw");
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            f.setLength(4 * MIB);
        }
        run(tmp, "mkfs.vfat", "-F", "12", "-n", "STICK", fs.toString());
        Files.write(tmp.resolve("OLD.ZIP"), RawCarveScanTest.zip("grad.png", grad));
        run(tmp, "mcopy", "-i", fs.toString(), "OLD.ZIP", "::/OLD.ZIP");
        run(tmp, "mdel", "-i", fs.toString(), "::/OLD.ZIP");
        List<ScannedFile> records = scan(fs);
        ScannedFile zip = records.stream()
                .filter(f -> f.kind() == MediaKind.ARCHIVE)
                .findFirst()
                .orElseThrow(() -> new AssertionError(records.toString()));
        assertThat(zip.origin().allocation()).isEqualTo(DiskOrigin.Allocation.DELETED);
        ScannedFile inside = entry(records, zip.entry() + "!/grad.png");
        assertThat(inside.sha256()).isEqualTo(sha256(grad));
        // deleted as its archive is, on no partition (a file system straight on the medium), with no offset
        assertThat(inside.origin())
                .isEqualTo(new DiskOrigin(DiskOrigin.Allocation.DELETED, null, -1, null, null, null, null));
    }

    @Test
    void aFileThatOnlyLooksLikeNothingIsNotAnImage() throws IOException {
        Path notImage = Files.write(tmp.resolve("zeros.bin"), new byte[64 << 10]);
        assertThat(DiskImageScan.isDiskImage(notImage)).isFalse();
        assertThat(DiskImageScan.isDiskImage(disk)).isTrue();
    }
}
