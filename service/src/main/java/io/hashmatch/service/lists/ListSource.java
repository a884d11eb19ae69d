package io.hashmatch.service.lists;

import io.hashmatch.hash.HashKind;
import io.hashmatch.list.format.ListImport;
import io.hashmatch.list.format.ReadOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where a served list comes from: a snapshot file served as it is, list files imported into a snapshot of the
 * service's work directory (both reloaded when one of their {@link #files()} is replaced on disk), or a published
 * list that the replicas of a fleet follow (polled).
 *
 * <p>Immutable; thread-safe.
 */
public sealed interface ListSource {
    /** Extension of snapshot files; any other file is a list to import. */
    String SNAPSHOT_EXTENSION = ".hmsnap";

    /** List names: what {@code PUT /v1/lists/{name}} and the {@code NAME=} prefix accept. */
    Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** The {@code :KIND} suffix of a list spec. */
    Pattern KIND_SUFFIX = Pattern.compile("(?i)pdq|md5|sha-?1|sha-?256");

    /** The files whose replacement reloads this list. */
    List<Path> files();

    /** A snapshot ({@code .hmsnap}) served in place; the list is called by the name in its header. */
    record SnapshotFile(Path file) implements ListSource {
        /** Makes the path absolute. */
        public SnapshotFile {
            file = file.toAbsolutePath().normalize();
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }

    /**
     * List files (any format hashmatch reads) merged and imported as list {@code name}.
     *
     * @param name the list's name
     * @param inputs the files, in order, with how to read each
     */
    record ListFiles(String name, List<ListImport.Source> inputs) implements ListSource {
        /**
         * @throws IllegalArgumentException if the name is not a valid list name or there is no input
         */
        public ListFiles {
            checkName(name);
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("list '" + name + "' has no input file");
            }
            List<ListImport.Source> absolute = new ArrayList<>();
            for (ListImport.Source s : inputs) {
                absolute.add(new ListImport.Source(s.file().toAbsolutePath().normalize(), s.options()));
            }
            inputs = List.copyOf(absolute);
        }

        @Override
        public List<Path> files() {
            return inputs.stream().map(ListImport.Source::file).toList();
        }
    }

    /**
     * A published list followed through its manifest ({@link PublishedList}), polled by {@link ListFollower}: an
     * {@code http://} or {@code https://} URL, or a {@code file:} URI of a manifest on shared storage.
     *
     * @param manifest where the manifest is
     */
    record Followed(URI manifest) implements ListSource {
        /** Nothing to watch: followed lists are polled. */
        @Override
        public List<Path> files() {
            return List.of();
        }

        /** Whether the manifest is fetched over HTTP(S) rather than read from a file. */
        boolean isHttp() {
            return !"file".equals(manifest.getScheme());
        }

        @Override
        public String toString() {
            return isHttp() ? manifest.toString() : Path.of(manifest).toString();
        }

        /**
         * Parses a {@code --follow} value: an {@code http(s)://} URL of a manifest, or the path of a
         * {@code <list>.manifest.json} file. Whether it exists is not checked here.
         *
         * @throws IllegalArgumentException with a one-line reason if it is neither
         */
        public static Followed parse(String spec) {
            String lower = spec.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                try {
                    URI uri = new URI(spec);
                    if (uri.getHost() == null) {
                        throw new IllegalArgumentException("follow '" + spec + "': no host");
                    }
                    return new Followed(uri);
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("follow '" + spec + "': not a URL: " + e.getReason(), e);
                }
            }
            if (lower.contains("://")) {
                throw new IllegalArgumentException("follow '" + spec + "': only http://, https:// and file paths");
            }
            Path file = Path.of(spec);
            if (!file.getFileName().toString().endsWith(PublishedList.MANIFEST_SUFFIX)) {
                throw new IllegalArgumentException("follow '" + spec + "': not a manifest (<list>"
                        + PublishedList.MANIFEST_SUFFIX + ", written by hashmatch list publish)");
            }
            return new Followed(file.toAbsolutePath().normalize().toUri());
        }
    }

    /**
     * Parses {@code [NAME=]FILE[:KIND]} (the {@code --list} option and each {@code hashmatch.lists} entry): a
     * {@code .hmsnap} file is served as a snapshot (its header names it; {@code NAME=} and {@code :KIND} are
     * refused), any other file is a list imported under NAME, by default the file name without its extension.
     * {@code :KIND} ({@code pdq}, {@code md5}, {@code sha1}, {@code sha256}) states the kind of a hex list's hashes,
     * which 64 hex digits leave open (PDQ or SHA-256). Whether the file exists is not checked here: a missing file
     * fails when the list is loaded.
     *
     * @throws IllegalArgumentException with a one-line reason if the spec is malformed
     */
    static ListSource parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String name = null;
        String file = spec;
        int eq = spec.indexOf('=');
        if (eq > 0 && NAME.matcher(spec.substring(0, eq)).matches()) {
            name = spec.substring(0, eq);
            file = spec.substring(eq + 1);
        }
        HashKind kind = null;
        int colon = file.lastIndexOf(':');
        if (colon > 0 && KIND_SUFFIX.matcher(file.substring(colon + 1)).matches()) {
            kind = ImportOptionNames.kind(file.substring(colon + 1));
            file = file.substring(0, colon);
        }
        if (file.isBlank()) {
            throw new IllegalArgumentException("list '" + spec + "': no file");
        }
        Path path = Path.of(file);
        String fileName = path.getFileName().toString();
        if (fileName.endsWith(SNAPSHOT_EXTENSION)) {
            if (name != null) {
                throw new IllegalArgumentException(
                        "list '" + spec + "': a snapshot is served under the name in its header;"
                                + " NAME= applies to list files only");
            }
            if (kind != null) {
                throw new IllegalArgumentException("list '" + spec
                        + "': a snapshot knows the kind of its hashes; :KIND applies to list files only");
            }
            return new SnapshotFile(path);
        }
        ReadOptions options = kind == null ? ReadOptions.DEFAULTS : ReadOptions.DEFAULTS.withHashKind(kind);
        return new ListFiles(
                name != null ? name : defaultName(fileName), List.of(new ListImport.Source(path, options)));
    }

    /**
     * Checks that the file of {@code spec} exists.
     *
     * @throws IllegalArgumentException with a one-line reason if it does not
     */
    static void requireFiles(String spec) {
        for (Path f : parse(spec).files()) {
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("list '" + spec + "': no such file: " + f);
            }
        }
    }

    /**
     * The demo list: every list of {@code dir} (the repository's {@code hashlists/demo/}) merged as list
     * {@code demo}, each read as {@code hashlists/README.md} describes it (the hex lists of 64 digits need their
     * kind: {@code sha256.txt} holds SHA-256, {@code pdq.txt} PDQ).
     */
    static ListFiles demo(Path dir) {
        List<ListImport.Source> inputs = new ArrayList<>();
        for (String f :
                List.of("te-signals.txt", "te-dataset.csv", "vics-1.2-case.json", "vics-2.0-hashset.json", "md5.txt")) {
            inputs.add(ListImport.Source.of(dir.resolve(f)));
        }
        inputs.add(
                new ListImport.Source(dir.resolve("sha256.txt"), ReadOptions.DEFAULTS.withHashKind(HashKind.SHA256)));
        inputs.add(new ListImport.Source(dir.resolve("pdq.txt"), ReadOptions.DEFAULTS.withHashKind(HashKind.PDQ)));
        return new ListFiles("demo", inputs);
    }

    /**
     * {@code hashlists/demo} found above {@code start} (the working directory, or the folder of the jar), or null.
     */
    static @Nullable Path findDemoDir(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path demo = dir.resolve("hashlists").resolve("demo");
            if (Files.isRegularFile(demo.resolve("MANIFEST.tsv"))) {
                return demo;
            }
        }
        return null;
    }

    /**
     * Returns {@code name} if it is a valid list name.
     *
     * @throws IllegalArgumentException if {@code name} is not 1-64 letters, digits, {@code .}, {@code _},
     *     {@code -} starting with a letter or digit
     */
    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid list name '" + name
                    + "': 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static String defaultName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        String cleaned = base.replaceAll("[^A-Za-z0-9._-]", "_");
        if (cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0))) {
            cleaned = "list" + cleaned;
        }
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
