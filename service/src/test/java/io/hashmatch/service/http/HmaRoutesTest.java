package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * The HMA-compatible routes answer as HMA does ({@code /work/shared/hma/API.md}: HMA's blueprints and tests):
 * shapes, sorted keys, string distances, {@code {"message":..}} errors, plain-text status.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class HmaRoutesTest extends ServedRoutesFixture {
    static final DemoManifest.Row TEXT = DemoManifest.image("syn_text_256x256.png");
    static final String JSON = "application/json";

    static Http.Answer message(int status, String message) {
        return new Http.Answer(status, JSON, "{\"message\":\"" + message + "\"}\n");
    }

    @Test
    void statusAndLiveness() {
        assertThat(http.get("/status")).isEqualTo(new Http.Answer(200, "text/html;charset=utf-8", "I-AM-ALIVE"));
        assertThat(http.get("/status/live")).isEqualTo(new Http.Answer(200, "text/html;charset=utf-8", "I-AM-ALIVE"));
    }

    @Test
    void lookupByHash() {
        String bank = "{\"demo\":[{\"bank_content_id\":" + TEXT.entry() + ",\"distance\":\"0\"}]}\n";
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + TEXT.pdq()))
                .isEqualTo(new Http.Answer(200, JSON, bank));
        assertThat(http.get("/m/lookup?signal_type=pdq&banks=demo&seed=1&signal=" + TEXT.pdq())
                        .body())
                .isEqualTo(bank);
        String near = MatchRoutesTest.flipBits(TEXT.pdq(), 31);
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + near).body())
                .isEqualTo("{\"demo\":[{\"bank_content_id\":" + TEXT.entry() + ",\"distance\":\"31\"}]}\n");
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + MatchRoutesTest.flipBits(TEXT.pdq(), 32)))
                .isEqualTo(new Http.Answer(200, JSON, "{}\n"));
        // a bank that is not served is an error in HMA's shape, not an empty answer that looks like "no match"
        assertThat(http.get("/m/lookup?signal_type=pdq&banks=OTHER&signal=" + TEXT.pdq()))
                .isEqualTo(message(404, "bank 'OTHER' not found"));
        assertThat(http.get("/m/lookup?signal_type=pdq&banks=demo,OTHER&signal=" + TEXT.pdq()))
                .isEqualTo(message(404, "bank 'OTHER' not found"));
        assertThat(http.get("/m/raw_lookup?signal_type=pdq&banks=OTHER&signal=" + TEXT.pdq()))
                .isEqualTo(message(404, "bank 'OTHER' not found"));
        // a suppression entry (NEGATIVE_CLASS) is not a match
        assertThat(http.get("/m/lookup?signal_type=pdq&signal="
                                + DemoManifest.image("syn_checker_100x100.png").pdq())
                        .body())
                .isEqualTo("{}\n");
    }

    @Test
    void lookupErrors() {
        assertThat(http.get("/m/lookup?signal_type=pdq"))
                .isEqualTo(message(400, "Either url or both signal and signal_type are required"));
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + TEXT.pdq().toUpperCase()))
                .isEqualTo(message(400, "invalid signal: invalid PDQ hash"));
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + TEXT.pdq().substring(2)))
                .isEqualTo(message(400, "invalid signal: invalid PDQ hash"));
        assertThat(http.get("/m/lookup?signal_type=video_md5&signal=" + TEXT.md5()))
                .isEqualTo(message(400, "SignalType 'video_md5' is not enabled"));
        assertThat(http.get("/m/lookup?signal_type=tmk&signal=" + TEXT.md5()))
                .isEqualTo(message(400, "No such SignalType 'tmk'"));
        assertThat(http.get("/m/lookup?url=http://example.org/a.png"))
                .as("fetching is off by default")
                .isEqualTo(message(400, "Invalid or unsafe URL provided"));
    }

    @Test
    void compareAsHmasOwnTest() {
        // tests/test_api.py test_compare_hashes
        assertThat(http.postJson(
                        "/m/compare",
                        "{\"pdq\":[\"facd8bcb2a49bcebdec1985298d5fe84bcd006c187c598c720c3c087b3fdb318\","
                                + "\"facd8bcb2a49bcebdec1985228d5ae84bcd006c187c598c720c2b087b3fdb318\"]}"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"pdq\":[true,{\"distance\":9}]}\n"));
        assertThat(http.postJson(
                                "/m/compare",
                                "{\"pdq\":[\"" + TEXT.pdq() + "\",\"" + MatchRoutesTest.flipBits(TEXT.pdq(), 32)
                                        + "\"]}")
                        .body())
                .isEqualTo("{\"pdq\":[false,{\"distance\":32}]}\n");
        assertThat(http.postJson("/m/compare", "{}").body()).isEqualTo("{}\n");
        assertThat(http.postJson("/m/compare", "[1]")).isEqualTo(message(400, "Request input was not a dict"));
        assertThat(http.postJson("/m/compare", "{\"pdq\":\"x\"}"))
                .isEqualTo(message(400, "Comparison hashes for pdq was not a list"));
        assertThat(http.postJson("/m/compare", "{\"pdq\":[\"" + TEXT.pdq() + "\"]}"))
                .isEqualTo(message(400, "Comparison hash list length must be exactly 2"));
        assertThat(http.postJson("/m/compare", "{\"pdq\":[\"" + TEXT.pdq() + "\",\"ABC\"]}"))
                .isEqualTo(message(400, "Invalid pdq hash: invalid PDQ hash"));
        assertThat(http.postJson("/m/compare", "{\"tmk\":[\"a\",\"b\"]}"))
                .isEqualTo(message(400, "No such SignalType 'tmk'"));
    }

    @Test
    void indexStatus() {
        Http.Answer a = http.get("/m/index/status");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).matches("\\{\"pdq\":\\{\"built_to\":[0-9]{10},\"present\":true,\"size\":14}}\n");
        assertThat(http.get("/m/index/status?signal_type=pdq").body()).isEqualTo(a.body());
        assertThat(http.get("/m/index/status?signal_type=x")).isEqualTo(message(400, "No such signal type 'x'"));
    }

    @Test
    void rawLookup() {
        assertThat(http.get("/m/raw_lookup?signal_type=pdq&signal=" + TEXT.pdq()))
                .isEqualTo(new Http.Answer(200, JSON, "{\"matches\":[" + TEXT.entry() + "]}\n"));
        assertThat(http.get("/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + TEXT.pdq())
                        .body())
                .isEqualTo("{\"matches\":[{\"bank_content_id\":" + TEXT.entry() + ",\"distance\":\"0\"}]}\n");
        assertThat(http.get("/m/raw_lookup?signal_type=pdq&banks=X&signal=" + TEXT.pdq()))
                .isEqualTo(message(404, "bank 'X' not found"));
        assertThat(http.get("/m/raw_lookup?signal_type=pdq"))
                .isEqualTo(
                        new Http.Answer(
                                422,
                                JSON,
                                "[{\"input\":null,\"loc\":[\"query\",\"signal\"],\"msg\":\"Field required\",\"type\":\"missing\"}]\n"));
        assertThat(http.get("/m/raw_lookup?signal_type=pdq&signal=abc"))
                .isEqualTo(message(400, "invalid signal: invalid PDQ hash"));
    }

    @Test
    void lookupAndHashAFile() {
        byte[] png = DemoManifest.testImage(TEXT.image());
        assertThat(http.postFile("/m/lookup", "photo", png))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "{\"pdq\":{\"demo\":[{\"bank_content_id\":" + TEXT.entry() + ",\"distance\":\"0\"}]}}\n"));
        assertThat(http.postFile("/m/lookup?bypass_coinflip=true&banks=NONE", "photo", png))
                .isEqualTo(message(404, "bank 'NONE' not found"));
        assertThat(http.postFile("/h/hash", "photo", png))
                .isEqualTo(new Http.Answer(200, JSON, "{\"pdq\":\"" + TEXT.pdq() + "\"}\n"));
        // quality 17 < 50: HMA hashes it to "", and its lookup of that fails; the photo is searched as
        // /v1/match/image searches it (the whole hash under the floor is not, its variants are) and nothing hits
        byte[] lowQuality = DemoManifest.testImage("syn_grad_32x32.png");
        assertThat(http.postFile("/h/hash", "photo", lowQuality).body()).isEqualTo("{\"pdq\":\"\"}\n");
        assertThat(http.postFile("/m/lookup", "photo", lowQuality))
                .isEqualTo(message(400, "invalid signal: invalid PDQ hash"));
        assertThat(http.postFile("/m/lookup?variants=false", "photo", lowQuality))
                .isEqualTo(message(400, "invalid signal: invalid PDQ hash"));
    }

    @Test
    void fileErrors() {
        byte[] png = DemoManifest.testImage(TEXT.image());
        assertThat(http.postFile("/h/hash", "file", png))
                .isEqualTo(message(400, "Missing multipart/form-data file upload"));
        assertThat(http.postFile("/m/lookup", "video", png)).isEqualTo(message(400, "content_type video is disabled"));
        Http.Answer notImage = http.postFile("/h/hash", "photo", "text".getBytes());
        assertThat(notImage.status()).isEqualTo(400);
        assertThat(notImage.body()).startsWith("{\"message\":\"cannot hash the photo: ");
        assertThat(http.get("/h/hash?url=http://example.org/a.png"))
                .as("fetching is off by default")
                .isEqualTo(message(400, "Invalid or unsafe URL provided"));
    }
}
