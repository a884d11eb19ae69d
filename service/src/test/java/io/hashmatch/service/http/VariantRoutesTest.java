package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.hash.EditedDemoImage;
import io.hashmatch.hash.EditedImages;
import io.hashmatch.hash.FileHasher;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.scan.QueryHashing;
import io.hashmatch.service.json.HashJson;
import io.hashmatch.service.json.JsonOutput;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The image routes hash an upload with its query-side variants unless {@code variants=false}: a demo picture listed
 * only as its original, sent as an edited copy ({@link EditedDemoImage}: inside a border, as a collage's tile,
 * pillarboxed), is found through the variant that holds it, at its exact rectangle, by {@code POST /v1/match/image}
 * and HMA's {@code POST /m/lookup}, which name the variant; without variants it is not found.
 * {@code hashlists/demo/MANIFEST.tsv} is the oracle of the entry.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class VariantRoutesTest extends ServedRoutesFixture {
    static final DemoManifest.Row RINGS = DemoManifest.image(EditedDemoImage.IMAGE);
    static final byte[] BORDERED = EditedDemoImage.BORDERED.png();

    /** The hit every path must report for {@code copy}: the listed picture, through its variant, at one distance. */
    static String variantHit(String queryVariant) {
        return "{\"list\":\"demo\",\"entry\":" + RINGS.entry() + ",\"distance\":" + EditedDemoImage.DISTANCE
                + ",\"kind\":\"pdq\",\"queryVariant\":" + queryVariant + ",\"entryVariant\":"
                + EditedDemoImage.WHOLE_JSON + ",\"category\":\"" + RINGS.category()
                + "\",\"source\":\"hashmatch demo\"}";
    }

    static String found(String queryVariant) {
        return ",\"result\":{\"query\":\"image\",\"kind\":\"pdq\",\"hits\":[" + variantHit(queryVariant)
                + "],\"matched\":true}}";
    }

    /** HMA's answer for {@code copy}: the bank map with the variants that met. */
    static Http.Answer hmaFound(String queryVariant) {
        return new Http.Answer(
                200,
                "application/json",
                "{\"pdq\":{\"demo\":[{\"bank_content_id\":" + RINGS.entry() + ",\"distance\":\""
                        + EditedDemoImage.DISTANCE + "\",\"queryVariant\":" + queryVariant + ",\"entryVariant\":"
                        + EditedDemoImage.WHOLE_JSON + "}]}}\n");
    }

    static final String NOT_FOUND = ",\"result\":{\"query\":\"image\",\"kind\":\"pdq\",\"hits\":[],\"matched\":false}}";

    static final Http.Answer HMA_LOW_QUALITY =
            new Http.Answer(400, "application/json", "{\"message\":\"invalid signal: invalid PDQ hash\"}\n");

    @Test
    void theOracleIsTheListedOriginal() {
        assertThat(RINGS.list()).isEqualTo("te-dataset.csv");
        assertThat(RINGS.entry()).isEqualTo(6);
        assertThat(RINGS.category()).isEqualTo("INVESTIGATION_SEED");
    }

    @ParameterizedTest
    @EnumSource(EditedDemoImage.class)
    void matchImageFindsEachCopyThroughItsVariantByDefault(EditedDemoImage copy) {
        byte[] png = copy.png();
        Http.Answer raw = http.post("/v1/match/image", "image/png", png);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).endsWith(found(copy.variantJson()));
        // the answer's hashes are the whole image's, as without variants
        String plainPdq = FileHasher.newBuilder().build().hash(png).pdq().hash().toHex();
        assertThat(raw.body()).contains("\"pdq\":\"" + plainPdq + "\"").doesNotContain("\"variants\"");
        assertThat(http.post("/v1/match/image?variants=true", "application/octet-stream", png)
                        .body())
                .isEqualTo(raw.body());
        assertThat(http.postFile("/v1/match/image", "file", png).body()).isEqualTo(raw.body());
    }

    @ParameterizedTest
    @EnumSource(EditedDemoImage.class)
    void withoutVariantsNoCopyIsFound(EditedDemoImage copy) {
        byte[] png = copy.png();
        assertThat(http.post("/v1/match/image?variants=false", "image/png", png).body())
                .endsWith(NOT_FOUND);
        assertThat(http.postFile("/v1/match/image?variants=FALSE", "file", png).body())
                .endsWith(NOT_FOUND);
    }

    @Test
    void variantsIsTrueOrFalse() {
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
                .contains(EditedDemoImage.BORDERED.variantJson().replace("]}", "],\"pdq\":\"")
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
        byte[] wide = EditedDemoImage.bordered(border);
        assertThat(FileHasher.newBuilder().build().hash(wide).pdq().quality()).isLessThan(50);
        String trim = "{\"kind\":\"trim\",\"transform\":\"original\",\"rect\":[" + border + "," + border + ",127,255]}";
        assertThat(http.post("/v1/match/image", "image/png", wide).body())
                .endsWith(found(trim).replace("\"matched\":true}", "\"matched\":true,\"lowQuality\":true}"));
        // HMA: a hit of a variant is answered; without variants nothing is searched, and HMA's own answer for a
        // photo under its quality floor is a 400
        assertThat(http.postFile("/m/lookup", "photo", wide)).isEqualTo(hmaFound(trim));
        assertThat(http.postFile("/m/lookup?variants=false", "photo", wide)).isEqualTo(HMA_LOW_QUALITY);
    }

    @Test
    void hmaLookupOfALowQualityPhotoThatNothingHitsIsA400AsInHma() {
        // an unlisted photo-like picture in the same wide border: searched through its variants, no hit
        byte[] wide = EditedDemoImage.png(
                EditedImages.border(EditedImages.photo(127, 255, 1401), 800, EditedDemoImage.BORDER_COLOUR)
                        .image());
        assertThat(FileHasher.newBuilder().build().hash(wide).pdq().quality()).isLessThan(50);
        assertThat(http.post("/v1/match/image", "image/png", wide).body())
                .endsWith(NOT_FOUND.replace("\"matched\":false}", "\"matched\":false,\"lowQuality\":true}"));
        assertThat(http.postFile("/m/lookup", "photo", wide)).isEqualTo(HMA_LOW_QUALITY);
        // at quality 50 or more, no hit is HMA's empty bank map
        assertThat(http.postFile("/m/lookup", "photo", EditedDemoImage.png(EditedImages.photo(127, 255, 1401))))
                .isEqualTo(new Http.Answer(200, "application/json", "{\"pdq\":{}}\n"));
    }

    @ParameterizedTest
    @EnumSource(EditedDemoImage.class)
    void hmaLookupOfAPhotoUsesTheVariantsUnlessTurnedOff(EditedDemoImage copy) {
        byte[] png = copy.png();
        assertThat(http.postFile("/m/lookup", "photo", png)).isEqualTo(hmaFound(copy.variantJson()));
        assertThat(http.postFile("/m/lookup?variants=false", "photo", png).body())
                .isEqualTo("{\"pdq\":{}}\n");
        assertThat(http.postFile("/m/lookup?variants=0", "photo", png).body()).isEqualTo("{\"pdq\":{}}\n");
    }

    @Test
    void hmaVariantsIsAPydanticBoolAndHmaHashIsTheWholeImagesOnly() {
        Http.Answer bad = http.postFile("/m/lookup?variants=maybe", "photo", BORDERED);
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("variants: Input should be a valid boolean");
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
