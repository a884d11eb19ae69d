package io.hashmatch.scan;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.Matcher;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * A generated evidence tree with known contents, built from the project's own synthetic test images whose
 * hashes are in the demo lists (hashlists/demo, golden snapshot {@code demo-v1.hmsnap}: te-dataset.csv +
 * md5.txt) and the bundled synthetic test videos, two of which are in the golden video snapshot
 * ({@code demo-video-v2.hmsnap}: v1_testsrc2 and v3_smptebars, the reference's vPDQ), so every hit is known
 * exactly. {@link #matcher} matches against both lists.
 *
 * <pre>
 * evidence/
 *   a/shapes.png                     syn_shapes_320x240.png      PDQ hit, POSITIVE_CLASS
 *   a/b/notes.txt                    syn_text_256x256.png        renamed; PDQ hit, POSITIVE_CLASS
 *   photo.dat                        syn_noise_64x48.png         MD5 hit (md5.txt)
 *   checker.png                      syn_checker_100x100.png     NEGATIVE_CLASS: suppressing, no match
 *   plain.txt                        text                        other
 *   broken.jpg                       first 40% of a JPEG         truncated
 *   clip.mp4                         an ftyp box only            video that does not decode
 *   videos/v1.mp4                    vpdq v1_testsrc2 (original) vPDQ hit on demo-video-golden, POSITIVE_CLASS
 *   videos/copy.bin                  vpdq v1_testsrc2__half      derived copy, renamed: vPDQ hit on the same entry
 *   videos/other.mp4                 vpdq v5_cellauto            unrelated video: no hit
 *   near1.jpg, near2.png             photolike_00 as JPEG and PNG: no list, near-duplicates (group 1)
 *   archives/outer.zip               zip: inner.tar.gz (tar: rings.png [PDQ hit, INVESTIGATION_SEED],
 *                                    deep.zip [checker32.png: MD5 hit]), grad.png
 *   archives/single.png.bz2          bzip2 of syn_checker_32x32.png: MD5 hit as "single.png"
 *   archives/pack.7z                 7z: s/shapes.png (PDQ hit), readme.txt
 *   archives/clips.zip               zip: half.mp4 (v1_testsrc2__half, from memory): vPDQ hit
 *   archives/noise.xz                xz of syn_noise_64x48.png: MD5 hit as entry "noise"
 *   bombs/zeros.zip                  16 MiB of zeros in 16 KiB: archive_bomb
 *   bombs/cut.zip                    a zip cut in the middle of its data: archive_corrupt
 *   links/out-file -> outside file   symlink_not_followed
 *   links/out-dir  -> outside dir    symlink_not_followed
 *   links/inside   -> ../plain.txt   followed (hashed as the link's path)
 *   fifo                             not_regular_file (a FIFO: root can read any file, so unreadable is a FIFO)
 * </pre>
 */
final class ScanTree {
    static final Path IMAGES = Path.of("src/test/resources/pdq/images");
    static final Path SNAPSHOT = Path.of("src/test/resources/snapshots/demo-v1.hmsnap");
    static final Path VIDEO_SNAPSHOT = Path.of("src/test/resources/snapshots/demo-video-v2.hmsnap");
    static final Path VIDEOS = Path.of("src/test/resources/vpdq/videos");
    static final String V1 = "v1_testsrc2_320x240_25fps_10s";
    static final String V1_HALF = "v1_testsrc2_320x240_25fps_10s__half";
    static final String V5 = "v5_cellauto_320x240_25fps_8s";

    /** The video snapshot, opened once per JVM and left open (mapped read-only; released at exit). */
    private static HashListSnapshot videoSnapshot;

    private ScanTree() {}

    static byte[] image(String name) throws IOException {
        return Files.readAllBytes(IMAGES.resolve(name));
    }

    /** Builds the tree under {@code dir}/evidence (and an outside folder beside it); returns the evidence root. */
    static Path build(Path dir, boolean withFifo) throws Exception {
        Path ev = Files.createDirectories(dir.resolve("evidence"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside the tree");
        write(ev.resolve("a/shapes.png"), image("syn_shapes_320x240.png"));
        write(ev.resolve("a/b/notes.txt"), image("syn_text_256x256.png"));
        write(ev.resolve("photo.dat"), image("syn_noise_64x48.png"));
        write(ev.resolve("checker.png"), image("syn_checker_100x100.png"));
        write(ev.resolve("plain.txt"), "just text\n".getBytes());
        byte[] jpeg = image("photolike_00_640x480.jpg");
        write(ev.resolve("broken.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length * 2 / 5));
        byte[] mp4 = new byte[64];
        System.arraycopy(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'}, 0, mp4, 0, 12);
        write(ev.resolve("clip.mp4"), mp4);
        write(ev.resolve("videos/v1.mp4"), video(V1));
        write(ev.resolve("videos/copy.bin"), video(V1_HALF));
        write(ev.resolve("videos/other.mp4"), video(V5));
        write(ev.resolve("archives/clips.zip"), zip(Map.of("half.mp4", video(V1_HALF))));
        write(ev.resolve("near1.jpg"), jpeg);
        BufferedImage photo = ImageIO.read(new ByteArrayInputStream(jpeg));
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(photo, "png", png);
        write(ev.resolve("near2.png"), png.toByteArray());

        byte[] deepZip = zip(Map.of("checker32.png", image("syn_checker_32x32.png")));
        byte[] innerTar = tar(new TreeMap<>(Map.of("rings.png", image("syn_rings_127x255.png"), "deep.zip", deepZip)));
        byte[] innerTarGz = gzip(innerTar);
        write(
                ev.resolve("archives/outer.zip"),
                zip(new TreeMap<>(Map.of("inner.tar.gz", innerTarGz, "grad.png", image("syn_grad_32x32.png")))));
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        try (OutputStream o = new BZip2CompressorOutputStream(bz)) {
            o.write(image("syn_checker_32x32.png"));
        }
        write(ev.resolve("archives/single.png.bz2"), bz.toByteArray());
        ByteArrayOutputStream xz = new ByteArrayOutputStream();
        try (OutputStream o = new XZCompressorOutputStream(xz)) {
            o.write(image("syn_noise_64x48.png"));
        }
        write(ev.resolve("archives/noise.xz"), xz.toByteArray());
        Path sevenZ = ev.resolve("archives/pack.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(sevenZ.toFile())) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(
                            Map.of("s/shapes.png", image("syn_shapes_320x240.png"), "readme.txt", "read me".getBytes()))
                    .entrySet()) {
                SevenZArchiveEntry entry = out.createArchiveEntry(new java.io.File(e.getKey()), e.getKey());
                out.putArchiveEntry(entry);
                out.write(e.getValue());
                out.closeArchiveEntry();
            }
        }
        write(ev.resolve("bombs/zeros.zip"), zip(Map.of("zeros.bin", new byte[16 << 20])));
        byte[] stored = storedZip("big.bin", new byte[200_000]);
        write(ev.resolve("bombs/cut.zip"), java.util.Arrays.copyOf(stored, stored.length / 2));
        Files.createDirectories(ev.resolve("links"));
        Files.createSymbolicLink(ev.resolve("links/out-file"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ev.resolve("links/out-dir"), outside);
        Files.createSymbolicLink(ev.resolve("links/inside"), Path.of("../plain.txt"));
        if (withFifo) {
            Process p = new ProcessBuilder("mkfifo", ev.resolve("fifo").toString()).start();
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo failed");
            }
        }
        return ev;
    }

    static byte[] video(String name) throws IOException {
        return Files.readAllBytes(VIDEOS.resolve(name + ".mp4"));
    }

    /** The demo list {@code snapshot}, then the golden video snapshot. */
    static Matcher matcher(HashListSnapshot snapshot) {
        return Matcher.newBuilder().addList(snapshot).addList(videoSnapshot()).build();
    }

    static synchronized HashListSnapshot videoSnapshot() {
        if (videoSnapshot == null) {
            try {
                videoSnapshot = HashListSnapshot.open(VIDEO_SNAPSHOT);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return videoSnapshot;
    }

    static FileHasher hasher() {
        return FileHasher.newBuilder().build();
    }

    private static void write(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(b)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                z.putArchiveEntry(new ZipArchiveEntry(e.getKey()));
                z.write(e.getValue());
                z.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    private static byte[] storedZip(String name, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(b)) {
            ZipArchiveEntry e = new ZipArchiveEntry(name);
            e.setMethod(ZipArchiveEntry.STORED);
            e.setSize(data.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            z.putArchiveEntry(e);
            z.write(data);
            z.closeArchiveEntry();
        }
        return b.toByteArray();
    }

    private static byte[] tar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(e.getValue().length);
                t.putArchiveEntry(entry);
                t.write(e.getValue());
                t.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GzipCompressorOutputStream(b)) {
            o.write(data);
        }
        return b.toByteArray();
    }

    /**
     * Every path under {@code root} (links not followed) with its type, size, modification time and, for regular
     * files, SHA-256: equal before and after a scan means the scan changed nothing.
     */
    static Map<String, String> fingerprint(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String v =
                        (a.isRegularFile() ? "file" : a.isDirectory() ? "dir" : a.isSymbolicLink() ? "link" : "other")
                                + " " + a.size() + " " + a.lastModifiedTime().toMillis();
                if (a.isRegularFile()) {
                    v += " "
                            + HexFormat.of()
                                    .formatHex(
                                            MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
                }
                if (a.isSymbolicLink()) {
                    v += " -> " + Files.readSymbolicLink(p);
                }
                out.put(root.relativize(p).toString(), v);
            }
        }
        return out;
    }

    /** MD5, SHA-1 and SHA-256 of {@code bytes}, lower-case hex: what a record of them should carry. */
    static List<String> digests(byte[] bytes) throws Exception {
        HexFormat hex = HexFormat.of();
        return List.of(
                hex.formatHex(MessageDigest.getInstance("MD5").digest(bytes)),
                hex.formatHex(MessageDigest.getInstance("SHA-1").digest(bytes)),
                hex.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    /** A record's MD5, SHA-1 and SHA-256, in the order of {@link #digests(byte[])}. */
    static List<String> digests(ScannedFile f) {
        return List.of(String.valueOf(f.md5()), String.valueOf(f.sha1()), String.valueOf(f.sha256()));
    }
}
