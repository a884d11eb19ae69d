package io.hashmatch.list;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo lists of {@code hashlists/demo/}: which of the project's own synthetic images ({@code syn_*} under
 * {@code engine/src/test/resources/pdq/images/}) go into which list file, in which format, with which
 * category; and the generator writing them. Benign by construction: hashes of generated checkerboards,
 * gradients, rings, shapes, text and noise.
 *
 * <p>Regenerate after changing this class or the PDQ implementation (from the repository root):
 * <pre>
 * ./mvnw -q -B -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.hashmatch.list.DemoLists
 * </pre>
 * or run {@code DemoListsTest} with {@code -Dhashmatch.regenerate=true}; {@code DemoListsTest} otherwise checks
 * that the committed files are byte for byte what this class writes (golden files).
 */
public final class DemoLists {
    /** One image in one list. */
    record Item(String file, String image, String category) {}

    static final String TE_TEXT = "te-signals.txt";
    static final String TE_CSV = "te-dataset.csv";
    static final String VICS_1 = "vics-1.2-case.json";
    static final String VICS_2 = "vics-2.0-hashset.json";
    static final String HEX_MD5 = "md5.txt";
    static final String HEX_SHA256 = "sha256.txt";
    static final String HEX_PDQ = "pdq.txt";
    static final String MANIFEST = "MANIFEST.tsv";
    /** Every list file, in the order of {@link #ITEMS}. */
    static final List<String> FILES = List.of(TE_TEXT, TE_CSV, VICS_1, VICS_2, HEX_MD5, HEX_SHA256, HEX_PDQ);

    /** Every image of every list, in file order; category "" = none. */
    static final List<Item> ITEMS = List.of(
            new Item(TE_TEXT, "syn_checker_256x256.png", ""),
            new Item(TE_TEXT, "syn_rings_256x256_gray.png", ""),
            new Item(TE_TEXT, "syn_shapes_256x256_gray.png", ""),
            new Item(TE_CSV, "syn_shapes_320x240.png", "POSITIVE_CLASS"),
            new Item(TE_CSV, "syn_text_256x256.png", "POSITIVE_CLASS"),
            new Item(TE_CSV, "syn_rings_127x255.png", "INVESTIGATION_SEED"),
            new Item(TE_CSV, "syn_checker_100x100.png", "NEGATIVE_CLASS"),
            new Item(VICS_1, "syn_shapes_640x480.png", "1"),
            new Item(VICS_1, "syn_grad_640x480_q90.jpg", "2"),
            new Item(VICS_2, "syn_text_320x240.png", "1"),
            new Item(VICS_2, "syn_rings_320x240_q90.jpg", "3"),
            new Item(VICS_2, "syn_smooth_640x480_q90.jpg", "0"),
            new Item(HEX_MD5, "syn_noise_64x48.png", ""),
            new Item(HEX_MD5, "syn_checker_32x32.png", ""),
            new Item(HEX_SHA256, "syn_grad_32x32.png", ""),
            new Item(HEX_SHA256, "syn_text_100x100.png", ""),
            new Item(HEX_PDQ, "syn_shapes_1024x768.png", ""),
            new Item(HEX_PDQ, "syn_noise_100x100.png", ""));

    static final String COLLAB = "hashmatch demo";
    static final String DATE = "2026-11-01T00:00:00Z";

    private DemoLists() {}

    /** Writes the demo lists to {@code args[0]} (default {@code hashlists/demo}, from the repository root). */
    public static void main(String[] args) throws IOException {
        Path root = repositoryRoot();
        Path out = args.length > 0 ? Path.of(args[0]) : root.resolve("hashlists/demo");
        generate(imagesDir(root), out);
        System.out.println("wrote " + FILES.size() + " lists and " + MANIFEST + " to " + out);
    }

    /** The repository root: the nearest folder up from the working directory holding {@code hashlists/}. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("hashlists")) && Files.isDirectory(p.resolve("engine"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no hashlists/ folder above " + Path.of("").toAbsolutePath());
    }

    static Path imagesDir(Path root) {
        return root.resolve("engine/src/test/resources/pdq/images");
    }

    /** Hashes every image of {@link #ITEMS}; fails on any that does not hash. */
    static List<FileHashes> hashes(Path images) {
        FileHasher hasher = FileHasher.newBuilder().build();
        List<FileHashes> out = new ArrayList<>();
        for (Item item : ITEMS) {
            FileHashes h = hasher.hash(images.resolve(item.image()));
            if (!h.ok() || h.exact() == null || h.pdq() == null) {
                throw new IllegalStateException(item.image() + ": " + h.errorMessage());
            }
            out.add(h);
        }
        return out;
    }

    /** Writes every list file and the manifest into {@code out}. */
    static void generate(Path images, Path out) throws IOException {
        List<FileHashes> h = hashes(images);
        Files.createDirectories(out);
        StringBuilder teText = new StringBuilder(
                "# ThreatExchange signal file: PDQ hashes (and one MD5) of hashmatch's synthetic images\n");
        StringBuilder teCsv = new StringBuilder("signal_type,signal_str,collab,category,tags\n");
        StringBuilder md5 = new StringBuilder("# MD5 hex list: hashmatch's synthetic images\n");
        StringBuilder sha256 = new StringBuilder("# SHA-256 hex list (64 digits: import with hash kind SHA256)\n");
        StringBuilder pdq = new StringBuilder("# PDQ hex list (64 digits: import with hash kind PDQ)\n");
        List<String> vics1 = new ArrayList<>();
        List<String> vics2 = new ArrayList<>();
        StringBuilder manifest = new StringBuilder("list\timage\tcategory\tquality\tpdq\tmd5\tsha1\tsha256\n");
        int mediaId = 1000;
        for (int i = 0; i < ITEMS.size(); i++) {
            Item item = ITEMS.get(i);
            FileHashes f = h.get(i);
            String p = f.pdq().hash().toHex();
            var x = f.exact();
            switch (item.file()) {
                case TE_TEXT -> teText.append("pdq ").append(p).append('\n');
                case TE_CSV ->
                    teCsv.append("pdq,")
                            .append(p)
                            .append(',')
                            .append(COLLAB)
                            .append(',')
                            .append(item.category())
                            .append(",synthetic ")
                            .append(item.image().replaceFirst("\\..*$", "").replace('_', '-'))
                            .append('\n');
                case VICS_1 -> vics1.add(media(++mediaId, item, f, false));
                case VICS_2 -> vics2.add(media(++mediaId, item, f, true));
                case HEX_MD5 -> md5.append(x.md5()).append('\n');
                case HEX_SHA256 -> sha256.append(x.sha256()).append('\n');
                case HEX_PDQ -> pdq.append(p).append('\n');
                default -> throw new IllegalStateException(item.file());
            }
            manifest.append(String.join(
                            "\t",
                            item.file(),
                            item.image(),
                            item.category(),
                            Integer.toString(f.pdq().quality()),
                            p,
                            x.md5(),
                            x.sha1(),
                            x.sha256()))
                    .append('\n');
        }
        // One MD5 signal in the TE text list: the first hex-list image, so a TE text import has an exact hash too.
        teText.append("photo_md5 ")
                .append(h.get(indexOf(HEX_MD5)).exact().md5())
                .append('\n');
        write(out.resolve(TE_TEXT), teText.toString());
        write(out.resolve(TE_CSV), teCsv.toString());
        write(
                out.resolve(VICS_1),
                "{\n \"odata.metadata\": \"http://github.com/ICMEC/ProjectVic/DataModels/1.2.xml#Cases\",\n"
                        + " \"value\": [\n  {\n   \"CaseID\": \"00000000-0000-4000-8000-0000000000d0\",\n   \"CaseNumber\": \"HASHMATCH-DEMO\",\n"
                        + "   \"Media\": [\n" + String.join(",\n", vics1) + "\n   ]\n  }\n ]\n}\n");
        write(
                out.resolve(VICS_2),
                "{\n \"@odata.context\": \"http://github.com/VICSDATAMODEL/ProjectVic/DataModels/2.0.xml/US/$metadata#Media\",\n"
                        + " \"value\": [\n" + String.join(",\n", vics2) + "\n ]\n}\n");
        write(out.resolve(HEX_MD5), md5.toString());
        write(out.resolve(HEX_SHA256), sha256.toString());
        write(out.resolve(HEX_PDQ), pdq.toString());
        write(out.resolve(MANIFEST), manifest.toString());
    }

    static int indexOf(String file) {
        for (int i = 0; i < ITEMS.size(); i++) {
            if (ITEMS.get(i).file().equals(file)) {
                return i;
            }
        }
        throw new IllegalArgumentException(file);
    }

    /** A VICS Media record; {@code indent} deeper inside a 1.x case. */
    private static String media(int id, Item item, FileHashes f, boolean v2) {
        String in = v2 ? "  " : "    ";
        var x = f.exact();
        return in + "{\n"
                + in + " \"MediaID\": " + id + ",\n"
                + in + " \"Category\": " + item.category() + ",\n"
                + in + " \"MD5\": \"" + x.md5().toUpperCase(Locale.ROOT) + "\",\n"
                + in + " \"SHA1\": \"" + x.sha1().toUpperCase(Locale.ROOT) + "\",\n"
                + in + " \"MediaSize\": " + f.size() + ",\n"
                + in + " \"DateUpdated\": \"" + DATE + "\",\n"
                + in + " \"Tags\": \"synthetic,demo\",\n"
                + in + " \"AlternativeHashes\": [\n"
                + in + "  {\n" + in + "   \"HashName\": \"PDQ\",\n" + in + "   \"HashValue\": \""
                + f.pdq().hash().toHex() + "\"\n" + in + "  }\n"
                + in + " ],\n"
                + in + " \"MediaFiles\": [\n"
                + in + "  {\n" + in + "   \"MD5\": \"" + x.md5().toUpperCase(Locale.ROOT) + "\",\n"
                + in + "   \"FileName\": \"" + item.image() + "\"\n" + in + "  }\n"
                + in + " ]\n"
                + in + "}";
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
