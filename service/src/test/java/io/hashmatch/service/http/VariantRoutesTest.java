package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.scan.QueryHashing;
import io.hashmatch.service.BorderedDemoImage;
import io.hashmatch.service.json.HashJson;
import io.hashmatch.service.json.JsonOutput;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * The image routes hash an upload with its query-side variants unless {@code variants=false}: a demo picture listed
 * only as its original, sent inside a border ({@link BorderedDemoImage}), is found through its trim variant by
 * {@code POST /v1/match/image} and HMA's {@code POST /m/lookup}, which name the variant; without variants it is not
 * found. {@code hashlists/demo/MANIFEST.tsv} is the oracle of the entry.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class VariantRoutesTest extends ServedRoutesFixture {
    static final DemoManifest.Row RINGS = DemoManifest.image(BorderedDemoImage.IMAGE);
    static final byte[] BORDERED = BorderedDemoImage.png();

    /** The hit every path must report: the listed picture, through the trim variant, at the same distance. */
    static final String VARIANT_HIT = "{\"list\":\"demo\",\"entry\":" + RINGS.entry() + ",\"distance\":"
            + BorderedDemoImage.DISTANCE + ",\"kind\":\"pdq\",\"queryVariant\":" + BorderedDemoImage.TRIM_JSON
            + ",\"entryVariant\":" + BorderedDemoImage.WHOLE_JSON + ",\"category\":\"" + RINGS.category()
            + "\",\"source\":\"hashmatch demo\"}";

    static final String FOUND =
            ",\"result\":{\"query\":\"image\",\"kind\":\"pdq\",\"hits\":[" + VARIANT_HIT + "],\"matched\":true}}";
    static final String NOT_FOUND = ",\"result\":{\"query\":\"image\",\"kind\":\"pdq\",\"hits\":[],\"matched\":false}}";

    @Test
    void theOracleIsTheListedOriginal() {
        assertThat(RINGS.list()).isEqualTo("te-dataset.csv");
        assertThat(RINGS.entry()).isEqualTo(6);
        assertThat(RINGS.category()).isEqualTo("INVESTIGATION_SEED");
    }

    @Test
    void matchImageFindsTheBorderedCopyThroughItsTrimVariantByDefault() {
        Http.Answer raw = http.post("/v1/match/image", "image/png", BORDERED);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).endsWith(FOUND);
        // the answer's hashes are the whole image's, as without variants
        String plainPdq =
                FileHasher.newBuilder().build().hash(BORDERED).pdq().hash().toHex();
        assertThat(raw.body()).contains("\"pdq\":\"" + plainPdq + "\"").doesNotContain("\"variants\"");
        assertThat(http.post("/v1/match/image?variants=true", "application/octet-stream", BORDERED)
                        .body())
                .isEqualTo(raw.body());
        assertThat(http.postFile("/v1/match/image", "file", BORDERED).body()).isEqualTo(raw.body());
    }

    @Test
    void withoutVariantsTheBorderedCopyIsNotFound() {
        assertThat(http.post("/v1/match/image?variants=false", "image/png", BORDERED)
                        .body())
                .endsWith(NOT_FOUND);
        assertThat(http.postFile("/v1/match/image?variants=FALSE", "file", BORDERED)
                        .body())
                .endsWith(NOT_FOUND);
        Http.Answer bad = http.post("/v1/match/image?variants=maybe", "image/png", BORDERED);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body())
                .contains("\"code\":\"invalid_parameter\"", "variants must be true or false, not 'maybe'");
    }

    @Test
    void theOriginalStillHitsWholeImageAgainstWholeImage() {
        Http.Answer a = http.post("/v1/match/image", "image/png", DemoManifest.testImage(RINGS.image()));
        assertThat(a.body())
                .endsWith(",\"result\":{\"query\":\"image\",\"kind\":\"pdq\",\"hits\":[{\"list\":\"demo\",\"entry\":"
                        + RINGS.entry() + ",\"distance\":0,\"kind\":\"pdq\",\"category\":\"" + RINGS.category()
                        + "\",\"source\":\"hashmatch demo\"}],\"matched\":true}}");
    }

    @Test
    void hashImageWritesTheVariantsAsHashVariantsDoes() {
        FileHashes engine = QueryHashing.hasher(true).build().hash(BORDERED);
        String fields = JsonOutput.write(256, g -> {
            g.writeStartObject();
            HashJson.writeFields(g, engine);
            g.writeEndObject();
        });
        String variants = JsonOutput.write(4096, g -> HashJson.writeVariants(g, engine.variants()));
        String expected =
                "{\"hashes\":" + fields.substring(0, fields.length() - 1) + ",\"variants\":" + variants + "}}";
        assertThat(http.post("/v1/hash/image", "image/png", BORDERED).body()).isEqualTo(expected);
        assertThat(variants)
                .contains("{\"kind\":\"trim\",\"transform\":\"original\",\"rect\":[24,24,127,255],\"pdq\":\""
                        + engine.variants().stream()
                                .filter(v -> v.kind().label().equals("trim"))
                                .findFirst()
                                .orElseThrow()
                                .pdq()
                                .toHex());
        assertThat(http.postFile("/v1/hash/image?variants=false", "file", BORDERED)
                        .body())
                .isEqualTo("{\"hashes\":" + fields + "}");
    }

    @Test
    void aPhotoWhoseWholeHashIsBelowTheQualityFloorIsStillSearchedThroughItsVariants() {
        // the picture in a wide border: the whole image is mostly flat, its PDQ quality under 50, the trim exact
        int border = 800;
        byte[] wide = BorderedDemoImage.png(border);
        assertThat(FileHasher.newBuilder().build().hash(wide).pdq().quality()).isLessThan(50);
        String trim = "{\"kind\":\"trim\",\"transform\":\"original\",\"rect\":[" + border + "," + border + ",127,255]}";
        assertThat(http.post("/v1/match/image", "image/png", wide).body())
                .endsWith(FOUND.replace(BorderedDemoImage.TRIM_JSON, trim)
                        .replace("\"matched\":true}", "\"matched\":true,\"lowQuality\":true}"));
        assertThat(http.postFile("/m/lookup", "photo", wide))
                .isEqualTo(new Http.Answer(
                        200,
                        "application/json",
                        "{\"pdq\":{\"demo\":[{\"bank_content_id\":" + RINGS.entry() + ",\"distance\":\""
                                + BorderedDemoImage.DISTANCE + "\",\"queryVariant\":" + trim
                                + ",\"entryVariant\":" + BorderedDemoImage.WHOLE_JSON + "}]}}\n"));
        // without variants nothing is searched: no match, as on the other routes
        assertThat(http.postFile("/m/lookup?variants=false", "photo", wide).body())
                .isEqualTo("{\"pdq\":{}}\n");
    }

    @Test
    void hmaLookupOfAPhotoUsesTheVariantsUnlessTurnedOff() {
        assertThat(http.postFile("/m/lookup", "photo", BORDERED))
                .isEqualTo(new Http.Answer(
                        200,
                        "application/json",
                        "{\"pdq\":{\"demo\":[{\"bank_content_id\":" + RINGS.entry() + ",\"distance\":\""
                                + BorderedDemoImage.DISTANCE + "\",\"queryVariant\":" + BorderedDemoImage.TRIM_JSON
                                + ",\"entryVariant\":" + BorderedDemoImage.WHOLE_JSON + "}]}}\n"));
        assertThat(http.postFile("/m/lookup?variants=false", "photo", BORDERED).body())
                .isEqualTo("{\"pdq\":{}}\n");
        assertThat(http.postFile("/m/lookup?variants=0", "photo", BORDERED).body())
                .isEqualTo("{\"pdq\":{}}\n");
        Http.Answer bad = http.postFile("/m/lookup?variants=maybe", "photo", BORDERED);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("variants: Input should be a valid boolean");
        // HMA's hash route answers the whole image's hash only
        assertThat(http.postFile("/h/hash", "photo", BORDERED).body())
                .isEqualTo("{\"pdq\":\""
                        + FileHasher.newBuilder()
                                .build()
                                .hash(BORDERED)
                                .pdq()
                                .hash()
                                .toHex() + "\"}\n");
    }
}
