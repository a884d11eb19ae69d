package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed demo lists of {@code hashlists/demo/} (hashes of the project's own synthetic images). */
final class DemoListFiles {
    /** {@code syn_text_256x256.png} in te-dataset.csv: entry 1 (0-based) when that list is imported first. */
    static final String TEXT_PDQ = "d9c130b6adad2523266f2e204800a75b2572b7473e7ccd8f41075edcda9cded8";
    /** {@code syn_checker_100x100.png}, NEGATIVE_CLASS in te-dataset.csv: entry 3. */
    static final String CHECKER_PDQ = "7fff845b8000947b8000d77f8402841b8000947b945bd57fd57f841bd77fd57f";
    /** {@code syn_noise_64x48.png}: MD5 in te-signals.txt and in md5.txt. */
    static final String NOISE_MD5 = "e0f41eaab102fe97c5a4deed64630418";
    /** {@code syn_text_100x100.png}: SHA-256 in sha256.txt. */
    static final String TEXT_SHA256 = "3ae48e912d265c77ac6fcb45bb4d0c7d069aceccf9e7ff5ad4166d7ecff48cf8";

    private DemoListFiles() {}

    /** {@code hashlists/demo/<name>}, found from the module's or the repository's folder. */
    static Path file(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve("hashlists").resolve("demo").resolve(name);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError(
                "hashlists/demo/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    /** Imports with the CLI and checks it succeeded. */
    static Cli.Result importOk(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "list";
        all[1] = "import";
        System.arraycopy(args, 0, all, 2, args.length);
        Cli.Result r = Cli.run(all);
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        return r;
    }

    /** The value of the summary line {@code key: value}. */
    static String summary(Cli.Result r, String key) {
        return r.lines().stream()
                .filter(l -> l.startsWith(key + ": "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no '" + key + ":' line in " + r.out()))
                .substring(key.length() + 2);
    }
}
