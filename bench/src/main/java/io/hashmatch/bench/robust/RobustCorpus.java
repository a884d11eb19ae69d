package io.hashmatch.bench.robust;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * The corpus of the robust-matching benchmark, written under one directory:
 *
 * <ul>
 *   <li>{@code listed/NAME.jpg}: the listed photographs (the list is made from these files);
 *   <li>{@code unrelated/NAME.jpg}: photographs and artwork that are in no list;
 *   <li>{@code edited/KIND/NAME.jpg|png}: every edit of every listed and unrelated source.
 * </ul>
 *
 * <p>Choice: the photographs, sorted by name, are shuffled with the seed; the first {@code listed} of them are
 * listed, the others join the artwork as unrelated sources (disjoint by construction). Every source is first
 * scaled so that its longer side is at most {@code maxSide} (chat apps and forums re-share at such sizes) and
 * saved as JPEG quality 92; edits start from those pixels. Fillers of collages are unrelated photographs.
 * Deterministic for the same inputs, seed and sizes; a corpus already on disk for the same inputs, parameters
 * and generator code is reused ({@code stamp.txt}, {@code index.tsv}).
 */
public final class RobustCorpus {
    /** One source image: a stable name and the file it was read from. */
    public record Source(String name, Path file) {}

    /** One image written to the corpus. */
    public record Image(
            String name,
            Path file,
            Role role,
            @Nullable EditKind kind,
            @Nullable String sourceName) {}

    /** What an image of the corpus is for. */
    public enum Role {
        /** A listed original: the list is built from these. */
        LISTED,
        /** An edit of a listed original: should match its item. */
        LISTED_EDIT,
        /** An unrelated original: should match nothing. */
        UNRELATED,
        /** An edit of an unrelated source: should match nothing. */
        UNRELATED_EDIT,
        /** An image of another corpus given as a query: should match nothing. */
        EXTRA
    }

    private final List<Image> images;

    private RobustCorpus(List<Image> images) {
        this.images = List.copyOf(images);
    }

    /** Every image written, listed originals first, in a stable order. */
    public List<Image> images() {
        return images;
    }

    /** The images of one role. */
    public List<Image> images(Role role) {
        return images.stream().filter(i -> i.role() == role).toList();
    }

    /**
     * Chooses the sets and writes the corpus.
     *
     * @param photos candidate photographs (listed or unrelated)
     * @param artwork other images (always unrelated)
     * @param listed how many photographs are listed
     * @param seed the run's seed: choice of the listed set and every edit
     * @param maxSide longer side of the sources after scaling
     * @param kinds the edits to make
     * @param dir where to write (emptied of earlier corpus files first)
     */
    public static RobustCorpus write(
            List<Source> photos,
            List<Source> artwork,
            int listed,
            long seed,
            int maxSide,
            List<EditKind> kinds,
            Path dir)
            throws IOException {
        String stamp = stamp(photos, artwork, listed, seed, maxSide, kinds);
        Path stampFile = dir.resolve("stamp.txt");
        Path index = dir.resolve("index.tsv");
        if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp) && Files.exists(index)) {
            return new RobustCorpus(readIndex(index));
        }
        Files.deleteIfExists(stampFile);
        List<Source> sorted =
                photos.stream().sorted(Comparator.comparing(Source::name)).toList();
        if (listed < 1 || listed >= sorted.size()) {
            throw new IllegalArgumentException(
                    "listed must be 1.." + (sorted.size() - 1) + " (there are " + sorted.size() + " photographs)");
        }
        List<Source> shuffled = new ArrayList<>(sorted);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Source t = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, t);
        }
        List<Source> listedSources = shuffled.subList(0, listed).stream()
                .sorted(Comparator.comparing(Source::name))
                .toList();
        List<Source> unrelatedPhotos = shuffled.subList(listed, shuffled.size()).stream()
                .sorted(Comparator.comparing(Source::name))
                .toList();
        List<Source> unrelatedSources = new ArrayList<>(unrelatedPhotos);
        artwork.stream().sorted(Comparator.comparing(Source::name)).forEach(unrelatedSources::add);

        deleteTree(dir.resolve("listed"));
        deleteTree(dir.resolve("unrelated"));
        deleteTree(dir.resolve("edited"));
        List<BufferedImage> listedPixels = load(listedSources, maxSide);
        List<BufferedImage> unrelatedPixels = load(unrelatedSources, maxSide);
        List<BufferedImage> fillers = unrelatedPixels.subList(0, unrelatedPhotos.size());

        List<Image> out = new ArrayList<>();
        out.addAll(writeOriginals(listedSources, listedPixels, Role.LISTED, dir.resolve("listed")));
        out.addAll(writeOriginals(unrelatedSources, unrelatedPixels, Role.UNRELATED, dir.resolve("unrelated")));
        out.addAll(writeEdits(listedSources, listedPixels, Role.LISTED_EDIT, kinds, seed, fillers, dir));
        out.addAll(writeEdits(unrelatedSources, unrelatedPixels, Role.UNRELATED_EDIT, kinds, seed, fillers, dir));
        writeIndex(out, index);
        Files.writeString(stampFile, stamp);
        return new RobustCorpus(out);
    }

    /**
     * What the corpus depends on: the sources, the parameters and the code that makes it (the class files of
     * the generator). A corpus on disk with the same stamp is reused as it is.
     */
    private static String stamp(
            List<Source> photos, List<Source> artwork, int listed, long seed, int maxSide, List<EditKind> kinds)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("listed=")
                .append(listed)
                .append(" seed=")
                .append(seed)
                .append(" maxSide=")
                .append(maxSide);
        sb.append(" kinds=").append(kinds).append('\n');
        for (Source s : photos) {
            sb.append("photo\t").append(s.name()).append('\t').append(s.file()).append('\n');
        }
        for (Source s : artwork) {
            sb.append("artwork\t")
                    .append(s.name())
                    .append('\t')
                    .append(s.file())
                    .append('\n');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Class<?> c : List.of(EditGenerator.class, RobustCorpus.class, EditKind.class)) {
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    if (in != null) {
                        sha.update(in.readAllBytes());
                    }
                }
            }
            sb.append("code=").append(HexFormat.of().formatHex(sha.digest())).append('\n');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return sb.toString();
    }

    private static void writeIndex(List<Image> images, Path index) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Image i : images) {
            lines.add(String.join(
                    "\t",
                    i.name(),
                    i.file().toString(),
                    i.role().name(),
                    i.kind() == null ? "" : i.kind().name(),
                    i.sourceName() == null ? "" : i.sourceName()));
        }
        Files.write(index, lines, StandardCharsets.UTF_8);
    }

    private static List<Image> readIndex(Path index) throws IOException {
        List<Image> images = new ArrayList<>();
        for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            images.add(new Image(
                    f[0],
                    Path.of(f[1]),
                    Role.valueOf(f[2]),
                    f[3].isEmpty() ? null : EditKind.valueOf(f[3]),
                    f[4].isEmpty() ? null : f[4]));
        }
        return images;
    }

    private static List<BufferedImage> load(List<Source> sources, int maxSide) {
        return sources.parallelStream()
                .map(s -> {
                    try {
                        BufferedImage image = ImageIO.read(s.file().toFile());
                        if (image == null) {
                            throw new IllegalArgumentException("ImageIO cannot read " + s.file());
                        }
                        return EditGenerator.fit(image, maxSide);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + s.file(), e);
                    }
                })
                .toList();
    }

    private static List<Image> writeOriginals(List<Source> sources, List<BufferedImage> pixels, Role role, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            Path file = dir.resolve(sources.get(i).name() + ".jpg");
            Files.write(file, EditGenerator.jpeg(pixels.get(i), 92));
            out.add(new Image(sources.get(i).name(), file, role, null, null));
        }
        return out;
    }

    private static List<Image> writeEdits(
            List<Source> sources,
            List<BufferedImage> pixels,
            Role role,
            List<EditKind> kinds,
            long seed,
            List<BufferedImage> fillers,
            Path dir)
            throws IOException {
        for (EditKind kind : kinds) {
            Files.createDirectories(dir.resolve("edited").resolve(kind.name().toLowerCase(java.util.Locale.ROOT)));
        }
        int n = sources.size() * kinds.size();
        // Edits are independent and deterministic, so they run in parallel; the list keeps the sequential order.
        return IntStream.range(0, n)
                .parallel()
                .mapToObj(k -> {
                    int i = k / kinds.size();
                    Source s = sources.get(i);
                    EditKind kind = kinds.get(k % kinds.size());
                    // The first unrelated sources are the fillers themselves: a collage never repeats its photo.
                    List<BufferedImage> others = fillers;
                    if (role == Role.UNRELATED_EDIT && i < fillers.size()) {
                        others = new ArrayList<>(fillers);
                        others.remove(i);
                    }
                    EditedImage e =
                            EditGenerator.apply(kind, pixels.get(i), EditGenerator.seed(seed, s.name(), kind), others);
                    Path file = dir.resolve("edited")
                            .resolve(kind.name().toLowerCase(java.util.Locale.ROOT))
                            .resolve(s.name() + "." + e.extension());
                    try {
                        Files.write(file, EditGenerator.encode(e));
                    } catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    return new Image(s.name() + "/" + kind.name(), file, role, kind, s.name());
                })
                .toList();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
