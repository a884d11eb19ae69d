package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.file;
import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static io.hashmatch.service.cli.DemoListFiles.summary;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.list.HashListSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hashmatch list import|info|verify|export} in-process with the real engine on the demo lists. */
class ListCommandsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} --format {1}")
    @CsvSource(delimiter = '|', textBlock = """
      te-signals.txt        | te     |        | 4 | PDQ 3, MD5 1, SHA-1 0, SHA-256 0, PhotoDNA 0
      te-dataset.csv        | te-csv |        | 4 | PDQ 4, MD5 0, SHA-1 0, SHA-256 0, PhotoDNA 0
      vics-1.2-case.json    | vics   |        | 2 | PDQ 2, MD5 2, SHA-1 2, SHA-256 0, PhotoDNA 0
      vics-2.0-hashset.json | auto   |        | 3 | PDQ 3, MD5 3, SHA-1 3, SHA-256 0, PhotoDNA 0
      md5.txt               | hex    |        | 2 | PDQ 0, MD5 2, SHA-1 0, SHA-256 0, PhotoDNA 0
      sha256.txt            | hex    | sha256 | 2 | PDQ 0, MD5 0, SHA-1 0, SHA-256 2, PhotoDNA 0
      pdq.txt               | auto   | pdq    | 2 | PDQ 2, MD5 0, SHA-1 0, SHA-256 0, PhotoDNA 0
      """)
    void importsEachDemoList(String list, String format, String kind, int entries, String hashes) {
        Path out = tmp.resolve("l.hmsnap");
        Path in = file(list);
        Cli.Result r = kind == null
                ? importOk(
                        "--format", format, "--name", "demo", "--version", "7", in.toString(), "--out", out.toString())
                : importOk(
                        "--format",
                        format,
                        "--kind",
                        kind,
                        "--name",
                        "demo",
                        "--version",
                        "7",
                        in.toString(),
                        "-o",
                        out.toString());
        assertThat(r.lines())
                .startsWith(
                        "imported " + out + ": list demo, version 7",
                        "entries: " + entries,
                        "  " + in + ": " + entries,
                        "hashes: " + hashes,
                        "warnings: 0");
        assertThat(summary(r, "checksum")).isEqualTo(info(out).get("checksum"));
        assertThat(summary(r, "id")).isEqualTo(info(out).get("id"));
        assertThat(summary(r, "time")).matches("\\d+\\.\\d{3} s");
        assertThat(r.lines()).hasSize(9);
    }

    @Test
    void mergedImportCountsEverySourceAndPrintsWarningsWithFileAndLine() throws IOException {
        Path dup = Files.writeString(
                tmp.resolve("dup.txt"),
                "# md5\n" + DemoListFiles.NOISE_MD5 + "\n" + DemoListFiles.NOISE_MD5.toUpperCase() + "\n");
        Path out = tmp.resolve("m.hmsnap");
        Cli.Result r = importOk(
                "--duplicates",
                "keep-first",
                "--name",
                "m",
                file("te-dataset.csv").toString(),
                file("md5.txt").toString(),
                dup.toString(),
                "--out",
                out.toString());
        assertThat(r.lines())
                .contains(
                        "entries: 7",
                        "  " + file("te-dataset.csv") + ": 4",
                        "  " + file("md5.txt") + ": 2",
                        "  " + dup + ": 1",
                        "hashes: PDQ 4, MD5 3, SHA-1 0, SHA-256 0, PhotoDNA 0",
                        "warnings: 1",
                        "  " + dup + ":3: duplicate MD5 " + DemoListFiles.NOISE_MD5
                                + ": first on line 2; dropped here");
        // without --version the version is the time of the import
        assertThat(Instant.parse((String) info(out).get("version")))
                .isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void infoShowsTheHeaderAndSectionsAsOneJsonObject() {
        Path out = tmp.resolve("demo.hmsnap");
        Cli.Result imported = importOk(
                "--name",
                "demo",
                "--version",
                "2026-11",
                file("te-dataset.csv").toString(),
                file("vics-2.0-hashset.json").toString(),
                "--out",
                out.toString());
        Cli.Result r = Cli.run("list", "info", out.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.lines()).hasSize(1);
        Map<String, Object> info = Json.object(r.lines().get(0));
        assertThat(info.keySet())
                .containsExactly(
                        "file",
                        "name",
                        "version",
                        "created",
                        "formatVersion",
                        "id",
                        "checksum",
                        "entries",
                        "pdq",
                        "exact",
                        "md5",
                        "sha1",
                        "sha256",
                        "videos",
                        "videoFrames",
                        "sources",
                        "categories",
                        "metadata",
                        "metadataPresent");
        assertThat(info)
                .containsEntry("file", out.toString())
                .containsEntry("name", "demo")
                .containsEntry("version", "2026-11")
                .containsEntry("formatVersion", (long) HashListSnapshot.VERSION_CURRENT)
                .containsEntry("id", summary(imported, "id"))
                .containsEntry("checksum", summary(imported, "checksum"))
                .containsEntry("entries", 7L)
                .containsEntry("pdq", 7L)
                .containsEntry("exact", 6L)
                .containsEntry("md5", 3L)
                .containsEntry("sha1", 3L)
                .containsEntry("sha256", 0L)
                .containsEntry("videos", 0L)
                .containsEntry("videoFrames", 0L)
                .containsEntry("sources", List.of("hashmatch demo", "vics-2.0-hashset.json"))
                .containsEntry(
                        "categories", List.of("POSITIVE_CLASS", "INVESTIGATION_SEED", "NEGATIVE_CLASS", "1", "3", "0"))
                .containsEntry("metadata", out + "." + summary(imported, "id") + ".meta")
                .containsEntry("metadataPresent", true);
        assertThat(Instant.parse((String) info.get("created")))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
    }

    @Test
    void videosAreCountedByInfoAndExportedAsVpdqFilesThatImportBack() throws Exception {
        String v1 = "v1_testsrc2_320x240_25fps_10s.txt";
        String v3 = "v3_smptebars_hue_640x360_30fps_6s.txt";
        Path out = tmp.resolve("mixed.hmsnap");
        importOk(
                "--name",
                "mixed",
                file("te-dataset.csv").toString(),
                file("md5.txt").toString(),
                ScanCommandTest.vpdqResource("hashes_r1/" + v1).toString(),
                ScanCommandTest.vpdqResource("hashes_r1/" + v3).toString(),
                "--out",
                out.toString());
        Map<String, Object> info = info(out);
        assertThat(info)
                .containsEntry("entries", 8L)
                .containsEntry("videos", 2L)
                .containsEntry("videoFrames", 16L);

        // VICS and CSV have no vPDQ field: without --vpdq-dir the videos are left out, and said so
        Cli.Result vics = Cli.run("list", "export", out.toString());
        assertThat(vics.exitCode()).isZero();
        assertThat(vics.err())
                .isEqualTo("hashmatch list export: 2 video entries (vPDQ) left out: vics has no vPDQ field;"
                        + " --vpdq-dir DIR writes them as vPDQ files\n");

        Path csv = tmp.resolve("export.csv");
        Path videos = tmp.resolve("videos");
        Cli.Result exported = Cli.run(
                "list",
                "export",
                "--format",
                "csv",
                "--vpdq-dir",
                videos.toString(),
                "-o",
                csv.toString(),
                out.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();
        assertThat(exported.err()).isEmpty();
        assertThat(exported.lines()).containsExactly("exported 6 entries to " + csv, "exported 2 videos to " + videos);
        assertThat(list(videos)).containsExactly(videos.resolve(v1), videos.resolve(v3));
        // the reference's files, byte for byte
        assertThat(Files.readString(videos.resolve(v1)))
                .isEqualTo(Files.readString(ScanCommandTest.vpdqResource("hashes_r1/" + v1)));

        Path again = tmp.resolve("again.hmsnap");
        importOk(
                "--name",
                "mixed",
                csv.toString(),
                videos.resolve(v1).toString(),
                videos.resolve(v3).toString(),
                "--out",
                again.toString());
        try (var a = io.hashmatch.list.HashListSnapshot.open(out);
                var b = io.hashmatch.list.HashListSnapshot.open(again)) {
            assertThat(b.entryCount()).isEqualTo(a.entryCount());
            assertThat(b.videoCount()).isEqualTo(2);
            for (int v = 0; v < 2; v++) {
                assertThat(b.videoEntry(v)).isEqualTo(a.videoEntry(v));
                assertThat(b.videoFrames(v)).isEqualTo(a.videoFrames(v));
                assertThat(b.sourceList(b.videoEntry(v))).isEqualTo(a.sourceList(a.videoEntry(v)));
            }
            for (int i = 0; i < a.pdqCount(); i++) {
                assertThat(b.pdqHash(i)).isEqualTo(a.pdqHash(i));
                assertThat(b.category(b.pdqEntry(i))).isEqualTo(a.category(a.pdqEntry(i)));
            }
        }
    }

    @Test
    void verifyChecksEveryByteAndTheMetadata() throws IOException {
        Path out = tmp.resolve("v.hmsnap");
        Cli.Result imported = importOk("--name", "v", file("vics-1.2-case.json").toString(), "--out", out.toString());
        Cli.Result ok = Cli.run("list", "verify", out.toString());
        assertThat(ok.err()).isEmpty();
        assertThat(ok.out()).isEqualTo("ok " + summary(imported, "checksum") + "\n");
        assertThat(ok.exitCode()).isZero();

        Path flipped = tmp.resolve("flipped.hmsnap");
        byte[] bytes = Files.readAllBytes(out);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(flipped, bytes);
        Cli.Result bad = Cli.run("list", "verify", flipped.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err())
                .startsWith("hashmatch list verify: " + flipped + ": checksum mismatch: footer says "
                        + summary(imported, "checksum") + ", content gives ")
                .endsWith(" (file damaged or tampered with)\n");
        assertThat(bad.err().lines()).hasSize(1);
        // the same copy undamaged: no metadata file under its name, which matching does not need
        Files.copy(out, flipped, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli.Result noMeta = Cli.run("list", "verify", flipped.toString());
        assertThat(noMeta.exitCode()).isZero();
        assertThat(noMeta.out()).isEqualTo("ok " + summary(imported, "checksum") + "\n");
        assertThat(noMeta.err()).startsWith("hashmatch list verify: note: no metadata file " + flipped + ".");
    }

    @Test
    void verifyAndExportOnlyReadTheMetadataFileWhichIsOwnerOnly() throws IOException {
        Path out = tmp.resolve("v.hmsnap");
        importOk("--name", "v", file("vics-1.2-case.json").toString(), "--out", out.toString());
        Path meta;
        try (var files = Files.list(tmp)) {
            meta = files.filter(p -> p.getFileName().toString().endsWith(".meta"))
                    .findFirst()
                    .orElseThrow();
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(meta)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        java.nio.file.attribute.FileTime past =
                java.nio.file.attribute.FileTime.from(Instant.parse("2021-02-03T04:05:06Z"));
        Files.setLastModifiedTime(meta, past);
        byte[] before = Files.readAllBytes(meta);

        Cli.Result verified = Cli.run("list", "verify", out.toString());
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        Cli.Result exported =
                Cli.run("list", "export", "--out", tmp.resolve("e.csv").toString(), out.toString());
        assertThat(exported.exitCode()).as(exported.err()).isZero();

        assertThat(Files.getLastModifiedTime(meta)).isEqualTo(past);
        assertThat(Files.readAllBytes(meta)).isEqualTo(before);
    }

    @Test
    void verifyRefusesMetadataOfAnotherList() throws IOException {
        Path a = tmp.resolve("a.hmsnap");
        Path b = tmp.resolve("b.hmsnap");
        importOk("--name", "a", file("te-dataset.csv").toString(), "--out", a.toString());
        Cli.Result bImport =
                importOk("--name", "b", file("vics-2.0-hashset.json").toString(), "--out", b.toString());
        Path bMeta = Path.of(summary(bImport, "metadata"));
        Files.copy(Path.of((String) info(a).get("metadata")), bMeta, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Cli.Result r = Cli.run("list", "verify", b.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err())
                .isEqualTo("hashmatch list verify: " + bMeta
                        + ": entry 0 has category POSITIVE_CLASS, the snapshot says 1\n");
        Cli.Result skip = Cli.run("list", "verify", "--skip-metadata", b.toString());
        assertThat(skip.exitCode()).isZero();
        assertThat(skip.out()).isEqualTo("ok " + summary(bImport, "checksum") + "\n");
    }

    /** NCMEC's clients (python-threatexchange's) read {@code <member id>} on every entry: the configured member. */
    @Test
    void ncmecExportWithAMemberIdGivesItToEveryEntryAndImportsBack() throws IOException {
        Path original = tmp.resolve("o.hmsnap");
        importOk("--name", "o", file("te-dataset.csv").toString(), "--out", original.toString());
        Cli.Result exported =
                Cli.run("list", "export", "--format", "ncmec", "--ncmec-member-id", "12345", original.toString());
        assertThat(exported.err()).isEmpty();
        assertThat(exported.exitCode()).isZero();
        String xml = exported.out();
        int images = xml.split("<image>", -1).length - 1;
        assertThat(images).isPositive();
        assertThat(xml.split("<member id=\"12345\"/>", -1).length - 1).isEqualTo(images);
        Path listFile = Files.writeString(tmp.resolve("exported.xml"), xml);
        Path again = tmp.resolve("again.hmsnap");
        Cli.Result second = importOk("--name", "o", listFile.toString(), "--out", again.toString());
        assertThat(summary(second, "entries")).isEqualTo(String.valueOf(images));
        // read back, each entry carries the member as its tag, which the next export writes again
        Cli.Result reexported = Cli.run("list", "export", "--format", "ncmec", again.toString());
        assertThat(reexported.exitCode()).isZero();
        assertThat(reexported.out().split("<member id=\"12345\"/>", -1).length - 1)
                .isEqualTo(images);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vics", "csv", "icse", "ncmec"})
    void exportThenImportGivesTheSameEntries(String format) throws IOException {
        Path original = tmp.resolve("o.hmsnap");
        Cli.Result first = importOk(
                "--name",
                "o",
                file("te-dataset.csv").toString(),
                file("vics-1.2-case.json").toString(),
                file("te-signals.txt").toString(),
                "--out",
                original.toString());

        Cli.Result exported = Cli.run("list", "export", "--format", format, original.toString());
        assertThat(exported.err()).isEmpty();
        assertThat(exported.exitCode()).isZero();
        Path listFile = Files.writeString(tmp.resolve("exported." + format), exported.out());
        Path toFile = tmp.resolve("exported-out." + format);
        Cli.Result written = Cli.run(
                "list", "export", "--format", format, "--no-metadata", original.toString(), "--out", toFile.toString());
        assertThat(written.out()).isEqualTo("exported 10 entries to " + toFile + "\n");
        assertThat(written.exitCode()).isZero();

        for (Path exportedList : List.of(listFile, toFile)) {
            Path again = tmp.resolve("again.hmsnap");
            Cli.Result second = importOk("--name", "o", exportedList.toString(), "--out", again.toString());
            assertThat(summary(second, "entries")).isEqualTo("10");
            assertThat(summary(second, "hashes"))
                    .isEqualTo(summary(first, "hashes"))
                    .isEqualTo("PDQ 9, MD5 3, SHA-1 2, SHA-256 0, PhotoDNA 0");
            Map<String, Object> before = info(original);
            Map<String, Object> after = info(again);
            for (String key : List.of("entries", "pdq", "exact", "md5", "sha1", "sha256", "categories")) {
                assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
            }
            if (format.equals("csv")) { // the CSV keeps each entry's source list; VICS has no field for it
                assertThat(after.get("sources")).isEqualTo(before.get("sources"));
            }
        }
    }

    @Test
    void exportsHexAndChecksumLinesOfOneKind() {
        Path list = tmp.resolve("md5.hmsnap");
        importOk("--name", "m", file("md5.txt").toString(), "--out", list.toString());
        Cli.Result hex = Cli.run("list", "export", "--format", "hex", "--kind", "md5", list.toString());
        assertThat(hex.exitCode()).as(hex.err()).isZero();
        assertThat(hex.out()).isEqualTo("MD5\n" + DemoListFiles.NOISE_MD5 + "\nddbce49131b80a991bf3b42bdc8795f8\n");
        Cli.Result sums = Cli.run("list", "export", "--format", "checksums", list.toString());
        assertThat(sums.exitCode()).as(sums.err()).isZero();
        assertThat(sums.out()).isEqualTo(DemoListFiles.NOISE_MD5 + "  -\nddbce49131b80a991bf3b42bdc8795f8  -\n");
        Cli.Result none = Cli.run("list", "export", "--format", "hex", "--kind", "sha1", list.toString());
        assertThat(none.exitCode()).as(none.err()).isZero();
        assertThat(none.out()).isEqualTo("SHA1\n");
    }

    @Test
    void badInputNamesFileAndLineExitsTwoAndLeavesTheTargetUntouched() throws IOException {
        Path out = tmp.resolve("t.hmsnap");
        importOk("--name", "t", file("md5.txt").toString(), "--out", out.toString());
        byte[] before = Files.readAllBytes(out);
        List<Path> filesBefore = list(tmp);
        Path bad = Files.writeString(
                tmp.resolve("bad.txt"), "# md5\n0123456789abcdef0123456789abcdef\n0123456789abcdef0123456789abcdeg\n");
        filesBefore =
                Stream.concat(filesBefore.stream(), Stream.of(bad)).sorted().toList();

        Cli.Result r = Cli.run(
                "list", "import", "--name", "t", file("md5.txt").toString(), bad.toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("hashmatch list import: " + bad + ":3:32: not a hex digit: 'g'\n");
        assertThat(Files.readAllBytes(out)).isEqualTo(before);
        assertThat(list(tmp)).isEqualTo(filesBefore);
    }

    @Test
    void usageErrorsExitOneBeforeAnyWork() {
        Path out = tmp.resolve("u.hmsnap");
        String md5 = file("md5.txt").toString();
        assertUsage(Cli.run("list", "import", md5, "--out", out.toString()), "Missing required option: '--name=NAME'");
        assertUsage(Cli.run("list", "import", "--name", "u", md5), "Missing required option: '--out=FILE'");
        assertUsage(
                Cli.run("list", "import", "--name", "u", "--out", out.toString()),
                "Missing required parameter: 'INPUT'");
        assertUsage(
                Cli.run("list", "import", "--name", "u", tmp.resolve("nope.txt").toString(), "--out", out.toString()),
                "no such file: " + tmp.resolve("nope.txt"));
        assertUsage(
                Cli.run("list", "import", "--format", "xml", "--name", "u", md5, "--out", out.toString()),
                "unknown list format 'xml' (auto, te, te-text, te-csv, vics, hex, jsonl, vpdq, icse, ncmec, checksums, nsrl)");
        assertUsage(
                Cli.run("list", "import", "--kind", "photodna", "--name", "u", md5, "--out", out.toString()),
                "unknown hash kind 'photodna' (pdq, md5, sha1, sha256)");
        assertUsage(
                Cli.run("list", "import", "--duplicates", "keep", "--name", "u", md5, "--out", out.toString()),
                "unknown duplicates policy 'keep' (reject, keep-first)");
        assertUsage(Cli.run("list", "import", "--name", " ", md5, "--out", out.toString()), "--name must not be blank");
        assertUsage(
                Cli.run(
                        "list",
                        "import",
                        "--name",
                        "u",
                        md5,
                        "--out",
                        tmp.resolve("no/dir/u.hmsnap").toString()),
                "no such folder for " + tmp.resolve("no/dir/u.hmsnap"));
        assertUsage(Cli.run("list", "info", out.toString()), "no such file: " + out);
        assertUsage(Cli.run("list", "verify", tmp.toString()), "not a regular file: " + tmp);
        assertUsage(
                Cli.run("list", "export", "--format", "te-text", md5),
                "unknown export format 'te-text' (vics, csv, jsonl, icse, ncmec, checksums, hex)");
        assertUsage(
                Cli.run("list", "export", "--format", "hex", md5),
                "a hex list holds one kind of hex hash, named in its header: choose MD5, SHA-1, SHA-256 or PDQ");
        assertUsage(
                Cli.run("list", "export", "--format", "ncmec", "--kind", "md5", md5),
                "ncmec holds records of several hashes: no hash kind is chosen for it");
        assertUsage(
                Cli.run("list", "export", "--format", "csv", "--ncmec-member-id", "7", md5),
                "--ncmec-member-id goes with --format ncmec only");
        assertUsage(
                Cli.run("list", "export", "--format", "ncmec", "--ncmec-member-id", "0", md5),
                "an NCMEC member id is a positive number: 0");
        assertUsage(Cli.run("list"), "Missing required subcommand");
        assertUsage(Cli.run("list", "frobnicate"), "Unmatched argument at index 1: 'frobnicate'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFileThatIsNotASnapshotIsBadInput() throws IOException {
        Path notSnapshot = Files.writeString(tmp.resolve("x.hmsnap"), "hello, this is not a snapshot at all.........");
        for (String command : List.of("info", "verify", "export")) {
            Cli.Result r = Cli.run("list", command, notSnapshot.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.out()).as(command).isEmpty();
            assertThat(r.err())
                    .as(command)
                    .startsWith("hashmatch list " + command + ": " + notSnapshot + ": ")
                    .doesNotContain("Exception", "\tat ");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"import", "info", "verify", "export"})
    void helpDocumentsOptionsAndExitCodes(String command) {
        Cli.Result r = Cli.run("list", command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .startsWith("Usage: hashmatch list " + command)
                .contains(
                        "Exit Codes:", "  0   every input was processed", "  1   usage error", "  2   bad input data");
        if (command.equals("import")) {
            assertThat(r.out())
                    .contains(
                            "--format=FORMAT",
                            "--kind=KIND",
                            "--duplicates=POLICY",
                            "--name=NAME",
                            "--version=V",
                            "-o, --out=FILE",
                            "INPUT...");
        }
    }

    private static void assertUsage(Cli.Result r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(message).doesNotContain("\tat ");
        // a command line that does not parse: the synopsis and "Try"; a wrong file or value: that one line
        List<String> lines = r.err().lines().toList();
        if (lines.size() > 1) {
            assertThat(lines.getLast()).startsWith("Try 'hashmatch list").endsWith("--help' for more information.");
        }
    }

    private static Map<String, Object> info(Path snapshot) {
        Cli.Result r = Cli.run("list", "info", snapshot.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.object(r.lines().get(0));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void publishWritesTheSnapshotAndItsManifestIntoTheFolder() throws Exception {
        java.nio.file.Path txt = tmp.resolve("p.txt");
        java.nio.file.Files.writeString(txt, "0123456789abcdef0123456789abcdef\n");
        java.nio.file.Path snap = tmp.resolve("p.hmsnap");
        Cli.Result imported =
                Cli.run("list", "import", "--name", "p", "--version", "7", txt.toString(), "--out", snap.toString());
        assertThat(imported.exitCode()).as(imported.err()).isZero();

        java.nio.file.Path out = tmp.resolve("www");
        Cli.Result r = Cli.run("list", "publish", snap.toString(), "--to", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .matches("published list p version 7 \\(checksum [0-9a-f]{8}\\) as "
                        + java.util.regex.Pattern.quote(
                                out.resolve("p.manifest.json").toString()) + "\n");
        try (var files = java.nio.file.Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted())
                    .hasSize(2)
                    .first()
                    .asString()
                    .matches("p-[0-9a-f]{16}\\.hmsnap");
        }
    }
}
