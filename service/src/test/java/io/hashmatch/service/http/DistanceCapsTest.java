package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The search distance is capped by key role and list, so that a match key cannot rebuild a list from the distances
 * of 257 queries; a key configured with {@code reveal-distance: false} learns which entry matched, never at what
 * distance (nor their order by distance).
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.security.keys.test-hidden.role", value = "match")
@Property(
        name = "hashmatch.security.keys.test-hidden.sha256",
        value = "6eb9ab45aba2e5a9d21516bc98da5e3af2e837abf5fdc6d232ae225ab653b084")
@Property(name = "hashmatch.security.keys.test-hidden.reveal-distance", value = "false")
class DistanceCapsTest extends ServedRoutesFixture {
    /** Key {@code test-hidden}: role match, distances withheld. */
    static final String HIDDEN = "hm_test-hidden-distance-key-for-the-service-tests-03";

    static final DemoManifest.Row TEXT = DemoManifest.image("syn_text_256x256.png");

    Http match;
    Http hidden;

    @BeforeEach
    void clients() {
        match = new Http(server.getURL(), TestKeys.MATCH);
        hidden = new Http(server.getURL(), HIDDEN);
    }

    /** The all-zero hash and the 256 one-bit hashes: their distances to an entry give its every bit. */
    static String reconstructionBatch(int maxDistance) {
        List<String> queries = new ArrayList<>();
        queries.add("\"" + "0".repeat(64) + "\"");
        for (int bit = 0; bit < 256; bit++) {
            byte[] b = new byte[32];
            b[bit / 8] = (byte) (1 << (bit % 8));
            queries.add("\"" + HexFormat.of().formatHex(b) + "\"");
        }
        return "{\"hashes\":[" + String.join(",", queries) + "],\"maxDistance\":" + maxDistance + "}";
    }

    @Test
    void theReconstructionRequestIsRefused() {
        assertThat(match.postJson("/v1/match/hashes", reconstructionBatch(256)))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"invalid_max_distance\",\"message\":\"maxDistance must be 0..31 on list"
                                + " 'demo' for this key: 256\"}}"));
        assertThat(http.postJson("/v1/match/hashes", reconstructionBatch(256)).body())
                .isEqualTo("{\"error\":{\"code\":\"invalid_max_distance\",\"message\":\"maxDistance must be 0..64:"
                        + " 256\"}}");
        assertThat(match.postJson("/v1/match/hashes", reconstructionBatch(32)).status())
                .isEqualTo(400);
        assertThat(match.postJson("/v1/match/hashes", reconstructionBatch(31)).status())
                .isEqualTo(200);
        assertThat(http.postJson("/v1/match/hashes", reconstructionBatch(64)).status())
                .isEqualTo(200);
        assertThat(http.postJson("/v1/match/hashes", reconstructionBatch(65)).status())
                .isEqualTo(400);
        assertThat(match.postJson("/v1/match/hashes", "{\"hashes\":[\"" + TEXT.pdq() + "\"],\"maxDistance\":-1}")
                        .status())
                .isEqualTo(400);
        byte[] png = DemoManifest.testImage("syn_text_256x256.png");
        assertThat(match.post("/v1/match/image?maxDistance=32", "image/png", png)
                        .body())
                .startsWith("{\"error\":{\"code\":\"invalid_max_distance\",");
    }

    @Test
    void aKeyThatMayNotSeeDistancesGetsNone() {
        String near = MatchRoutesTest.flipBits(TEXT.pdq(), 5);
        String shown = match.postJson("/v1/match/hashes", "{\"hashes\":[\"" + near + "\"]}")
                .body();
        assertThat(shown).contains("\"entry\":" + TEXT.entry() + ",\"distance\":5,");
        Http.Answer a = hidden.postJson("/v1/match/hashes", "{\"hashes\":[\"" + near + "\"]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body())
                .isEqualTo(shown.replace(",\"distance\":5", ""))
                .doesNotContain("distance")
                .contains("\"matched\":true");
        byte[] png = DemoManifest.testImage("syn_text_256x256.png");
        Http.Answer image = hidden.post("/v1/match/image", "image/png", png);
        assertThat(image.body()).contains("\"matched\":true").doesNotContain("\"distance\"");
        assertThat(hidden.get("/m/lookup?signal_type=pdq&signal=" + near).body())
                .isEqualTo("{\"demo\":[{\"bank_content_id\":" + TEXT.entry() + "}]}\n");
        assertThat(hidden.get("/m/raw_lookup?signal_type=pdq&include_distance=true&signal=" + near)
                        .body())
                .isEqualTo("{\"matches\":[{\"bank_content_id\":" + TEXT.entry() + "}]}\n");
        assertThat(match.get("/m/lookup?signal_type=pdq&signal=" + near).body())
                .isEqualTo("{\"demo\":[{\"bank_content_id\":" + TEXT.entry() + ",\"distance\":\"5\"}]}\n");
    }
}
