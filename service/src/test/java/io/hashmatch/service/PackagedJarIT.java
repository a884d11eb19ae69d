package io.hashmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, {@code target/hashmatch.jar}, as the {@code hashmatch} launcher runs it (failsafe runs this class
 * after the package phase): its picocli class files were rewritten as version 52 with stack map frames after the shade
 * step (build-tools' {@code ClassFileUpgrade}), so that JDK 25's AOT cache stores them, and the jar still runs.
 */
class PackagedJarIT {
    private static final Path JAR = Path.of("target", "hashmatch.jar");
    private static final Path IMAGES = Path.of("..", "engine", "src", "test", "resources", "pdq");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theMainClassIsTheOneTheLauncherStartsWithClassPath() throws IOException {
        // the launcher names it (-cp JAR CLASS, one read of the jar's central directory instead of two with -jar)
        String launcher = Files.readString(Path.of("..", "hashmatch"), StandardCharsets.UTF_8);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            String mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
            assertThat(mainClass).isEqualTo(HashmatchApplication.class.getName());
            assertThat(launcher).contains("\nmain_class=" + mainClass + "\n");
        }
    }

    @Test
    void everyPicocliClassFileIsVersion52OrLater() throws IOException {
        List<String> old = new ArrayList<>();
        int classes = 0;
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            for (ZipEntry e : Collections.list(jar.entries())) {
                if (e.getName().startsWith("picocli/") && e.getName().endsWith(".class")) {
                    classes++;
                    byte[] head = jar.getInputStream(e).readNBytes(8);
                    if (((head[6] & 0xff) << 8 | (head[7] & 0xff)) < 52) {
                        old.add(e.getName());
                    }
                }
            }
        }
        assertThat(classes).as("picocli is in the jar").isGreaterThan(100);
        assertThat(old).as("class files older than version 52").isEmpty();
    }

    @Test
    void theJarPrintsItsHelpAndHashesAnImage() throws Exception {
        Run help = java("-jar", JAR.toString(), "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).startsWith("Usage: hashmatch ").contains("\n  hash ");

        // the PDQ hash the conformance vectors give for this image
        String pdq = Files.readAllLines(IMAGES.resolve("vectors.tsv")).stream()
                .filter(line -> line.startsWith("syn_text_256x256.png\t"))
                .map(line -> line.split("\t")[3])
                .findFirst()
                .orElseThrow();
        Path png = IMAGES.resolve("images/syn_text_256x256.png");
        Run hash = java("-jar", JAR.toString(), "hash", png.toString());
        assertThat(hash.exit()).as(hash.err()).isZero();
        assertThat(hash.out()).contains("\"pdq\":\"" + pdq + "\"").hasLineCount(1);
    }

    @Test
    void aStartUpCacheServesPicocliClasses() throws Exception {
        Path cache = dir.resolve("help.aot");
        Run training = java("-XX:AOTCacheOutput=" + cache, "-jar", JAR.toString(), "--help");
        assertThat(training.exit()).as(training.err()).isZero();

        Path log = dir.resolve("class-load.log");
        Run help = java("-XX:AOTCache=" + cache, "-Xlog:class+load=info:file=" + log, "-jar", JAR.toString(), "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        // "[info][class,load] picocli.CommandLine source: shared objects file" (from the cache), or "source: file:..."
        List<String> picocli = Files.readAllLines(log).stream()
                .filter(line -> line.contains("] picocli."))
                .toList();
        assertThat(picocli).as("picocli classes loaded").hasSizeGreaterThan(50);
        assertThat(picocli)
                .as("picocli classes not from the cache")
                .allMatch(line -> line.endsWith("source: shared objects file"));
    }
}
