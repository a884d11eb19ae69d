package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.list.HashListSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hashmatch hash} JSON Lines records as a list ({@code list import --format jsonl}, one item per record, its
 * variants kept through {@code list export --format jsonl}) and as queries ({@code match --input jsonl}: one answer
 * per record, hits naming the variants that met). Records written by hand in the shape of {@code hash --variants}.
 */
class HashRecordsCommandsTest {
    @TempDir
    static Path tmp;

    static Path snapshot;

    static final String PDQ_A = "e1f27e05836640f9bf0c828fb2fc6e83a58350fe2e1cf1835a78236e63259e78";
    static final String PDQ_B = "ade1ad63e394caa11ca1150a5f966a94a05ebc7b6a3ec15e956288e3e2bc7f84";
    static final String PDQ_C = "cce6cc66c4c8d33d1d3cb9d5a7e2fc5aa2d3d9e13dc2c6a76a0a3c77eb0ccc1a";
    static final String MD5_A = "a7fc9bc8da3585694c293572feefb757";
    static final String MD5_B = "d17fb3f4721f37570234d775fce7691a";

    /** Two items: a.png with a crop and a grid cell, b.png without variants. */
    static final String LIST = "{\"path\":\"a.png\",\"size\":10,\"md5\":\"" + MD5_A + "\",\"pdq\":\"" + PDQ_A
            + "\",\"quality\":100,\"width\":640,\"height\":480,\"format\":\"png\",\"variants\":["
            + "{\"kind\":\"crop\",\"transform\":\"original\",\"rect\":[64,48,512,384],\"pdq\":\"" + PDQ_B
            + "\",\"quality\":90},"
            + "{\"kind\":\"grid\",\"transform\":\"original\",\"rect\":[0,0,320,240],\"pdq\":\"" + PDQ_C
            + "\",\"quality\":80}]}\n"
            + "{\"path\":\"b.png\",\"size\":11,\"md5\":\"" + MD5_B + "\",\"pdq\":\"" + "3c".repeat(32)
            + "\",\"quality\":100,\"width\":64,\"height\":64,\"format\":\"png\"}\n";

    @BeforeAll
    static void importList() throws Exception {
        Path list = tmp.resolve("hashed.jsonl");
        Files.writeString(list, LIST);
        snapshot = tmp.resolve("items.hmsnap");
        Cli.Result r = Cli.run(
                "list",
                "import",
                "--format",
                "jsonl",
                "--name",
                "items",
                list.toString(),
                "--out",
                snapshot.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** {@code hex} with one bit flipped in each of the first {@code k} hex digits: distance k. */
    static String flip(String hex, int k) {
        return MatchCommandTest.flip(hex, k);
    }

    @Test
    void importKeepsOneItemPerRecordAndExportGivesTheRecordsBack() throws Exception {
        Cli.Result info = Cli.run("list", "info", snapshot.toString());
        assertThat(info.exitCode()).isZero();
        assertThat(info.out())
                .contains("\"formatVersion\":" + HashListSnapshot.VERSION_CURRENT + ",")
                .contains("\"entries\":2,\"pdq\":4,\"pdqVariants\":2,\"exact\":2,\"md5\":2,");
        Cli.Result export = Cli.run("list", "export", "--format", "jsonl", snapshot.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.out())
                .isEqualTo("{\"path\":\"a.png\",\"md5\":\"" + MD5_A + "\",\"pdq\":\"" + PDQ_A
                        + "\",\"quality\":100,\"variants\":["
                        + "{\"kind\":\"crop\",\"transform\":\"original\",\"rect\":[64,48,512,384],\"pdq\":\"" + PDQ_B
                        + "\",\"quality\":90},"
                        + "{\"kind\":\"grid\",\"transform\":\"original\",\"rect\":[0,0,320,240],\"pdq\":\"" + PDQ_C
                        + "\",\"quality\":80}]}\n"
                        + "{\"path\":\"b.png\",\"md5\":\"" + MD5_B + "\",\"pdq\":\"" + "3c".repeat(32)
                        + "\",\"quality\":100}\n");
    }

    @Test
    void matchInputJsonlAnswersEachRecordNamingTheVariantsThatMet() {
        String far = "0".repeat(64);
        String stdin =
                // a screenshot: its whole image is far, its embedded photo is a.png's crop
                "{\"path\":\"shot.png\",\"pdq\":\"" + far + "\",\"quality\":90,\"variants\":[{\"kind\":\"embedded\","
                        + "\"transform\":\"original\",\"rect\":[10,200,300,220],\"pdq\":\"" + flip(PDQ_B, 5)
                        + "\",\"quality\":88}]}\n"
                        // a re-encoded copy of a.png: whole against whole, no variant named
                        + "{\"path\":\"copy.png\",\"pdq\":\"" + flip(PDQ_A, 3) + "\",\"quality\":100}\n"
                        + "\n"
                        + "not a record\n"
                        + "{\"path\":\"broken.png\",\"size\":3,\"error\":{\"code\":\"truncated\",\"message\":\"x\"}}\n"
                        + "{\"path\":\"other.png\",\"md5\":\"" + "0".repeat(32) + "\",\"pdq\":\"" + far
                        + "\",\"quality\":100}\n";
        Cli.Result r = Cli.runWithStdin(stdin, "match", "--list", snapshot.toString(), "--input", "jsonl");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.SOME_FAILED);
        assertThat(r.out().lines().toList())
                .containsExactly(
                        "{\"path\":\"shot.png\",\"hits\":[{\"list\":\"items\",\"entry\":0,\"distance\":5,\"kind\":\"pdq\","
                                + "\"queryVariant\":{\"kind\":\"embedded\",\"transform\":\"original\",\"rect\":[10,200,300,220]},"
                                + "\"entryVariant\":{\"kind\":\"crop\",\"transform\":\"original\",\"rect\":[64,48,512,384]},"
                                + "\"source\":\"hashed.jsonl\"}],\"matched\":true}",
                        "{\"path\":\"copy.png\",\"hits\":[{\"list\":\"items\",\"entry\":0,\"distance\":3,\"kind\":\"pdq\","
                                + "\"source\":\"hashed.jsonl\"}],\"matched\":true}",
                        "{\"line\":4,\"error\":{\"code\":\"invalid_record\",\"message\":\"stdin:4:4: invalid JSON:"
                                + " Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token"
                                + " 'null', 'true' or 'false')\"}}",
                        "{\"path\":\"broken.png\",\"line\":5,\"error\":{\"code\":\"not_hashed\",\"message\":\"the record holds no hash (the file"
                                + " was not hashed)\"}}",
                        "{\"path\":\"other.png\",\"hits\":[],\"matched\":false}");
    }

    @Test
    void twoVariantsAreHeldToTheVariantDistance() {
        // a tile of a collage against a.png's grid cell at distance 26: above the default variant distance 24
        String stdin = "{\"path\":\"collage.png\",\"pdq\":\"" + "0".repeat(64) + "\",\"quality\":90,\"variants\":["
                + "{\"kind\":\"tile\",\"transform\":\"original\",\"rect\":[0,0,100,100],\"pdq\":\"" + flip(PDQ_C, 26)
                + "\",\"quality\":70}]}\n";
        Cli.Result strict = Cli.runWithStdin(stdin, "match", "--list", snapshot.toString(), "--input", "jsonl");
        assertThat(strict.out()).isEqualTo("{\"path\":\"collage.png\",\"hits\":[],\"matched\":false}\n");
        Cli.Result loose = Cli.runWithStdin(
                stdin, "match", "--list", snapshot.toString(), "--input", "jsonl", "--variant-distance", "31");
        assertThat(loose.out())
                .startsWith("{\"path\":\"collage.png\",\"hits\":[{\"list\":\"items\",\"entry\":0,\"distance\":26,")
                .contains("\"entryVariant\":{\"kind\":\"grid\"");
    }
}
