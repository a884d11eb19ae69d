package io.hashmatch.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code manifest.sha256}: the SHA-256 of every regular file of a report folder and its sub-folders (such as
 * {@code vpdq/}), one line each in {@code sha256sum} format ({@code <64 hex><space><space><name>}, the name
 * relative to the folder with {@code /} separators, sorted by name), so that {@code sha256sum -c manifest.sha256}
 * checks it too. It does not list itself; symbolic links are not followed.
 *
 * <p>Stateless; thread-safe (two writers on one folder race, as with any file).
 */
public final class Manifest {
    /** The manifest's file name. */
    public static final String FILE_NAME = "manifest.sha256";

    private Manifest() {}

    /**
     * The outcome of {@link #verify}.
     *
     * @param files the number of files the manifest lists
     * @param problems one line per problem (changed, missing, unlisted file; malformed line); empty when intact
     */
    public record Verification(int files, List<String> problems) {
        /** Copies the list. */
        public Verification {
            problems = List.copyOf(problems);
        }

        /** Whether every listed file is present and unchanged and no file is unlisted. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Writes {@code dir/manifest.sha256} over every other regular file of {@code dir}.
     *
     * @throws IOException if a file cannot be read or the manifest written
     */
    public static void write(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Path> f : files(dir).entrySet()) {
            sb.append(sha256(f.getValue())).append("  ").append(f.getKey()).append('\n');
        }
        Files.writeString(dir.resolve(FILE_NAME), sb, StandardCharsets.UTF_8);
    }

    /**
     * Checks {@code dir} against its manifest.
     *
     * @throws IOException if the manifest cannot be read (missing: {@link java.nio.file.NoSuchFileException})
     */
    public static Verification verify(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(FILE_NAME), StandardCharsets.UTF_8);
        Map<String, Path> present = files(dir);
        List<String> problems = new ArrayList<>();
        Map<String, String> listed = new TreeMap<>();
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.length() < 67
                    || line.charAt(64) != ' '
                    || line.charAt(65) != ' '
                    || !line.substring(0, 64).matches("[0-9a-f]{64}")) {
                problems.add(FILE_NAME + " line " + lineNo + ": not '<sha256>  <name>'");
                continue;
            }
            listed.put(line.substring(66), line.substring(0, 64));
        }
        for (Map.Entry<String, String> e : listed.entrySet()) {
            Path file = present.get(e.getKey());
            if (file == null) {
                problems.add(e.getKey() + ": missing");
            } else if (!sha256(file).equals(e.getValue())) {
                problems.add(e.getKey() + ": changed (SHA-256 differs from the manifest)");
            }
        }
        for (String name : present.keySet()) {
            if (!listed.containsKey(name)) {
                problems.add(name + ": not in the manifest");
            }
        }
        return new Verification(listed.size(), problems);
    }

    private static Map<String, Path> files(Path dir) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        addFiles(dir, "", files);
        return files;
    }

    private static void addFiles(Path dir, String prefix, Map<String, Path> files) throws IOException {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String name = prefix + p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    addFiles(p, name + "/", files);
                } else if (!name.equals(FILE_NAME) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(name, p);
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ)) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
