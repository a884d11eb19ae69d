package io.hashmatch.hash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Meta's reference PDQ vectors: the subset in test resources, and the full set in {@code ../shared/pdq}
 * when that folder exists beside the project.
 */
record PdqVectors(Path imageDir, List<Row> rows) {

    /** One reference row: hashes, qualities and dihedral hashes in both modes. */
    record Row(
            String file,
            String info,
            boolean lossless8,
            String pdqFull,
            int qualityFull,
            List<String> dihFull,
            String pdqTool,
            int qualityTool,
            List<String> dihTool) {

        String format() {
            return info.split(",")[0];
        }

        String colourMode() {
            return info.split(",")[1];
        }

        /** What the issue requires to be exact: lossless 8-bit images and every JPEG but CMYK. */
        boolean mustBeExact() {
            return lossless8 || (format().equals("JPEG") && !colourMode().equals("CMYK"));
        }
    }

    static PdqVectors bundled() {
        try {
            Path dir = Path.of(PdqVectors.class.getResource("/pdq/vectors.tsv").toURI())
                    .getParent();
            return read(dir);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The full shared corpus, when {@code <project>/../shared/pdq} exists. */
    static Optional<PdqVectors> shared() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path p = cwd; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/pdq/vectors.tsv");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(read(candidate.getParent()));
            }
        }
        return Optional.empty();
    }

    static PdqVectors read(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("vectors.tsv"));
            List<Row> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                rows.add(new Row(
                        f[0],
                        f[1],
                        f[2].equals("1"),
                        f[3],
                        Integer.parseInt(f[4]),
                        List.of(f[5].split(",")),
                        f[6],
                        Integer.parseInt(f[7]),
                        List.of(f[8].split(","))));
            }
            return new PdqVectors(dir.resolve("images"), rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
