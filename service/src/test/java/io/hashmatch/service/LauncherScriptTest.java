package io.hashmatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hashmatch} launcher at the repository root, run in a copy of the repository whose {@code mvnw} and
 * {@code java} are stubs: what it says while it builds the jar.
 */
class LauncherScriptTest {
    /** The class the launcher starts (the jar's Main-Class, which PackagedJarIT checks). */
    private static final String MAIN_CLASS = HashmatchApplication.class.getName();

    @TempDir
    Path repo;

    private record Run(int exit, String out, String err) {}

    private Run launch(String... args) throws IOException, InterruptedException {
        return launch(false, args);
    }

    private Run launch(boolean aot, String... args) throws IOException, InterruptedException {
        return launch(aot, null, args);
    }

    /** A run with the environment's locale and native-library variables removed, then {@code env} added. */
    private Run launch(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return launch(false, env, args);
    }

    private Run launch(boolean aot, @Nullable Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path err = repo.resolve("stderr");
        Path out = repo.resolve("stdout");
        List<String> command = new java.util.ArrayList<>(
                List.of("bash", repo.resolve("hashmatch").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", repo.resolve("jdk").toString());
        pb.environment().remove("HASHMATCH_REBUILD");
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("HASHMATCH_AOT", aot ? "1" : "0");
        if (env != null) {
            for (String name : List.of(
                    "LC_ALL", "LC_CTYPE", "LANG", "OPENCV_LOG_LEVEL", "OPENBLAS_NUM_THREADS", "GLIBC_TUNABLES")) {
                pb.environment().remove(name);
            }
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private void script(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Copies the launcher under test into the test repository. */
    private void installLauncher() throws IOException {
        script(repo.resolve("hashmatch"), Files.readString(Path.of("..", "hashmatch")));
    }

    /** The launcher under test and a Maven wrapper that "builds" a stub jar. */
    private void stubBuild() throws IOException {
        installLauncher();
        script(repo.resolve("mvnw"), "#!/bin/sh\nmkdir -p service/target && echo jar > service/target/hashmatch.jar\n");
    }

    /** The {@code java} the launcher finds under {@code JAVA_HOME}: a shell script. */
    private void stubJava(String text) throws IOException {
        script(repo.resolve("jdk/bin/java"), text);
    }

    /** A stub {@code java} that prints {@code flag ARG} for each argument matching the shell pattern, nothing else. */
    private static String flagPrinter(String pattern) {
        return """
                #!/bin/sh
                for a in "$@"; do
                  case "$a" in
                    %s) echo "flag $a" ;;
                  esac
                done
                """.formatted(pattern);
    }

    @Test
    void theFirstRunSaysThatItBuildsAndRoughlyHowLongThenRunsTheJar() throws Exception {
        stubBuild();
        stubJava("#!/bin/sh\necho \"ran $*\" | sed 's/.* -cp /ran -cp /'\n");

        Run first = launch("--version");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err())
                .startsWith("hashmatch: first run: building " + repo.toRealPath() + "/service/target/hashmatch.jar"
                        + " (2-10 minutes: Maven downloads the dependencies once; later runs start at once) ...\n")
                .containsPattern("\nhashmatch: built in \\d+ s\n$");
        assertThat(first.out())
                .isEqualTo("ran -cp " + repo.toRealPath() + "/service/target/hashmatch.jar " + MAIN_CLASS
                        + " --version\n");

        Run second = launch("--version");
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out());
    }

    /**
     * The launcher finds its jar by its folder's real path however it is named: a relative name from the working
     * folder, one with {@code .} or {@code ..}, one through a symbolic link to the folder.
     */
    @Test
    void theJarIsNamedByItsFoldersRealPathHoweverTheLauncherIsReached() throws Exception {
        stubBuild();
        stubJava("#!/bin/sh\necho \"ran $*\" | sed 's/.* -cp /ran -cp /'\n");
        assertThat(launch("--version").err()).contains("first run: building");
        String expected =
                "ran -cp " + repo.toRealPath() + "/service/target/hashmatch.jar " + MAIN_CLASS + " --version\n";
        Path sub = Files.createDirectories(repo.resolve("sub"));
        Path linkedFolder = Files.createSymbolicLink(repo.resolve("linked"), repo);
        String[][] runs = { // working folder, launcher as named
            {repo.toString(), "hashmatch"},
            {repo.toString(), "./hashmatch"},
            {sub.toString(), "../hashmatch"},
            {sub.toString(), ".././/hashmatch"},
            {repo.toString(), linkedFolder.getFileName() + "/hashmatch"},
            {linkedFolder.toString(), "hashmatch"},
            {repo.toString(), linkedFolder + "/sub/../hashmatch"},
        };
        for (String[] run : runs) {
            ProcessBuilder pb = new ProcessBuilder("bash", run[1], "--version")
                    .directory(Path.of(run[0]).toFile())
                    .redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", repo.resolve("jdk").toString());
            pb.environment().put("HASHMATCH_AOT", "0");
            pb.environment().remove("JAVA_OPTS");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as("from " + run[0] + ": " + run[1]).isEqualTo(expected);
        }
    }

    @Test
    void theFirstRunAfterABuildTrainsTheStartUpCacheAndLaterRunsStartFromIt() throws Exception {
        stubBuild();
        // the stub JVM writes the cache a training run asks for and names the cache a later run starts from, each
        // with the modules added before (a cache serves only a JVM with the modules it was trained with)
        stubJava("""
                #!/bin/sh
                mods=none
                for a in "$@"; do
                  case "$a" in
                    --add-modules=*) mods="${a#--add-modules=}" ;;
                    -XX:AOTCacheOutput=*) echo "cache $mods" > "${a#-XX:AOTCacheOutput=}"; echo training; exit 0 ;;
                    -XX:AOTCache=*) echo "from ${a#-XX:AOTCache=} with $mods" ;;
                  esac
                done
                echo "ran $*" | sed 's/.* -cp /ran -cp /'
                """);
        String target = repo.toRealPath() + "/service/target/";

        Run first = launch(true, "--version");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err())
                .endsWith("hashmatch: creating the start-up cache " + target
                        + "hashmatch.aot (a few seconds, once per build) ...\n");
        assertThat(first.out())
                .as("the training run's output stays out of the command's")
                .isEqualTo("from " + target + "hashmatch.aot with none\nran -cp " + target + "hashmatch.jar "
                        + MAIN_CLASS + " --version\n");
        assertThat(Files.readString(repo.resolve("service/target/hashmatch.aot")))
                .isEqualTo("cache none\n");
        try (var files = Files.list(repo.resolve("service/target"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("hashmatch.jar", "hashmatch.aot");
        }

        Run second = launch(true, "--version");
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).isEqualTo(first.out());

        Run without = launch(false, "--version");
        assertThat(without.out()).isEqualTo("ran -cp " + target + "hashmatch.jar " + MAIN_CLASS + " --version\n");

        // scan carves with the vector module: its own cache, trained with the module its runs add
        Run scan = launch(true, "scan", "card.raw");
        assertThat(scan.err()).contains("creating the start-up cache " + target + "hashmatch-scan.aot ");
        assertThat(scan.out())
                .isEqualTo("from " + target + "hashmatch-scan.aot with jdk.incubator.vector\nran -cp " + target
                        + "hashmatch.jar " + MAIN_CLASS + " scan card.raw\n");
        assertThat(Files.readString(repo.resolve("service/target/hashmatch-scan.aot")))
                .isEqualTo("cache jdk.incubator.vector\n");
    }

    @Test
    void aHashOfAtMostAThousandFilesAndAHundredMebibytesCompilesWithC1OnlyAndALongerRunKeepsC2() throws Exception {
        stubBuild();
        stubJava(flagPrinter("-XX:TieredStopAtLevel=*"));
        Path images = Files.createDirectories(repo.resolve("images"));
        Path small = Files.write(images.resolve("small.png"), new byte[1000]);
        Path thousand = Files.createDirectories(repo.resolve("thousand"));
        for (int i = 0; i < 1000; i++) {
            Files.write(thousand.resolve(i + ".jpg"), new byte[10]);
        }
        Path large = Files.createDirectories(repo.resolve("large"));
        try (var file = new RandomAccessFile(large.resolve("large.png").toFile(), "rw")) {
            file.setLength((100L << 20) + 1); // sparse: takes no disk space
        }
        launch("--version"); // builds the stub jar

        String c1 = "flag -XX:TieredStopAtLevel=1\n";
        assertThat(launch("hash", small.toString()).out()).isEqualTo(c1);
        assertThat(launch("hash", "--threads", "1", small.toString(), small.toString())
                        .out())
                .isEqualTo(c1);
        assertThat(launch("hash", images.toString()).out())
                .as("a directory of one file")
                .isEqualTo(c1);
        assertThat(launch("hash", "--format", "jsonl", thousand.toString()).out())
                .as("1,000 files in a directory")
                .isEqualTo(c1);
        assertThat(launch("hash", thousand.toString(), small.toString()).out())
                .as("1,001 files")
                .isEmpty();
        assertThat(launch("hash", large.toString()).out())
                .as("over 100 MiB, in a directory")
                .isEmpty();
        assertThat(launch("hash", small.toString(), large.resolve("large.png").toString())
                        .out())
                .as("over 100 MiB in two files")
                .isEmpty();
        assertThat(launch("hash", "--threads", "2").out()).as("no path").isEmpty();
        assertThat(launch("hash", "", "--format", "csv", small.toString()).out())
                .as("an empty argument and options among the paths: names find skips")
                .isEqualTo(c1);
        assertThat(launch("match", small.toString()).out())
                .as("another command")
                .isEmpty();

        // a find without -files0-from (GNU findutils before 4.9) gives no sizes: the run keeps C2, and still runs
        Path oldFind = repo.resolve("old-find");
        script(
                oldFind.resolve("find"),
                "#!/bin/sh\ncase \" $* \" in *\" -files0-from \"*) echo \"find: unknown predicate\" >&2; exit 1 ;; esac\n"
                        + "exec /usr/bin/find \"$@\"\n");
        Run old = launch(Map.of("PATH", oldFind + ":" + System.getenv("PATH")), "hash", small.toString());
        assertThat(old.exit()).isZero();
        assertThat(old.out()).as("an older find").isEmpty();
    }

    @Test
    void hashAndScanKeepNativeBuffersInMallocsHeapUnlessTheEnvironmentSaysOtherwise() throws Exception {
        stubBuild();
        stubJava("#!/bin/sh\necho \"${MALLOC_MMAP_THRESHOLD_-unset} ${MALLOC_TRIM_THRESHOLD_-unset}"
                + " ${MALLOC_TOP_PAD_-unset}\"\n");
        launch("--version"); // builds the stub jar

        String tuned = "268435456 536870912 67108864\n";
        assertThat(launch(Map.of(), "hash", "--threads", "2").out()).isEqualTo(tuned);
        assertThat(launch(Map.of(), "scan", "--help").out()).isEqualTo(tuned);
        assertThat(launch(Map.of(), "serve", "--help").out())
                .as("a long-lived process")
                .isEqualTo("unset unset unset\n");
        assertThat(launch(Map.of("MALLOC_MMAP_THRESHOLD_", "1048576"), "hash", "--threads", "2")
                        .out())
                .isEqualTo("1048576 536870912 67108864\n");
    }

    @Test
    void theJvmGetsAUtf8LocaleAndTheNativeLibrariesEnvironmentEachUnlessSet() throws Exception {
        stubBuild();
        stubJava("#!/bin/sh\necho \"LC_ALL=${LC_ALL-unset} OPENCV_LOG_LEVEL=${OPENCV_LOG_LEVEL-unset}"
                + " OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS-unset}\"\n");
        launch("--version"); // builds the stub jar

        assertThat(launch(Map.of("LANG", "C.UTF-8"), "--version").out())
                .isEqualTo("LC_ALL=unset OPENCV_LOG_LEVEL=SILENT OPENBLAS_NUM_THREADS=1\n");
        assertThat(launch(Map.of("LANG", "C"), "--version").out())
                .isEqualTo("LC_ALL=C.UTF-8 OPENCV_LOG_LEVEL=SILENT OPENBLAS_NUM_THREADS=1\n");
        assertThat(launch(Map.of(), "--version").out()).startsWith("LC_ALL=C.UTF-8 ");
        assertThat(launch(Map.of("LC_ALL", "C.utf8", "LANG", "C"), "--version").out())
                .startsWith("LC_ALL=C.utf8 ");
        assertThat(launch(Map.of("LANG", "xx_XX.UTF-8"), "--version").out())
                .as("a locale that is not installed: its charmap is not UTF-8")
                .startsWith("LC_ALL=C.UTF-8 ");
        assertThat(launch(
                                Map.of("LANG", "C.UTF-8", "OPENCV_LOG_LEVEL", "INFO", "OPENBLAS_NUM_THREADS", "4"),
                                "--version")
                        .out())
                .isEqualTo("LC_ALL=unset OPENCV_LOG_LEVEL=INFO OPENBLAS_NUM_THREADS=4\n");
    }

    @Test
    void aHashStartsWithAYoungGenerationOfAtLeast96Mebibytes() throws Exception {
        stubBuild();
        stubJava(flagPrinter("-XX:NewSize=*|-Xmn*"));
        Path png = Files.write(repo.resolve("small.png"), new byte[100]);
        launch("--version"); // builds the stub jar

        assertThat(launch("hash", png.toString()).out()).isEqualTo("flag -XX:NewSize=96m\n");
        assertThat(launch("hash", "--threads", "1", png.toString()).out()).isEqualTo("flag -XX:NewSize=96m\n");
        assertThat(launch("match", png.toString()).out()).as("another command").isEmpty();
    }

    @Test
    void aHashCollectsWithSerialGcUnlessJavaOptsNameACollectorAndAsksForHugePagesWhereTheKernelGivesThemOnRequest()
            throws Exception {
        stubBuild();
        stubJava(flagPrinter("-XX:+Use*") + "echo \"GLIBC_TUNABLES=${GLIBC_TUNABLES-unset}\"\n");
        Path png = Files.write(repo.resolve("small.png"), new byte[100]);
        launch("--version"); // builds the stub jar
        // the launcher asks only where the kernel's setting is "madvise" (with "always" every heap gets them anyway)
        Path setting = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        boolean onRequest =
                Files.isReadable(setting) && Files.readString(setting).contains("[madvise]");
        String hugePages = onRequest ? "flag -XX:+UseTransparentHugePages\n" : "";
        String tunables = onRequest ? "GLIBC_TUNABLES=glibc.malloc.hugetlb=1\n" : "GLIBC_TUNABLES=unset\n";

        String serial = "flag -XX:+UseSerialGC\n" + hugePages + tunables;
        assertThat(launch(Map.of(), "hash", "--threads", "2", png.toString()).out())
                .isEqualTo(serial);
        assertThat(launch(Map.of(), "hash", "--threads", "1", png.toString()).out())
                .isEqualTo(serial);
        assertThat(launch(Map.of("JAVA_OPTS", "-Xmx1g -XX:+UseParallelGC"), "hash", png.toString())
                        .out())
                .as("a collector of the caller's")
                .isEqualTo(hugePages + "flag -XX:+UseParallelGC\n" + tunables);
        assertThat(launch(Map.of("JAVA_OPTS", "-XX:+UseStringDeduplication"), "hash", png.toString())
                        .out())
                .as("another -XX:+Use flag is no collector")
                .isEqualTo("flag -XX:+UseSerialGC\n" + hugePages + "flag -XX:+UseStringDeduplication\n" + tunables);
        assertThat(launch(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=1"), "hash", png.toString())
                        .out())
                .as("the caller's tunables")
                .isEqualTo("flag -XX:+UseSerialGC\n" + hugePages + "GLIBC_TUNABLES=glibc.malloc.arena_max=1\n");
        assertThat(launch(Map.of(), "match", png.toString()).out())
                .as("another command")
                .isEqualTo("GLIBC_TUNABLES=unset\n");
    }

    @Test
    void aHashWithOneThreadRunsOnOneCpuAndOtherRunsOnTheCpusTheLauncherMayUse() throws Exception {
        stubBuild();
        // the stub JVM prints the CPUs it may run on (grep inherits them)
        stubJava("#!/bin/sh\ngrep Cpus_allowed_list /proc/self/status | cut -f2\n");
        Path png = Files.write(repo.resolve("small.png"), new byte[100]);
        launch("--version"); // builds the stub jar
        String allowed = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElseThrow();

        String one = launch("hash", "--threads", "1", png.toString()).out().strip();
        assertThat(one).as("one CPU, allowed to the launcher").matches("[0-9]+");
        assertThat(launch("hash", "--threads=1", "--format", "csv", png.toString())
                        .out()
                        .strip())
                .matches("[0-9]+");
        assertThat(launch("hash", "--threads", "2", png.toString()).out().strip())
                .isEqualTo(allowed);
        assertThat(launch("hash", "--threads", "1", "--threads", "2", png.toString())
                        .out()
                        .strip())
                .as("the last --threads counts, as for picocli")
                .isEqualTo(allowed);
        assertThat(launch("hash", "--threads", "2", "1", "--format", "csv", "1")
                        .out()
                        .strip())
                .as("arguments that read 1 but are no --threads value")
                .isEqualTo(allowed);
        assertThat(launch("hash", "--threads", "1", png.toString(), "--threads")
                        .out()
                        .strip())
                .as("a last --threads without its value")
                .isEqualTo(allowed);
        assertThat(launch("hash", "--threads", "1", "--threads=2", png.toString(), "--threads=1")
                        .out()
                        .strip())
                .as("the last of both forms counts")
                .matches("[0-9]+");
        assertThat(launch("hash", png.toString()).out().strip())
                .as("default: all CPUs")
                .isEqualTo(allowed);
        assertThat(launch("hash", "--", "--threads", "1").out().strip())
                .as("file names after --")
                .isEqualTo(allowed);
        assertThat(launch("scan", "--threads", "1", png.toString()).out().strip())
                .as("another command")
                .isEqualTo(allowed);
    }

    @Test
    void matchHasACacheOfItsOwnTrainedOnALookupInTheTestSnapshot() throws Exception {
        stubBuild();
        Path snapshot = repo.resolve("engine/src/test/resources/snapshots/demo-variants-v3.hmsnap");
        Files.createDirectories(snapshot.getParent());
        Files.writeString(snapshot, "snapshot");
        // the stub JVM says what a training run ran and writes its cache; a later run names the cache it starts from;
        // a run with no cache at all (every command here runs from one) is logged as untimed
        stubJava("""
                #!/bin/sh
                for a in "$@"; do
                  case "$a" in
                    -XX:AOTCacheOutput=*) out="${a#-XX:AOTCacheOutput=}"; echo cache > "$out" ;;
                    -XX:AOTCache=*) from="${a#-XX:AOTCache=}"; echo "from $from" ;;
                  esac
                done
                if [ -n "${out:-}" ]; then echo "trained $*" | sed 's/.* -cp [^ ]* [^ ]* /trained /' >> "$(dirname "$0")/../../training.log"; exit 0; fi
                if [ -z "${from:-}" ]; then echo "untimed $*" | sed 's/.* -cp [^ ]* [^ ]* /untimed /' >> "$(dirname "$0")/../../training.log"; fi
                echo "ran $*" | sed 's/.* -cp [^ ]* [^ ]* /ran /'
                """);
        String target = repo.toRealPath() + "/service/target/";
        String hash = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

        Run match = launch(true, "match", "--list", "l.hmsnap", hash);
        assertThat(match.exit()).as(match.err()).isZero();
        assertThat(match.err())
                .endsWith("hashmatch: creating the start-up cache " + target
                        + "hashmatch-match.aot (a few seconds, once per build) ...\n");
        assertThat(match.out())
                .isEqualTo("from " + target + "hashmatch-match.aot\nran match --list l.hmsnap " + hash + "\n");
        assertThat(launch(true, "match", "--list", "l.hmsnap", hash).err()).isEmpty();

        Run info = launch(true, "list", "info", "l.hmsnap");
        assertThat(info.err()).contains("creating the start-up cache " + target + "hashmatch.aot ");
        assertThat(info.out()).isEqualTo("from " + target + "hashmatch.aot\nran list info l.hmsnap\n");

        // a hash of PNGs only (decoded in Java) starts from a cache without OpenCV; one naming a JPEG from the media
        // cache
        Path images = Files.createDirectories(repo.resolve("engine/src/test/resources/pdq/images"));
        Path png = Files.writeString(images.resolve("syn_shapes_64x48.png"), "png");
        Path jpeg = Files.writeString(images.resolve("degen_1x1.jpg"), "jpeg");
        Files.delete(repo.resolve("service/target/hashmatch.aot"));
        Run pngs = launch(true, "hash", png.toString(), png.toString());
        assertThat(pngs.out()).isEqualTo("from " + target + "hashmatch-png.aot\nran hash " + png + " " + png + "\n");
        Run mixed = launch(true, "hash", png.toString(), jpeg.toString());
        assertThat(mixed.out()).isEqualTo("from " + target + "hashmatch.aot\nran hash " + png + " " + jpeg + "\n");
        String root = repo.toRealPath() + "/engine/src/test/resources/pdq/images/";
        assertThat(Files.readAllLines(repo.resolve("training.log")))
                .containsExactly(
                        "trained match --list " + snapshot.toRealPath()
                                + " e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78",
                        "trained --help",
                        "trained hash " + root + "syn_shapes_64x48.png",
                        // a training that loads OpenCV runs once untimed first, so that it loads as later runs do
                        "untimed hash " + root + "syn_shapes_64x48.png " + root + "degen_1x1.jpg",
                        // the media cache: trained on the test pictures' folder, for the profiles of its hashing
                        "trained hash " + root.substring(0, root.length() - 1));
    }

    @Test
    void theJarIsRebuiltWhenAPomOrAFileUnderAModulesMainSourcesIsNewerThanIt() throws Exception {
        stubBuild();
        stubJava("#!/bin/sh\necho ran\n");
        Path source = repo.resolve("engine/src/main/java/io/hashmatch/deep/Source.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class Source {}");
        Path dotted = Files.writeString(source.resolveSibling(".hidden"), "x");
        Path test =
                Files.createDirectories(repo.resolve("engine/src/test/java")).resolve("SourceTest.java");
        Files.writeString(test, "class SourceTest {}");
        Path pom = Files.writeString(repo.resolve("pom.xml"), "<project/>");
        assertThat(launch("--version").err()).as("no jar yet").contains("first run: building");
        Path jar = repo.resolve("service/target/hashmatch.jar");
        long now = System.currentTimeMillis();
        FileTime older = FileTime.fromMillis(now - 3_600_000);
        FileTime newer = FileTime.fromMillis(now - 600_000);
        for (Path p : List.of(source, dotted, test, pom, source.getParent())) {
            Files.setLastModifiedTime(p, older);
        }
        Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 1_800_000));
        String rebuilding = "hashmatch: sources changed, rebuilding ";

        assertThat(launch("--version").err()).as("nothing newer").isEmpty();
        Files.setLastModifiedTime(test, newer);
        Files.setLastModifiedTime(source.getParent(), newer);
        assertThat(launch("--version").err())
                .as("a newer test and a newer folder only")
                .isEmpty();
        for (Path p : List.of(source, dotted, pom)) {
            Files.setLastModifiedTime(p, newer);
            assertThat(launch("--version").err()).as("newer: " + p).startsWith(rebuilding);
            assertThat(launch("--version").err()).as("rebuilt after " + p).isEmpty();
            Files.setLastModifiedTime(p, older);
            Files.setLastModifiedTime(jar, FileTime.fromMillis(now - 1_800_000));
        }
    }

    @Test
    void aMatchOfAFewHashesGivenAsArgumentsCompilesWithC1OnlyAndOneReadingStandardInputKeepsC2() throws Exception {
        stubBuild();
        stubJava(flagPrinter("-XX:TieredStopAtLevel=*"));
        launch("--version"); // builds the stub jar
        String pdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
        String md5 = "md5:0123456789abcdef0123456789ABCDEF";

        assertThat(launch("match", "--list", "l.hmsnap", pdq).out()).isEqualTo("flag -XX:TieredStopAtLevel=1\n");
        assertThat(launch("match", "--list=l.hmsnap", md5, pdq + "@90").out())
                .isEqualTo("flag -XX:TieredStopAtLevel=1\n");
        assertThat(launch("match", "--list", "l.hmsnap").out())
                .as("queries on standard input")
                .isEmpty();
        assertThat(launch("match", "--list", "l.hmsnap", "--input", "jsonl").out())
                .as("records on standard input")
                .isEmpty();
        assertThat(launch("match", "--list", "l.hmsnap", pdq.substring(1)).out())
                .as("63 hex digits")
                .isEmpty();
        String[] seventeen = new String[20];
        seventeen[0] = "match";
        seventeen[1] = "--list";
        seventeen[2] = "l.hmsnap";
        java.util.Arrays.fill(seventeen, 3, 20, pdq);
        assertThat(launch(seventeen).out()).as("17 hashes").isEmpty();
        assertThat(launch("list", "info", pdq).out()).as("another command").isEmpty();
    }

    @Test
    void sparkRunsTheJobsInLocalModeOnTheSparkClassPathBuiltOnce() throws Exception {
        installLauncher();
        // the stub build writes the job jar and the class path of Spark's jars, and says what it was asked
        script(repo.resolve("mvnw"), """
                #!/bin/sh
                echo "mvnw $*" >&2
                mkdir -p spark/target && echo jar > spark/target/hashmatch-spark-jobs.jar
                printf '/m2/spark-core.jar:/m2/spark-sql.jar' > spark/target/spark-classpath.txt
                """);
        stubJava("""
                #!/bin/sh
                for a in "$@"; do
                  case "$a" in
                    -Dspark.master=*|--add-opens=java.base/java.lang.invoke=ALL-UNNAMED) echo "flag $a" ;;
                  esac
                done
                echo "ran $*" | sed 's/.* -cp /ran -cp /'
                """);
        String target = repo.toRealPath() + "/spark/target/";

        Run first = launch("spark", "retro-scan", "--input", "stored.parquet", "--list", "l.hmsnap");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.err())
                .startsWith("hashmatch: building " + target + "hashmatch-spark-jobs.jar and Spark's class path")
                .contains("mvnw -q -B -DskipTests -pl spark -am package dependency:build-classpath"
                        + " -Dmdep.includeScope=provided -Dmdep.outputFile=target/spark-classpath.txt\n")
                .containsPattern("\nhashmatch: built in \\d+ s\n$");
        assertThat(first.out())
                .isEqualTo("flag -Dspark.master=local[*]\n"
                        + "flag --add-opens=java.base/java.lang.invoke=ALL-UNNAMED\n"
                        + "ran -cp /m2/spark-core.jar:/m2/spark-sql.jar:" + target + "hashmatch-spark-jobs.jar"
                        + " io.hashmatch.spark.SparkJobs retro-scan --input stored.parquet --list l.hmsnap\n");
        assertThat(Files.exists(repo.resolve("service/target/hashmatch.jar")))
                .as("the service jar is not built for a Spark job")
                .isFalse();

        Run second = launch("spark", "hash", "--input", "media/", "--output", "hashes/");
        assertThat(second.err()).isEmpty();
        assertThat(second.out()).endsWith(" io.hashmatch.spark.SparkJobs hash --input media/ --output hashes/\n");
    }
}
