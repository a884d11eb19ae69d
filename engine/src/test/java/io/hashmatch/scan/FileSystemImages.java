package io.hashmatch.scan;

import static io.hashmatch.disk.DiskTools.installed;
import static io.hashmatch.disk.DiskTools.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes small disk images holding one known tree of files, each with Debian's own tools for its file system, and
 * deletes one file in it the way that file system's tools (or driver) do:
 *
 * <pre>
 * DCIM/IMG_0001.JPG   photolike_00_640x480.jpg   no list
 * DCIM/SHAPES.PNG     syn_shapes_320x240.png     PDQ hit (demo list)
 * DCIM/GONE.PNG       syn_noise_64x48.png        MD5 hit; deleted
 * DOCS/NOTES.TXT      syn_text_256x256.png       PDQ hit; the name says text
 * CHECKER.PNG         syn_checker_100x100.png    negative class: no hit (and resident in an NTFS MFT entry)
 * </pre>
 *
 * FAT12/16/32: dosfstools + mtools ({@code mcopy -m} keeps the times, {@code mdel}); ext2/ext4: e2fsprogs
 * ({@code mkfs -d}, {@code debugfs -w -R 'rm ...'}); NTFS: ntfs-3g's {@code mkntfs} and wimtools (a WIM captured
 * from the tree, applied into the unmounted volume through libntfs-3g); exFAT: exfatprogs' {@code mkfs.exfat},
 * filled by {@link ExfatWriter} and checked by {@code fsck.exfat}. No file system is mounted.
 */
final class FileSystemImages {
    static final Path IMAGES = Path.of("src/test/resources/pdq/images");
    static final long MIB = 1 << 20;
    /** Times given to every file and folder (even seconds: FAT keeps two-second steps). */
    static final Instant CREATED = Instant.parse("2020-01-02T03:04:06Z");

    static final Instant MODIFIED = Instant.parse("2021-03-04T05:06:08Z");
    static final Instant ACCESSED = Instant.parse("2022-05-06T00:00:00Z");
    static final String DELETED = "DCIM/GONE.PNG";
    static final Map<String, String> TREE = treeSpec();
    static final List<String> HITS = List.of("DCIM/SHAPES.PNG", "DCIM/GONE.PNG", "DOCS/NOTES.TXT");

    private FileSystemImages() {}

    private static Map<String, String> treeSpec() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("DCIM/IMG_0001.JPG", "photolike_00_640x480.jpg");
        t.put("DCIM/SHAPES.PNG", "syn_shapes_320x240.png");
        t.put("DCIM/GONE.PNG", "syn_noise_64x48.png");
        t.put("DOCS/NOTES.TXT", "syn_text_256x256.png");
        t.put("CHECKER.PNG", "syn_checker_100x100.png");
        return t;
    }

    static byte[] content(String path) throws IOException {
        return Files.readAllBytes(IMAGES.resolve(TREE.get(path)));
    }

    /** The tree as files under {@code dir}/src, with {@link #MODIFIED} and {@link #ACCESSED} times. */
    static Path source(Path dir) throws IOException {
        Path src = dir.resolve("src");
        for (String p : TREE.keySet()) {
            Path f = src.resolve(p);
            Files.createDirectories(f.getParent());
            Files.write(f, content(p));
            times(f);
        }
        times(src.resolve("DCIM"));
        times(src.resolve("DOCS"));
        return src;
    }

    private static void times(Path f) throws IOException {
        Files.getFileAttributeView(f, BasicFileAttributeView.class)
                .setTimes(FileTime.from(MODIFIED), FileTime.from(ACCESSED), null);
    }

    static Path empty(Path file, long bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return file;
    }

    /** FAT12, FAT16 or FAT32 of {@code bytes} bytes, filled with mtools; GONE.PNG deleted with {@code mdel}. */
    static Path fat(Path dir, int bits, long bytes) throws Exception {
        assumeTrue(installed("mkfs.vfat") && installed("mcopy"), "dosfstools and mtools are not installed");
        Path src = source(dir);
        Path fs = empty(dir.resolve("fat" + bits + ".fs"), bytes);
        run(dir, "mkfs.vfat", "-F", Integer.toString(bits), "-n", "CARD", fs.toString());
        run(dir, "mmd", "-i", fs.toString(), "::/DCIM", "::/DOCS");
        for (String p : TREE.keySet()) {
            run(dir, "mcopy", "-m", "-i", fs.toString(), src.resolve(p).toString(), "::/" + p);
        }
        run(dir, "mdel", "-i", fs.toString(), "::/" + DELETED);
        return fs;
    }

    /** ext2 or ext4 made from the tree by {@code mkfs -d}; GONE.PNG deleted with {@code debugfs -w -R rm}. */
    static Path ext(Path dir, String type) throws Exception {
        assumeTrue(installed("mkfs." + type) && installed("debugfs"), "e2fsprogs is not installed");
        Path src = source(dir);
        Path fs = empty(dir.resolve(type + ".fs"), 4 * MIB);
        // 256-byte inodes for ext4 (birth times); ext2 keeps the small default (128 bytes: no birth time)
        if (type.equals("ext4")) {
            run(dir, "mkfs.ext4", "-q", "-F", "-b", "1024", "-I", "256", "-d", src.toString(), fs.toString());
        } else {
            run(dir, "mkfs." + type, "-q", "-F", "-b", "1024", "-d", src.toString(), fs.toString());
        }
        run(dir, "debugfs", "-w", "-R", "rm /" + DELETED, fs.toString());
        return fs;
    }

    /**
     * ext2 of {@code bytes} bytes holding {@code files} pictures ({@code F000.PNG}, {@code F001.JPG}...), taken in turn
     * from {@code pictures}: a file system with enough files to keep a scan busy for a while.
     */
    static Path extWithFiles(Path dir, String name, int files, long bytes, List<String> pictures) throws Exception {
        assumeTrue(installed("mkfs.ext2"), "e2fsprogs is not installed");
        Path src = Files.createDirectories(dir.resolve(name + "-src"));
        for (int i = 0; i < files; i++) {
            String picture = pictures.get(i % pictures.size());
            String ext = picture.substring(picture.lastIndexOf('.')).toUpperCase(java.util.Locale.ROOT);
            Path f = src.resolve(String.format(java.util.Locale.ROOT, "F%03d%s", i, ext));
            Files.write(f, Files.readAllBytes(IMAGES.resolve(picture)));
            times(f);
        }
        Path fs = empty(dir.resolve(name + ".fs"), bytes);
        run(dir, "mkfs.ext2", "-q", "-F", "-b", "1024", "-d", src.toString(), fs.toString());
        return fs;
    }

    /**
     * ext2 made from the tree; GONE.PNG deleted, then a file of {@code newer} written as {@code /NEW.BIN}: it takes
     * the first free blocks, which are GONE.PNG's. {@code debugfs} holds GONE.PNG's inode while it writes (seti, then
     * freei), so the new file gets another inode and GONE.PNG keeps its block pointers, as when a driver reuses
     * freed blocks but not the inode.
     */
    static Path extOverwritten(Path dir, byte[] newer) throws Exception {
        assumeTrue(installed("mkfs.ext2") && installed("debugfs"), "e2fsprogs is not installed");
        Path src = source(dir);
        Path fs = empty(dir.resolve("ext2.fs"), 4 * MIB);
        run(dir, "mkfs.ext2", "-q", "-F", "-b", "1024", "-d", src.toString(), fs.toString());
        Files.write(dir.resolve("new.bin"), newer);
        String inode = "<" + inodeOf(dir, fs, DELETED) + ">";
        run(dir, "debugfs", "-w", "-R", "rm /" + DELETED, fs.toString());
        run(dir, "debugfs", "-w", "-R", "seti " + inode, fs.toString());
        run(dir, "debugfs", "-w", "-R", "write new.bin NEW.BIN", fs.toString());
        run(dir, "debugfs", "-w", "-R", "freei " + inode, fs.toString());
        run(dir, "e2fsck", "-fn", fs.toString());
        return fs;
    }

    /** The inode of {@code path} ({@code debugfs stat}: "Inode: 13   Type: regular..."). */
    private static long inodeOf(Path dir, Path fs, String path) throws Exception {
        Process p = new ProcessBuilder("debugfs", "-R", "stat /" + path, fs.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("Inode: (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no inode for " + path + " in:\n" + out);
        }
        return Long.parseLong(m.group(1));
    }

    /**
     * NTFS made by {@code mkntfs}, the tree applied by {@code wimapply} into the unmounted volume. ntfs-3g has no
     * tool that deletes a file without mounting (Debian's ntfs-3g ships no {@code ntfsrm}; wimlib only adds), so
     * GONE.PNG is deleted here by hand as a driver does, but for its folder's index: its MFT entry's in-use flag is
     * cleared and its clusters (listed by ntfs-3g's {@code ntfsinfo}) are freed in {@code $Bitmap}; its name
     * stays in the folder's index (a driver removes it).
     */
    static Path ntfs(Path dir) throws Exception {
        assumeTrue(
                installed("mkntfs") && installed("wimcapture") && installed("wimapply"),
                "ntfs-3g and wimtools are not installed");
        Path src = source(dir);
        Path wim = dir.resolve("tree.wim");
        run(dir, "wimcapture", src.toString(), wim.toString(), "--compress=none");
        Path fs = empty(dir.resolve("ntfs.fs"), 8 * MIB);
        run(dir, "mkntfs", "-F", "-q", "-f", "-L", "CARD", fs.toString());
        run(dir, "wimapply", wim.toString(), "1", fs.toString());
        List<long[]> runs = runs(dir, fs, "-F", "/" + DELETED);
        List<long[]> bitmap = runs(dir, fs, "-i", "6"); // $Bitmap: one bit per cluster
        clearInUse(fs, "GONE.PNG");
        freeClusters(fs, runs, bitmap);
        return fs;
    }

    /** The runs ({LCN, clusters}) of a file's $DATA, as {@code ntfsinfo -v} lists them. */
    private static List<long[]> runs(Path dir, Path fs, String... which) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("ntfsinfo", "-f", "-v"));
        command.addAll(List.of(which));
        command.add(fs.toString());
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<long[]> runs = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "(?m)^\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s+0x([0-9a-f]+)\\s*$")
                .matcher(out.substring(Math.max(0, out.indexOf("Runlist:"))));
        while (m.find()) {
            runs.add(new long[] {Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16)});
        }
        if (runs.isEmpty()) {
            throw new IllegalStateException("no runlist in:\n" + out);
        }
        return runs;
    }

    /** Clears the bits of {@code runs}' clusters in the volume's $Bitmap, stored in {@code bitmap}'s clusters. */
    private static void freeClusters(Path fs, List<long[]> runs, List<long[]> bitmap) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            byte[] boot = new byte[512];
            f.readFully(boot);
            long cluster = (ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN).getShort(11) & 0xffff)
                    * (long) (boot[13] & 0xff);
            if (bitmap.size() != 1) {
                throw new IllegalStateException("a fragmented $Bitmap");
            }
            long base = bitmap.get(0)[0] * cluster;
            for (long[] run : runs) {
                for (long c = run[0]; c < run[0] + run[1]; c++) {
                    f.seek(base + c / 8);
                    int b = f.read();
                    f.seek(base + c / 8);
                    f.write(b & ~(1 << (c % 8)));
                }
            }
        }
    }

    /** Clears the in-use flag of the MFT entry whose $FILE_NAME is {@code name}. */
    private static void clearInUse(Path fs, String name) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(fs.toFile(), "rw")) {
            byte[] boot = new byte[512];
            f.readFully(boot);
            ByteBuffer b = ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN);
            long cluster = (b.getShort(11) & 0xffff) * (long) (boot[13] & 0xff);
            long mft = b.getLong(0x30) * cluster;
            int perRecord = boot[0x40];
            int recordSize = perRecord < 0 ? 1 << -perRecord : (int) (perRecord * cluster);
            byte[] utf16 = name.getBytes(StandardCharsets.UTF_16LE);
            byte[] record = new byte[recordSize];
            for (int n = 16; n < 256; n++) {
                f.seek(mft + (long) n * recordSize);
                f.readFully(record);
                boolean folder = (record[0x16] & 0x02) != 0; // a folder's index holds its files' names too
                if (record[0] == 'F' && record[1] == 'I' && !folder && indexOf(record, utf16) >= 0) {
                    f.seek(mft + (long) n * recordSize + 0x16);
                    f.write(record[0x16] & ~1);
                    return;
                }
            }
        }
        throw new IllegalStateException("no MFT entry named " + name);
    }

    /** The first index of {@code needle} in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * exFAT made by {@code mkfs.exfat}, the tree written by {@link ExfatWriter} (times: {@link #CREATED},
     * {@link #MODIFIED}, {@link #ACCESSED}), GONE.PNG deleted by it, the result checked by {@code fsck.exfat -n}.
     */
    static Path exfat(Path dir) throws Exception {
        assumeTrue(installed("mkfs.exfat") && installed("fsck.exfat"), "exfatprogs is not installed");
        Path fs = empty(dir.resolve("exfat.fs"), 4 * MIB);
        run(dir, "mkfs.exfat", "-L", "CARD", fs.toString());
        byte[] bytes = Files.readAllBytes(fs);
        ExfatWriter w = new ExfatWriter(bytes);
        Map<String, Integer> folders = new LinkedHashMap<>();
        for (String p : TREE.keySet()) {
            int slash = p.indexOf('/');
            int parent = w.root();
            if (slash > 0) {
                parent = folders.computeIfAbsent(p.substring(0, slash), d -> w.mkdir(w.root(), d, MODIFIED));
            }
            w.file(parent, p.substring(slash + 1), content(p), CREATED, MODIFIED, ACCESSED);
        }
        w.delete(folders.get("DCIM"), "GONE.PNG");
        Files.write(fs, bytes);
        run(dir, "fsck.exfat", "-n", fs.toString());
        return fs;
    }

    /** A disk of one MBR partition of {@code type} at 1 MiB holding {@code fs}. */
    static Path mbrDisk(Path fs, int type, Path disk) throws IOException {
        long size = Files.size(fs);
        byte[] mbr = DiskImageScanTest.mbr(new long[][] {{type, MIB / 512, size / 512}});
        Files.createDirectories(disk.getParent());
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.write(mbr);
            f.seek(MIB);
            f.write(Files.readAllBytes(fs));
        }
        return disk;
    }

    /**
     * A GPT disk made by {@code sgdisk} with the given file systems as partitions, in order, each starting on a
     * MiB boundary from 1 MiB; returns the disk.
     */
    static Path gptDisk(Path disk, Path... fileSystems) throws Exception {
        assumeTrue(installed("sgdisk"), "sgdisk (gdisk) is not installed");
        long end = MIB;
        List<String> command = new java.util.ArrayList<>(List.of("sgdisk"));
        for (int i = 0; i < fileSystems.length; i++) {
            long size = Files.size(fileSystems[i]);
            command.add("-n");
            command.add((i + 1) + ":" + end / 512 + ":" + ((end + size) / 512 - 1));
            end += (size + MIB - 1) / MIB * MIB;
        }
        command.add(disk.toString());
        empty(disk, end + MIB);
        run(disk.getParent(), command.toArray(String[]::new));
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            long at = MIB;
            for (Path fs : fileSystems) {
                f.seek(at);
                f.write(Files.readAllBytes(fs));
                at += (Files.size(fs) + MIB - 1) / MIB * MIB;
            }
        }
        return disk;
    }
}
