package io.hashmatch.bench;

import io.hashmatch.decode.DecodeException;
import io.hashmatch.decode.ImageDecoder;
import io.hashmatch.decode.ImageFormat;
import io.hashmatch.decode.ImageInfo;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.hash.PdqMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accuracy of {@code --fast} mode, and bit-exactness of exact mode against the reference vectors.
 *
 * <p>Hashes every corpus file with {@link FileHasher} in exact and in fast mode (full resolution) and prints
 * the distribution of the Hamming distance between the two hashes: over the images where fast mode applies
 * (JPEGs whose shorter side exceeds 1024 px, see {@link ImageDecoder#fastJpegScale}) and over the whole
 * corpus. Then compares exact mode with the reference's {@code pdq_full} (and {@code REFERENCE_RESIZE} with
 * {@code pdq_tool}) from {@code vectors.tsv}, listing every image whose hash or quality differs, with the
 * image's description.
 *
 * <p>Run (from the project root, after {@code ./mvnw -q -B -pl bench -am package -DskipTests}):
 * <pre>
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     io.hashmatch.bench.FastModeAccuracy [CORPUS_DIR [VECTORS_TSV]]
 * </pre>
 * Defaults: the corpus as in {@link Corpus}, the vectors as {@code vectors.tsv} next to the corpus directory.
 */
public final class FastModeAccuracy {
    private FastModeAccuracy() {}

    public static void main(String[] args) throws IOException {
        Path dir = Corpus.directory(args.length > 0 ? args[0] : "");
        List<Path> files = Corpus.files(dir.toString());
        Path vectors = args.length > 1 ? Path.of(args[1]) : dir.resolveSibling("vectors.tsv");

        FileHasher exact = FileHasher.newBuilder().build();
        FileHasher fast = FileHasher.newBuilder().fast(true).build();
        FileHasher tool = FileHasher.newBuilder().mode(PdqMode.REFERENCE_RESIZE).build();

        Map<String, String[]> expected = readVectors(vectors);
        List<Integer> applied = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        List<String> appliedRows = new ArrayList<>();
        List<String> fullMismatches = new ArrayList<>();
        List<String> toolMismatches = new ArrayList<>();
        int failed = 0;
        int compared = 0;
        for (Path file : files) {
            String name = file.getFileName().toString();
            FileHashes e = exact.hash(file);
            FileHashes f = fast.hash(file);
            FileHashes t = tool.hash(file);
            if (!e.ok() || !f.ok() || !t.ok()) {
                failed++;
                System.out.println("FAILED " + name + ": "
                        + (e.ok() ? f.ok() ? t.errorMessage() : f.errorMessage() : e.errorMessage()));
                continue;
            }
            int d = e.pdq().hash().distance(f.pdq().hash());
            all.add(d);
            int scale = fastScale(file);
            if (scale > 1) {
                applied.add(d);
                appliedRows.add(String.format(
                        "  %-44s %5dx%-5d 1/%d  distance %3d  quality %3d -> %3d",
                        name,
                        e.width(),
                        e.height(),
                        scale,
                        d,
                        e.pdq().quality(),
                        f.pdq().quality()));
            }
            String[] v = expected.get(name);
            if (v != null) {
                compared++;
                check(name, v[0], e, PdqHash.fromHex(v[2]), Integer.parseInt(v[3]), fullMismatches);
                check(name, v[0], t, PdqHash.fromHex(v[5]), Integer.parseInt(v[6]), toolMismatches);
            }
        }

        System.out.println("# Fast mode vs exact mode (PDQ full resolution), Hamming distance in bits of 256");
        System.out.println("corpus: " + dir + " (" + files.size() + " files, " + failed + " failed)");
        System.out.println("fast mode applied (JPEG, shorter side > 1024 px): " + applied.size() + " images");
        System.out.println("  over those:     " + summary(applied));
        System.out.println("  over all files: " + summary(all));
        System.out.println("  within 31 bits (the usual match threshold): "
                + applied.stream().filter(x -> x <= 31).count() + " / " + applied.size());
        appliedRows.forEach(System.out::println);
        System.out.println();
        System.out.println("# Exact mode vs the reference vectors (" + vectors + ", " + compared + " images compared)");
        System.out.println("FULL_RESOLUTION vs pdq_full: " + fullMismatches.size() + " differ");
        fullMismatches.forEach(System.out::println);
        System.out.println("REFERENCE_RESIZE vs pdq_tool: " + toolMismatches.size() + " differ");
        toolMismatches.forEach(System.out::println);
    }

    private static void check(
            String name, String info, FileHashes got, PdqHash want, int wantQuality, List<String> mismatches) {
        int d = got.pdq().hash().distance(want);
        if (d != 0 || got.pdq().quality() != wantQuality) {
            mismatches.add(String.format(
                    "  %-44s %-28s distance %3d  quality %3d (reference %3d)",
                    name, info, d, got.pdq().quality(), wantQuality));
        }
    }

    /** The scale fast mode decodes this file at (1 = not applied). */
    private static int fastScale(Path file) throws IOException {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            ImageInfo info = ImageDecoder.probe(bytes);
            return info.format() == ImageFormat.JPEG ? ImageDecoder.fastJpegScale(info.width(), info.height()) : 1;
        } catch (DecodeException e) {
            return 1;
        }
    }

    /** file -> columns 1.. (info, lossless8, pdq_full, quality_full, dih_full, pdq_tool, quality_tool, ...). */
    private static Map<String, String[]> readVectors(Path tsv) throws IOException {
        Map<String, String[]> out = new HashMap<>();
        if (!Files.isRegularFile(tsv)) {
            System.out.println("no vectors at " + tsv + "; skipping the reference comparison");
            return out;
        }
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            out.put(cols[0], Arrays.copyOfRange(cols, 1, cols.length));
        }
        return out;
    }

    /** median, 90th and 99th percentile (nearest rank), max, mean. */
    static String summary(List<Integer> values) {
        if (values.isEmpty()) {
            return "(none)";
        }
        int[] v = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        double mean = Arrays.stream(v).average().orElse(0);
        return String.format(
                "n=%d median %d, p90 %d, p99 %d, max %d, mean %.1f",
                v.length, rank(v, 0.50), rank(v, 0.90), rank(v, 0.99), v[v.length - 1], mean);
    }

    private static int rank(int[] sorted, double p) {
        int i = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }
}
