package io.hashmatch.service.cli;

import static io.hashmatch.service.cli.DemoListFiles.importOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.hashmatch.hash.EditedDemoImage;
import io.hashmatch.list.format.HashVariant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The command-line paths that hash and then match agree on the edited copies of {@link EditedDemoImage} (a demo
 * picture listed only as its original, inside a border, as a collage's tile, pillarboxed): {@code hash --variants}
 * piped to {@code match --input jsonl}, and {@code scan} (query-side variants by default), name the same item, the
 * same variant (kind and rectangle) and the same distance as the service's routes ({@code VariantRoutesTest}) and
 * the web console ({@code ConsoleEndToEndTest}); {@code scan --no-variants} finds nothing. And the price: with variants, a scan of
 * the shared PDQ corpus against the demo list finds exactly the hits it finds without them.
 */
class ScanVariantsCommandTest {
    @TempDir
    static Path tmp;

    /** The demo list as the service serves it (the same files in the same order, so the same entry numbers). */
    static Path snapshot;

    static Path evidence;

    /** The listed picture's entry in the demo list, as the service numbers it (hashlists/demo/MANIFEST.tsv). */
    static final int ENTRY = 6;

    @BeforeAll
    static void setUp() throws Exception {
        snapshot = tmp.resolve("demo.hmsnap");
        importOk(
                "--name",
                "demo",
                "--version",
                "1",
                DemoListFiles.file("te-signals.txt").toString(),
                DemoListFiles.file("te-dataset.csv").toString(),
                DemoListFiles.file("vics-1.2-case.json").toString(),
                DemoListFiles.file("vics-2.0-hashset.json").toString(),
                DemoListFiles.file("md5.txt").toString(),
                "--out",
                snapshot.toString());
        evidence = tmp.resolve("evidence");
        for (EditedDemoImage e : EditedDemoImage.values()) {
            e.write(evidence);
        }
    }

    @Test
    void theOriginalIsTheListedEntry() {
        Cli.Result h = Cli.run("hash", EditedDemoImage.original().toString());
        Cli.Result m = Cli.runWithStdin(h.out(), "match", "--list", snapshot.toString(), "--input", "jsonl");
        assertThat(m.lines())
                .containsExactly("{\"path\":\"" + EditedDemoImage.original()
                        + "\",\"hits\":[{\"list\":\"demo\",\"entry\":" + ENTRY
                        + ",\"distance\":0,\"kind\":\"pdq\",\"category\":\"INVESTIGATION_SEED\","
                        + "\"source\":\"hashmatch demo\"}],\"matched\":true}");
    }

    @ParameterizedTest
    @EnumSource(EditedDemoImage.class)
    void hashVariantsPipedToMatchNamesTheVariant(EditedDemoImage copy) {
        Path file = evidence.resolve(copy.fileName());
        Cli.Result hashed = Cli.run("hash", "--variants", file.toString());
        assertThat(hashed.exitCode()).isZero();
        assertThat(hashed.out()).contains(copy.variantJson().replace("]}", "]"));
        Cli.Result m = Cli.runWithStdin(hashed.out(), "match", "--list", snapshot.toString(), "--input", "jsonl");
        assertThat(m.err()).isEmpty();
        assertThat(m.lines()).containsExactly(expectedMatchRecord(file, copy));
        // without variants in the record, the copy is not found
        Cli.Result plain = Cli.runWithStdin(
                Cli.run("hash", file.toString()).out(), "match", "--list", snapshot.toString(), "--input", "jsonl");
        assertThat(plain.lines()).containsExactly("{\"path\":\"" + file + "\",\"hits\":[],\"matched\":false}");
    }

    static String expectedMatchRecord(Path file, EditedDemoImage copy) {
        return "{\"path\":\"" + file + "\",\"hits\":[{\"list\":\"demo\",\"entry\":" + ENTRY + ",\"distance\":"
                + EditedDemoImage.DISTANCE + ",\"kind\":\"pdq\",\"queryVariant\":" + copy.variantJson()
                + ",\"entryVariant\":" + EditedDemoImage.WHOLE_JSON
                + ",\"category\":\"INVESTIGATION_SEED\",\"source\":\"hashmatch demo\"}],\"matched\":true}";
    }

    @Test
    void scanFindsEveryCopyAndEveryReportNamesTheVariant() throws Exception {
        Path out = tmp.resolve("report-variants");
        Cli.Result r = scan(out, evidence);
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        int n = EditedDemoImage.values().length;
        assertThat(r.lines()).contains("matched " + n + " records (" + n + " hits); 0 near-duplicate groups");

        List<String> files = Files.readAllLines(out.resolve("files.jsonl"));
        List<String> hits = Files.readAllLines(out.resolve("hits.csv"));
        String report = Files.readString(out.resolve("report.html"));
        assertThat(files).hasSize(n);
        assertThat(hits.get(0)).endsWith(",vpdq_file,query_variant,entry_variant");
        assertThat(hits).hasSize(1 + n);
        assertThat(report).contains("<th>Distance</th><th>Variant</th>");
        for (EditedDemoImage copy : EditedDemoImage.values()) {
            Path file = evidence.resolve(copy.fileName());
            assertThat(files)
                    .as(copy.fileName())
                    .filteredOn(l -> l.contains("\"" + file + "\""))
                    .singleElement()
                    .asString()
                    .contains("\"hits\":[{\"list\":\"demo\",\"entry\":" + ENTRY + ",\"distance\":"
                            + EditedDemoImage.DISTANCE
                            + ",\"kind\":\"pdq\",\"category\":\"INVESTIGATION_SEED\",\"source\":\"hashmatch demo\","
                            + "\"suppressing\":false,\"suppressed\":false,\"query_variant\":" + copy.variantJson()
                            + ",\"entry_variant\":" + EditedDemoImage.WHOLE_JSON + "}],\"matched\":true");
            assertThat(hits)
                    .as(copy.fileName())
                    .filteredOn(l -> l.startsWith(file + ","))
                    .singleElement()
                    .asString()
                    .startsWith(file + ",,demo,INVESTIGATION_SEED,hashmatch demo,pdq," + EditedDemoImage.DISTANCE + ",")
                    .endsWith(",,,,\"" + copy.variant().toString() + "\"," + HashVariant.WHOLE.toString()); // RFC 4180
            assertThat(report)
                    .contains("<td>" + EditedDemoImage.DISTANCE + "</td><td>"
                            + copy.variant().toString() + " \u2192 " + HashVariant.WHOLE.toString() + "</td>");
        }
        assertThat(Cli.run("scan", "verify", out.toString()).exitCode()).isZero();
    }

    @Test
    void scanWithoutVariantsDoesNotFindIt() throws Exception {
        Path out = tmp.resolve("report-plain");
        Cli.Result r = scan(out, evidence, "--no-variants");
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines()).contains("matched 0 records (0 hits); 0 near-duplicate groups");
        assertThat(Files.readAllLines(out.resolve("hits.csv"))).hasSize(1);
        assertThat(Files.readAllLines(out.resolve("files.jsonl")))
                .hasSize(EditedDemoImage.values().length)
                .allSatisfy(l -> assertThat(l).contains("\"hits\":[],\"matched\":false"));
    }

    @Test
    void variantsAddNoHitOnTheSharedPdqCorpus() throws Exception {
        Path corpus = sharedPdqImages();
        assumeThat(corpus).as("../shared/pdq/images beside the project").isNotNull();
        Path with = tmp.resolve("corpus-variants");
        Path without = tmp.resolve("corpus-plain");
        Cli.Result a = scan(with, corpus, "--threads", "2");
        Cli.Result b = scan(without, corpus, "--threads", "2", "--no-variants");
        assertThat(a.exitCode()).as(a.err()).isIn(0, 2);
        List<String[]> hitsWith = rows(with.resolve("hits.csv"));
        List<String[]> hitsWithout = rows(without.resolve("hits.csv"));
        // the corpus holds demo pictures and copies of them (grey, JPEG, palette): they hit their own entries
        assertThat(hitsWithout).hasSizeGreaterThan(40);
        // variants hit no other item: the same files hit the same entries, and none farther
        assertThat(hitsWith.stream().map(ScanVariantsCommandTest::item))
                .as("items hit with variants")
                .containsExactlyElementsOf(
                        hitsWithout.stream().map(ScanVariantsCommandTest::item).toList());
        for (int i = 0; i < hitsWith.size(); i++) {
            assertThat(Integer.parseInt(hitsWith.get(i)[6]))
                    .as(item(hitsWith.get(i)))
                    .isLessThanOrEqualTo(Integer.parseInt(hitsWithout.get(i)[6]));
        }
        assertThat(a.lines().get(1)).isEqualTo(b.lines().get(1));
    }

    /** The rows of a hits.csv after its header (no field of these holds a quote or a line break). */
    static List<String[]> rows(Path csv) throws Exception {
        return Files.readAllLines(csv).stream()
                .skip(1)
                .map(l -> l.replace("\"", "").split(",(?![0-9,]*\\])", -1))
                .toList();
    }

    /** What a hit row says was found: file, list entry and hash kind (path, entry, list, category, source, kind). */
    static String item(String[] row) {
        return String.join(",", List.of(row).subList(0, 6));
    }

    /** {@code ../shared/pdq/images} above the working directory, or null. */
    static Path sharedPdqImages() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path images = d.resolve("shared/pdq/images");
            if (Files.isDirectory(images)) {
                return images;
            }
        }
        return null;
    }

    static Cli.Result scan(Path out, Path what, String... options) {
        List<String> args = new java.util.ArrayList<>(
                List.of("scan", "--list", snapshot.toString(), "--out", out.toString(), "--quiet"));
        args.addAll(List.of(options));
        args.add(what.toString());
        return Cli.run(args.toArray(String[]::new));
    }
}
