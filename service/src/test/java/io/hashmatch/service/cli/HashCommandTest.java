package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.cli.ByteSizeConverter;
import io.hashmatch.decode.DecodeLimits;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqMode;
import io.hashmatch.scan.MediaHashes;
import io.hashmatch.scan.MediaKind;
import io.hashmatch.service.cli.output.CsvRecordWriter;
import io.hashmatch.service.cli.output.Fixtures;
import io.hashmatch.service.json.JsonOutput;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command's contract with a fake engine: options, exit codes, usage errors. */
class HashCommandTest {
    @TempDir
    Path tmp;

    private Path a;
    private Path b;
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void files() throws IOException {
        a = Files.writeString(tmp.resolve("a.jpg"), "a");
        b = Files.writeString(tmp.resolve("b.png"), "b");
    }

    private final HashCommand.HasherFactory allGood = engine -> p -> {
        calls.incrementAndGet();
        return image(Fixtures.image(1, 100));
    };

    /** {@code h} as the engine's answer for an image. */
    private static MediaHashes image(FileHashes h) {
        return new MediaHashes(MediaKind.IMAGE, h, null);
    }

    private void assertUsageError(Cli.Result r, String message) {
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(message).doesNotContain("\tat ", "Exception");
        // a command line that does not parse: the synopsis and "Try"; a wrong file or value: that one line
        List<String> lines = r.err().lines().toList();
        if (lines.size() > 1) {
            assertThat(lines.getLast()).startsWith("Try 'hashmatch").endsWith("--help' for more information.");
        }
        assertThat(calls.get()).isZero();
    }

    @Test
    void allHashedExitsZero() {
        Cli.Result r = Cli.runWith(allGood, "hash", a.toString(), b.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).startsWith("{\"path\":" + quoted(a.toString()) + ",\"size\":1,");
        assertThat(r.lines().get(1)).startsWith("{\"path\":" + quoted(b.toString()) + ",\"size\":1,");
    }

    @Test
    void someFailedExitsTwoWithEveryRecord() {
        Cli.Result r = Cli.runWith(
                engine -> p -> image(p.equals(b) ? Fixtures.truncated() : Fixtures.image(1, 100)),
                "hash",
                a.toString(),
                b.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEmpty();
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(1)).contains("\"error\":{\"code\":\"truncated\"");
    }

    @Test
    void emptyDirectoryExitsZeroWithNoRecords() throws IOException {
        Cli.Result r = Cli.runWith(
                allGood, "hash", Files.createDirectory(tmp.resolve("empty")).toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void csvFormatWritesHeaderThenRows() {
        Cli.Result r = Cli.runWith(allGood, "hash", "--format", "csv", a.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).isEqualTo(CsvRecordWriter.HEADER);
        assertThat(r.lines().get(1)).startsWith(a + ",1," + Fixtures.MD5 + ",");
    }

    @Test
    void defaultsReachTheEngine() {
        AtomicReference<FileHasher> seen = new AtomicReference<>();
        Cli.Result r = Cli.runWith(
                engine -> {
                    seen.set(engine.images());
                    return p -> image(Fixtures.image(1, 100));
                },
                "hash",
                a.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(seen.get().mode()).isEqualTo(PdqMode.FULL_RESOLUTION);
        assertThat(seen.get().dihedral()).isFalse();
        assertThat(seen.get().fast()).isFalse();
        assertThat(seen.get().limits()).isEqualTo(DecodeLimits.defaults());
    }

    @Test
    void optionsReachTheEngine() {
        AtomicReference<FileHasher> seen = new AtomicReference<>();
        Cli.Result r = Cli.runWith(
                engine -> {
                    seen.set(engine.images());
                    return p -> image(Fixtures.image(1, 100));
                },
                "hash",
                "--reference-resize",
                "--fast",
                "--dihedral",
                "--max-pixels",
                "1000",
                "--max-file-size",
                "2M",
                "--threads",
                "3",
                a.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(seen.get().mode()).isEqualTo(PdqMode.REFERENCE_RESIZE);
        assertThat(seen.get().dihedral()).isTrue();
        assertThat(seen.get().fast()).isTrue();
        assertThat(seen.get().limits()).isEqualTo(new DecodeLimits(1000, 2L << 20));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2097152:2097152",
                "512K:524288",
                "2m:2097152",
                "1G:1073741824",
                "1GiB:1073741824",
                "10MB:10485760",
                "7:7"
            })
    void byteSizes(String spec) {
        String[] parts = spec.split(":");
        assertThat(new ByteSizeConverter().convert(parts[0])).isEqualTo(Long.parseLong(parts[1]));
    }

    @Test
    void missingPathIsAUsageError() {
        assertUsageError(Cli.runWith(allGood, "hash"), "hashmatch hash: Missing required parameter: 'PATH'");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertUsageError(
                Cli.runWith(allGood, "hash", "--bogus", a.toString()), "hashmatch hash: Unknown option: '--bogus'");
    }

    @Test
    void nonexistentPathIsAUsageErrorBeforeAnythingIsHashed() {
        Path missing = tmp.resolve("missing.jpg");
        assertUsageError(
                Cli.runWith(allGood, "hash", a.toString(), missing.toString(), b.toString()),
                "hashmatch hash: no such file or directory: " + missing);
    }

    @Test
    void danglingSymlinkArgumentIsAUsageError() throws IOException {
        Path link = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        assertUsageError(Cli.runWith(allGood, "hash", link.toString()), "no such file or directory: " + link);
    }

    @Test
    void threadsBelowOneIsAUsageError() {
        Cli.Result r = Cli.runWith(allGood, "hash", "--threads", "0", a.toString());
        assertUsageError(r, "--threads must be at least 1: 0");
        assertThat(r.err()).startsWith("hashmatch hash: --threads must be at least 1: 0");
    }

    @Test
    void badValuesAreUsageErrors() {
        assertUsageError(
                Cli.runWith(allGood, "hash", "--threads", "0", a.toString()), "--threads must be at least 1: 0");
        assertUsageError(
                Cli.runWith(allGood, "hash", "--threads", "two", a.toString()), "Invalid value for option '--threads'");
        assertUsageError(
                Cli.runWith(allGood, "hash", "--format", "xml", a.toString()), "expected jsonl or csv, got 'xml'");
        assertUsageError(
                Cli.runWith(allGood, "hash", "--max-pixels", "0", a.toString()),
                "invalid limit: maxPixels must be positive: 0");
        assertUsageError(
                Cli.runWith(allGood, "hash", "--max-file-size", "5Q", a.toString()),
                "expected a byte count such as 1048576, 512K, 256M or 1G, got '5Q'");
        assertUsageError(
                Cli.runWith(allGood, "hash", "--max-file-size", "4G", a.toString()), "invalid limit: maxFileBytes");
    }

    @Test
    void missingOrUnknownSubcommandIsAUsageError() {
        assertUsageError(Cli.runWith(allGood), "hashmatch: Missing required subcommand");
        Cli.Result typo = Cli.runWith(allGood, "hsh");
        assertUsageError(typo, "hashmatch: Unmatched argument at index 0: 'hsh'");
        assertThat(typo.err()).contains("Did you mean: hashmatch hash?");
    }

    @Test
    void helpDocumentsEveryOptionAndTheExitCodes() {
        Cli.Result r = Cli.runWith(allGood, "hash", "--help");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out())
                .contains(
                        "Usage: hashmatch hash ",
                        "PATH...",
                        "--dihedral",
                        "--format=FORMAT",
                        "--threads=N",
                        "--reference-resize",
                        "--fast",
                        "--max-pixels=N",
                        "--max-file-size=BYTES",
                        "--help",
                        "--version",
                        "does not exist is a usage error (exit 1)");
        assertThat(r.out()).containsPattern("Exit Codes:\\R  0 +every input was processed\\R  1 +usage error");
        assertThat(r.out()).containsPattern("\\R  2 +some inputs failed");
        assertThat(Cli.runWith(allGood, "--help").out()).contains("Commands:", "hash ", "Exit Codes:");
        assertThat(Cli.runWith(allGood, "help", "hash").out()).isEqualTo(r.out());
    }

    @Test
    void versionComesFromTheBuild() {
        Cli.Result r = Cli.runWith(allGood, "--version");
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).matches("hashmatch \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
    }

    @Test
    void outputFailureIsOneLineOnStderrAndExitOne() {
        StringWriter err = new StringWriter();
        CommandLine cmd = HashmatchCommand.newCommandLine(new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == HashCommand.class
                        ? (K) new HashCommand(allGood)
                        : CommandLine.defaultFactory().create(cls);
            }
        });
        cmd.setOut(new PrintWriter(new Writer() {
            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        }));
        cmd.setErr(new PrintWriter(err));
        assertThat(cmd.execute("hash", a.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("hashmatch hash: cannot write the records: output closed or failing\n");
    }

    @Test
    void engineBugForOneFileIsThatFilesRecord() {
        Cli.Result r = Cli.runWith(
                engine -> p -> {
                    if (p.equals(a)) {
                        throw new IllegalStateException("bug");
                    }
                    return image(Fixtures.image(1, 100));
                },
                "hash",
                a.toString(),
                b.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines())
                .containsExactly(
                        "{\"path\":" + quoted(a.toString())
                                + ",\"error\":{\"code\":\"internal_error\",\"message\":\"bug (IllegalStateException)\"}}",
                        r.lines().get(1));
        assertThat(r.lines().get(1)).startsWith("{\"path\":" + quoted(b.toString()) + ",\"size\":1,");
    }

    @Test
    void linkLeadingOutsideTheTreeIsARecordAndExitsTwo() throws IOException {
        Path d = Files.createDirectory(tmp.resolve("d"));
        Files.writeString(d.resolve("x.jpg"), "x");
        Files.createSymbolicLink(d.resolve("y-out"), a);
        Cli.Result r = Cli.runWith(allGood, "hash", d.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.lines()).hasSize(2);
        assertThat(Json.object(r.lines().get(1)))
                .containsEntry("path", d.resolve("y-out").toString())
                .containsKey("error");
        assertThat(calls.get()).isEqualTo(1); // x.jpg only
    }

    @Test
    void theNativeDecoderLoadsAheadForTwoOrMoreThreadsAsTheOptionSaysOrItsDefault() {
        assertThat(HashCommand.threadsAsked(List.of("x.jpg"), 2))
                .as("the default")
                .isEqualTo(2);
        assertThat(HashCommand.threadsAsked(List.of("--threads", "1", "x.jpg"), 2))
                .isEqualTo(1);
        assertThat(HashCommand.threadsAsked(List.of("--threads=3", "x.jpg"), 2)).isEqualTo(3);
        assertThat(HashCommand.threadsAsked(List.of("x.jpg", "--threads", "4"), 1))
                .isEqualTo(4);
        assertThat(HashCommand.threadsAsked(List.of("--threads", "many"), 2))
                .as("picocli reports it")
                .isEqualTo(2);
        assertThat(HashCommand.threadsAsked(List.of("--threads"), 2))
                .as("no value")
                .isEqualTo(2);
        assertThat(HashCommand.threadsAsked(List.of("--", "--threads", "1"), 2))
                .as("a path")
                .isEqualTo(2);
    }

    @Test
    void theNativeDecoderIsNeededForADirectoryOrAFileNotNamedPng() throws IOException {
        Path png = Files.writeString(tmp.resolve("c.PNG"), "c");
        assertThat(HashCommand.mayNeedNativeDecoder(List.of(b.toString(), png.toString())))
                .as("PNG files only")
                .isFalse();
        assertThat(HashCommand.mayNeedNativeDecoder(List.of("--format", "jsonl", b.toString(), a.toString())))
                .as("a JPEG")
                .isTrue();
        assertThat(HashCommand.mayNeedNativeDecoder(List.of(tmp.toString())))
                .as("a directory")
                .isTrue();
        assertThat(HashCommand.mayNeedNativeDecoder(
                        List.of(tmp.resolve("missing.jpg").toString(), "\0")))
                .as("no such file")
                .isFalse();
        assertThat(HashCommand.mayNeedNativeDecoder(Path.of("d/icon.PNG"))).isFalse();
        assertThat(HashCommand.mayNeedNativeDecoder(Path.of("d/photo.jpg"))).isTrue();
        assertThat(HashCommand.mayNeedNativeDecoder(Path.of("d/png"))).isTrue();
    }

    /** A command whose {@code PATH}s picocli converts with its built-in converter: the oracle for the message. */
    @CommandLine.Command(name = "hash")
    static final class BuiltInPathConversion implements Runnable {
        @CommandLine.Parameters(paramLabel = "PATH", arity = "1..*")
        List<Path> paths = List.of();

        @Override
        public void run() {}
    }

    @Test
    void pathsAreConvertedAsPicocliConvertsThemAndAStringThatIsNoPathIsRefusedWithItsMessage() {
        Cli.Result ok = Cli.runWith(
                allGood, "hash", a.toString(), tmp.resolve(".").resolve("b.png").toString());
        assertThat(ok.exitCode()).isEqualTo(0);
        assertThat(ok.lines().get(1)).startsWith("{\"path\":" + quoted(tmp + "/./b.png") + ",");

        calls.set(0);
        String noPath = "a\0b.jpg";
        assertThat(builtInRefusal(noPath))
                .startsWith(
                        "Invalid value for positional parameter at index 0..* (PATH): cannot convert 'a\0b.jpg' to");
        Cli.Result refused = Cli.runWith(allGood, "hash", noPath);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).startsWith("hashmatch hash: " + builtInRefusal(noPath) + "\n");
        // after a first path, picocli takes the string for an unmatched argument, whichever the converter
        assertThat(builtInRefusal(a.toString(), noPath)).startsWith("Unmatched argument at index 1: 'a\0b.jpg'");
        assertUsageError(
                Cli.runWith(allGood, "hash", a.toString(), noPath),
                builtInRefusal(a.toString(), noPath).replace("index 1", "index 2"));
    }

    /** The message of picocli's refusal of {@code args} as {@code PATH}s converted by its built-in converter. */
    private static String builtInRefusal(String... args) {
        try {
            new CommandLine(new BuiltInPathConversion()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + List.of(args));
    }

    private static String quoted(String s) {
        return JsonOutput.write(16, g -> g.writeString(s));
    }
}
