package io.hashmatch.video;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The vPDQ reference vectors: the subset in test resources ({@code /vpdq}, 4 videos), and all 22 videos of
 * {@code ../shared/vpdq} when that folder exists beside the project.
 */
record VpdqCorpus(Path dir, List<Video> videos) {

    /** One row of {@code videos.tsv}. */
    record Video(
            String file,
            String codec,
            int width,
            int height,
            String pixelFormat,
            String averageFrameRate,
            int linesR0,
            int linesR1) {
        String stem() {
            return file.substring(0, file.lastIndexOf('.'));
        }
    }

    static VpdqCorpus bundled() {
        try {
            return read(Path.of(VpdqCorpus.class.getResource("/vpdq/videos.tsv").toURI())
                    .getParent());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<VpdqCorpus> shared() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/vpdq/videos.tsv");
            if (Files.isRegularFile(candidate)) {
                return Optional.of(read(candidate.getParent()));
            }
        }
        return Optional.empty();
    }

    /** The shared corpus when present, else the bundled subset. */
    static VpdqCorpus best() {
        return shared().orElseGet(VpdqCorpus::bundled);
    }

    static VpdqCorpus read(Path dir) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("videos.tsv"));
            List<Video> videos = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                String[] size = f[2].split("x");
                videos.add(new Video(
                        f[0],
                        f[1],
                        Integer.parseInt(size[0]),
                        Integer.parseInt(size[1]),
                        f[3],
                        f[4],
                        Integer.parseInt(f[7]),
                        Integer.parseInt(f[8])));
            }
            return new VpdqCorpus(dir, List.copyOf(videos));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path video(Video v) {
        return dir.resolve("videos").resolve(v.file());
    }

    /** The reference's hash file for a sampling ("r0", "r1", "r0.5") and a video stem. */
    Path hashes(String sampling, String stem) {
        return dir.resolve("hashes_" + sampling).resolve(stem + ".txt");
    }

    String referenceText(String sampling, String stem) {
        try {
            return Files.readString(hashes(sampling, stem));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<VpdqFrame> reference(String sampling, String stem) {
        try (var reader = Files.newBufferedReader(hashes(sampling, stem))) {
            return VpdqFile.read(reader, stem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (VpdqFormatException e) {
            throw new IllegalStateException(e);
        }
    }
}
