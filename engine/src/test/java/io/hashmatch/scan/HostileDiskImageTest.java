package io.hashmatch.scan;

import static io.hashmatch.disk.DiskTools.installed;
import static io.hashmatch.disk.DiskTools.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashmatch.hash.FileHasher;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * The first segment of a multi-segment E01 cut short, as a copy that ran out of space leaves it: the image's
     * record says so (disk_image_damaged, naming the missing chunk data) and keeps the segment files' own hashes.
     */
    @Test
    void truncatedE01IsDamagedWithItsOwnHashes() throws Exception {
        assumeTrue(installed("ewfacquire"), "ewfacquire (ewf-tools) is not installed");
        Path fs = fat("card.raw", 16);
        Path dir = Files.createDirectories(tmp.resolve("e01"));
        run(
                tmp,
                "ewfacquire",
                "-u",
                "-q",
                "-S",
                "1MiB",
                "-t",
                dir.resolve("card").toString(),
                fs.toString());
        Path e01 = dir.resolve("card.E01");
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
}
