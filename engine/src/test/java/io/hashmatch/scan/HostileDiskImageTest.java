package io.hashmatch.scan;

import static io.hashmatch.disk.DiskTools.ewfacquire;
import static io.hashmatch.disk.DiskTools.installed;
import static io.hashmatch.disk.DiskTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.hash.FileHasher;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile disk images, made here with Debian's tools and then damaged: each gives a typed error on the
 * record it concerns, and the rest of the image is scanned.
 */
class HostileDiskImageTest {
    private static final Path IMAGES = Path.of("src/test/resources/pdq/images");
    private static final long MIB = 1 << 20;

    @TempDir
    Path tmp;

    byte[] photo;

    @BeforeEach
    void tools() throws Exception {
        assumeTrue(
                installed("mkfs.vfat") && installed("mcopy"),
                "mkfs.vfat and mcopy (dosfstools, mtools) are not installed");
        assumeTrue(Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libtsk.so.19")), "libtsk19 is not installed");
        photo = Files.readAllBytes(IMAGES.resolve("photolike_00_640x480.jpg"));
    }

    List<ScannedFile> scan(Path image) throws Exception {
        Scanner s = Scanner.newBuilder()
                .hasher(FileHasher.newBuilder().build())
                .journal(tmp.resolve("journal-" + image.getFileName() + ".jsonl"))
                .threads(1)
                .build();
        return s.run(List.of(image)).records();
    }

    /** A FAT16 file system of {@code mib} MiB holding the photo as {@code PHOTO.JPG}. */
    Path fat(String name, int mib) throws Exception {
        Path fs = tmp.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            f.setLength(mib * MIB);
        }
        run(tmp, "mkfs.vfat", "-F", "16", "-n", "CARD", fs.toString());
        Files.write(tmp.resolve("PHOTO.JPG"), photo);
        run(tmp, "mcopy", "-i", fs.toString(), "PHOTO.JPG", "::/PHOTO.JPG");
        return fs;
    }

    static ScannedFile entry(List<ScannedFile> records, String entry) {
        return DiskImageScanTest.entry(records, entry);
    }

    /**
     * The record of {@code path}, an allocated entry TSK does not list: there once, size_implausible, not read, with
     * no metadata address.
     */
    static ScannedFile oversized(List<ScannedFile> records, String path) {
        assertThat(records.stream().filter(r -> path.equals(r.entry())))
                .as(path)
                .hasSize(1);
        ScannedFile huge = entry(records, path);
        assertThat(huge.error()).as(huge.errorMessage()).isEqualTo("size_implausible");
        assertThat(huge.sha256()).isNull();
        assertThat(huge.origin())
                .isEqualTo(new DiskOrigin(DiskOrigin.Allocation.ALLOCATED, null, -1, null, null, null, null));
        return huge;
    }

    /**
     * The first segment of a multi-segment E01 cut short, as a copy that ran out of space leaves it: the image's
     * record says so (disk_image_damaged, naming the missing chunk data) and keeps the segment files' own hashes.
     */
    @Test
    void truncatedE01IsDamagedWithItsOwnHashes() throws Exception {
        assumeTrue(installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        Path fs = fat("card.raw", 16);
        Path dir = Files.createDirectories(tmp.resolve("e01"));
        Path e01 = ewfacquire(tmp, dir.resolve("card"), fs, "-S", "1MiB");
        try (RandomAccessFile f = new RandomAccessFile(e01.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        byte[] cut = Files.readAllBytes(e01);
        List<ScannedFile> records = scan(e01);
        ScannedFile img = records.get(0);
        assertThat(img.path()).isEqualTo(e01.toString());
        assertThat(img.error()).as(img.errorMessage()).isEqualTo("disk_image_damaged");
        assertThat(img.errorMessage()).contains("image_unreadable").contains("missing chunk data");
        assertThat(img.kind()).isEqualTo(MediaKind.DISK_IMAGE);
        // the hashes of the segments as they are (the first, cut, then the others): the record says what was seized
        long total = 0;
        for (String segment : img.diskImage().segments()) {
            total += Files.size(Path.of(segment));
        }
        assertThat(img.diskImage().segments()).hasSizeGreaterThan(2);
        assertThat(img.size()).isEqualTo(total).isGreaterThan(cut.length);
        assertThat(img.sha256()).isNotNull();
        assertThat(img.diskImage()).isNotNull();
        assertThat(img.diskImage().unchanged()).isTrue();
        // libewf no longer finds the stored MD5, and the chunks the cut lost fail their checksum: unreadable
        assertThat(img.diskImage().acquisitionHash())
                .isEqualTo(new AcquisitionHash(
                        AcquisitionHash.Outcome.UNREADABLE,
                        null,
                        null,
                        "the E01 stores no acquisition hash libewf can read, and 1 chunk of the image failed its own"
                                + " checksum (its bytes as stored are not those written): sectors 0-32767"));
        // libewf reads nothing of a set whose first segment lost its chunk table: no file system, nothing carved
        assertThat(img.diskImage().partitions()).hasSize(1);
        assertThat(img.diskImage().partitions().get(0).fileSystem()).isNull();
    }

    /**
     * An ext3 file whose inode declares 128 TiB: size_implausible without reading (it would stream holes for
     * gigabytes first); a sparse file smaller than its volume is still read, its hole as zeros.
     */
    @Test
    void aFileLargerThanItsVolumeIsImplausibleAndASparseFileIsRead() throws Exception {
        assumeTrue(installed("mkfs.ext3") && installed("debugfs"), "e2fsprogs is not installed");
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("big.jpg"), photo);
        byte[] sparse = new byte[(int) (2 * MIB)];
        System.arraycopy(photo, 0, sparse, (int) MIB, photo.length);
        try (RandomAccessFile f = new RandomAccessFile(src.resolve("sparse.bin").toFile(), "rw")) {
            f.seek(MIB); // the first MiB a hole
            f.write(photo);
            f.setLength(2 * MIB);
        }
        Path fs = tmp.resolve("ext.raw");
        run(tmp, "mkfs.ext3", "-q", "-F", "-d", src.toString(), fs.toString(), "24M");
        run(tmp, "debugfs", "-w", "-R", "sif /big.jpg size 0x7fffffffffff", fs.toString());
        List<ScannedFile> records = scan(fs);
        ScannedFile big = entry(records, "big.jpg");
        assertThat(big.error()).as(big.errorMessage()).isEqualTo("size_implausible");
        assertThat(big.errorMessage()).contains("140737488355327").contains(String.valueOf(24 * MIB));
        assertThat(big.origin()).isNotNull();
        ScannedFile read = entry(records, "sparse.bin");
        assertThat(read.error()).as(read.errorMessage()).isNull();
        assertThat(read.sha256()).isEqualTo(DiskImageScanTest.sha256(sparse));
    }

    /** The geometry of the FAT16 file system {@code fs} as its boot sector gives it: {fat, root dir, data, cluster}. */
    static long[] fat16(RandomAccessFile fs) throws Exception {
        byte[] boot = new byte[512];
        fs.seek(0);
        fs.readFully(boot);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(boot).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long sector = b.getShort(11) & 0xffff;
        long fat = (b.getShort(14) & 0xffff) * sector;
        long root = fat + (boot[16] & 0xff) * (long) (b.getShort(22) & 0xffff) * sector;
        long data = root + (b.getShort(17) & 0xffff) * 32L;
        return new long[] {fat, root, data, (boot[13] & 0xff) * sector, (b.getShort(22) & 0xffff) * sector, boot[16]};
    }

    /** Where the 32-byte entry of the 8.3 name {@code name11} lies in the directory at {@code dir} of {@code len}. */
    static long dirEntry(RandomAccessFile fs, long dir, int len, String name11) throws Exception {
        byte[] d = new byte[len];
        fs.seek(dir);
        fs.readFully(d);
        for (int at = 0; at < len; at += 32) {
            if (new String(d, at, 11, java.nio.charset.StandardCharsets.ISO_8859_1).equals(name11)) {
                return dir + at;
            }
        }
        throw new AssertionError("no entry " + name11);
    }

    static int u16(RandomAccessFile fs, long at) throws Exception {
        fs.seek(at);
        return fs.read() | fs.read() << 8;
    }

    /** Sets cluster {@code c}'s entry to {@code next} in every FAT copy. */
    static void setFat(RandomAccessFile fs, long[] g, long c, int next) throws Exception {
        for (int copy = 0; copy < g[5]; copy++) {
            fs.seek(g[0] + copy * g[4] + 2 * c);
            fs.write(next & 0xff);
            fs.write(next >>> 8);
        }
    }

    /**
     * A FAT16 file whose cluster chain loops (its third cluster's FAT entry points back to its second): TSK reads
     * it up to the loop and then fails with "unknown error". The record says filesystem_damaged, what was found and
     * how much is readable, and holds the hashes of the chain's three clusters, each read once; the rest of the file
     * system is scanned.
     */
    @Test
    void aFatClusterChainThatLoopsIsDamagedAndWhatItHoldsIsHashed() throws Exception {
        Path fs = fat("loop.raw", 16);
        byte[] notes = Files.readAllBytes(IMAGES.resolve("syn_shapes_320x240.png"));
        Files.write(tmp.resolve("NOTES.PNG"), notes);
        run(tmp, "mcopy", "-i", fs.toString(), "NOTES.PNG", "::/NOTES.PNG");
        long cluster;
        long second;
        long third;
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            long[] g = fat16(f);
            cluster = g[3];
            assertThat(photo.length)
                    .as("the photo spans more than three clusters")
                    .isGreaterThan(4 * (int) cluster);
            long entry = dirEntry(f, g[1], (int) (g[2] - g[1]), "PHOTO   JPG");
            long first = u16(f, entry + 26);
            second = u16(f, g[0] + 2 * first);
            third = u16(f, g[0] + 2 * second);
            setFat(f, g, third, (int) second);
        }
        List<ScannedFile> records = scan(fs);
        ScannedFile looped = entry(records, "PHOTO.JPG");
        assertThat(looped.error()).as(looped.errorMessage()).isEqualTo("filesystem_damaged");
        assertThat(looped.errorMessage())
                .startsWith("the FAT cluster chain loops: after 3 clusters it leads back to cluster " + second
                        + ", already in the chain: " + 3 * cluster + " of its " + photo.length
                        + " declared bytes can be read");
        assertThat(looped.size()).isEqualTo(3 * cluster);
        assertThat(looped.sha256())
                .isEqualTo(DiskImageScanTest.sha256(java.util.Arrays.copyOf(photo, (int) (3 * cluster))));
        assertThat(looped.origin().allocation()).isEqualTo(DiskOrigin.Allocation.ALLOCATED);
        ScannedFile other = entry(records, "NOTES.PNG");
        assertThat(other.error()).as(other.errorMessage()).isNull();
        assertThat(other.sha256()).isEqualTo(DiskImageScanTest.sha256(notes));
        assertThat(records.get(0).diskImage().partitions().get(0).files()).isEqualTo(2);
    }

    /**
     * FAT16 directory entries declaring 2 GiB on a 16 MiB file system, one with an 8.3 name and one with a long
     * name, in a folder: TSK does not list them; each is reported once, at its path, as size_implausible with the
     * size it declares, and the file beside them is scanned.
     */
    @Test
    void fatEntriesLargerThanTheVolumeAreReportedThoughTskSkipsThem() throws Exception {
        Path fs = fat("huge.raw", 16);
        run(tmp, "mmd", "-i", fs.toString(), "::/DCIM");
        run(tmp, "mcopy", "-i", fs.toString(), "PHOTO.JPG", "::/DCIM/HUGE.JPG");
        run(tmp, "mcopy", "-i", fs.toString(), "PHOTO.JPG", "::/DCIM/holiday photo.jpg");
        long declared = 0x7fffffffL;
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            long[] g = fat16(f);
            long dcim = dirEntry(f, g[1], (int) (g[2] - g[1]), "DCIM       ");
            long dir = g[2] + (u16(f, dcim + 26) - 2) * g[3];
            for (String name : List.of("HUGE    JPG", "HOLIDA~1JPG")) {
                f.seek(dirEntry(f, dir, (int) g[3], name) + 28);
                f.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
            }
        }
        List<ScannedFile> records = scan(fs);
        for (String path : List.of("DCIM/HUGE.JPG", "DCIM/holiday photo.jpg")) {
            assertThat(oversized(records, path).errorMessage())
                    .startsWith("declared size " + declared + " bytes exceeds the ")
                    .contains("(its volume: " + 16 * MIB + " bytes): not read");
        }
        assertThat(entry(records, "PHOTO.JPG").sha256()).isEqualTo(DiskImageScanTest.sha256(photo));
        assertThat(records.get(0).diskImage().partitions().get(0).files()).isEqualTo(3);
        assertThat(records.get(0).error()).as(records.get(0).errorMessage()).isNull();
    }

    /**
     * exFAT entry sets whose stream extension declares more than the cluster heap holds (2 GiB in a folder, 3 MiB in
     * the root of a 4 MiB file system): TSK does not list them; each is reported once, at its path, as
     * size_implausible with the size it declares, and the file beside them is scanned.
     */
    @Test
    void exfatEntriesLargerThanTheClusterHeapAreReportedThoughTskSkipsThem() throws Exception {
        assumeTrue(installed("mkfs.exfat") && installed("fsck.exfat"), "exfatprogs is not installed");
        Path fs = tmp.resolve("huge-exfat.raw");
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            f.setLength(4 * MIB);
        }
        run(tmp, "mkfs.exfat", "-L", "CARD", fs.toString());
        byte[] bytes = Files.readAllBytes(fs);
        ExfatWriter w = new ExfatWriter(bytes);
        long heap = (java.nio.ByteBuffer.wrap(bytes)
                                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                                .getInt(92)
                        & 0xffffffffL)
                * w.clusterSize();
        assertThat(heap).isLessThan(3 * MIB);
        Instant t = Instant.parse("2021-03-04T05:06:08Z");
        int dcim = w.mkdir(w.root(), "DCIM", t);
        w.file(dcim, "HUGE.JPG", photo, t, t, t);
        w.file(w.root(), "BIG.JPG", photo, t, t, t);
        w.file(w.root(), "PHOTO.JPG", photo, t, t, t);
        w.declareLength(dcim, "HUGE.JPG", 0x7fffffffL);
        w.declareLength(w.root(), "BIG.JPG", 3 * MIB);
        Files.write(fs, bytes);
        List<ScannedFile> records = scan(fs);
        for (String path : List.of("DCIM/HUGE.JPG", "BIG.JPG")) {
            assertThat(oversized(records, path).errorMessage())
                    .isEqualTo("declared size " + (path.equals("BIG.JPG") ? 3 * MIB : 0x7fffffffL)
                            + " bytes exceeds the " + heap + " bytes of its file system's data area (its volume: "
                            + 4 * MIB + " bytes): not read; a directory entry The Sleuth Kit does not list");
        }
        assertThat(entry(records, "PHOTO.JPG").sha256()).isEqualTo(DiskImageScanTest.sha256(photo));
        assertThat(records.get(0).diskImage().partitions().get(0).files()).isEqualTo(3);
        assertThat(records.get(0).error()).as(records.get(0).errorMessage()).isNull();
    }
}
