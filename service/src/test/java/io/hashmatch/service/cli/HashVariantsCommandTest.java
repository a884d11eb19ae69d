package io.hashmatch.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.PdqVariant;
import io.hashmatch.hash.VariantPolicy;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hashmatch hash --variants}: the records carry exactly the engine's variants, in JSON Lines and CSV. */
class HashVariantsCommandTest {
    @TempDir
    Path tmp;

    /** A 200x150 picture inside a 30-pixel white border: the query side must trim it to [30,30,200,150]. */
    private Path bordered() throws Exception {
        BufferedImage picture =
                javax.imageio.ImageIO.read(new ByteArrayInputStream(HashCommandEndToEndTest.image("png", 200, 150, 7)));
        BufferedImage img = new BufferedImage(260, 210, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 260, 210);
        g.drawImage(picture, 30, 30, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, "png", out)).isTrue();
        return Files.write(tmp.resolve("bordered.png"), out.toByteArray());
    }

    /** The engine's variants as the JSON objects the command must write. */
    private static List<Map<String, Object>> expected(Path file, VariantPolicy policy) {
        List<PdqVariant> variants =
                FileHasher.newBuilder().variants(policy).build().hash(file).variants();
        List<Map<String, Object>> out = new ArrayList<>();
        for (PdqVariant v : variants) {
            out.add(Map.of(
                    "kind", v.kind().label(),
                    "transform", v.transform().label(),
                    "rect",
                            List.of(
                                    (long) v.rect().x(),
                                    (long) v.rect().y(),
                                    (long) v.rect().width(),
                                    (long) v.rect().height()),
                    "pdq", v.pdq().toHex(),
                    "quality", (long) v.quality()));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> variantsOf(String json) {
        return (List<Map<String, Object>>) Json.object("{\"v\":" + json + "}").get("v");
    }

    @Test
    void jsonRecordsCarryTheEnginesVariants() throws Exception {
        Path file = bordered();
        Cli.Result r = Cli.run("hash", "--variants", file.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        Map<String, Object> o = Json.object(r.lines().get(0));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variants = (List<Map<String, Object>>) o.get("variants");
        assertThat(variants).isEqualTo(expected(file, VariantPolicy.QUERY));
        assertThat(variants)
                .filteredOn(
                        v -> v.get("kind").equals("trim") && v.get("transform").equals("original"))
                .extracting(v -> v.get("rect"))
                .containsExactly(List.of(30L, 30L, 200L, 150L));
        // the top-level fields are today's record: the same as without --variants
        Map<String, Object> plain =
                Json.object(Cli.run("hash", file.toString()).lines().get(0));
        assertThat(o).containsAllEntriesOf(plain);
        assertThat(plain).doesNotContainKey("variants");
        assertThat(r.lines().get(0)).contains("\"format\":\"png\",\"variants\":[{\"kind\":\"dihedral\"");
    }

    @Test
    void listSideVariantsAreCropsAndGrid() throws Exception {
        Path file = bordered();
        Cli.Result r = Cli.run("hash", "--variants", "--variants-for", "list", file.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> variants =
                (List<Map<String, Object>>) Json.object(r.lines().get(0)).get("variants");
        assertThat(variants).isEqualTo(expected(file, VariantPolicy.LIST));
        assertThat(variants)
                .extracting(v -> v.get("kind"))
                .contains("crop", "grid")
                .doesNotContain("trim");
        assertThat(Cli.run("hash", "--variants", "--variants-for", "both", file.toString())
                        .exitCode())
                .isEqualTo(1);
    }

    @Test
    void csvHasAVariantsColumnHoldingTheSameArray() throws Exception {
        Path file = bordered();
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not an image\n");
        Cli.Result json = Cli.run("hash", "--variants", file.toString());
        Cli.Result csv = Cli.run("hash", "--variants", "--format", "csv", file.toString(), text.toString());
        assertThat(csv.exitCode()).isEqualTo(2);
        List<CsvRecord> rows = new ArrayList<>();
        try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv.out())) {
            reader.forEach(rows::add);
        }
        assertThat(rows.get(0).getFields()).last().isEqualTo("variants");
        int column = rows.get(0).getFieldCount() - 1;
        assertThat(variantsOf(rows.get(1).getField(column)))
                .isEqualTo(Json.object(json.lines().get(0)).get("variants"))
                .isNotEmpty();
        assertThat(rows.get(2).getField(column)).isEmpty();
        // without --variants the header is today's
        assertThat(Cli.run("hash", "--format", "csv", file.toString()).lines().get(0))
                .doesNotContain("variants");
    }
}
