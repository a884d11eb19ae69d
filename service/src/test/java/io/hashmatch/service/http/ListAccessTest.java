package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** A list's own cap and disclosure ({@code hashmatch.list-access.<name>.*}) bind every key, admin included. */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.list-access.demo.max-distance", value = "8")
@Property(name = "hashmatch.list-access.demo.reveal-distance", value = "false")
class ListAccessTest extends ServedRoutesFixture {
    static final DemoManifest.Row TEXT = DemoManifest.image("syn_text_256x256.png");

    @Test
    void aListCapsTheDistanceOfMatchKeysAndSearchesAtItByDefault() {
        Http match = new Http(server.getURL(), TestKeys.MATCH);
        String at5 = MatchRoutesTest.flipBits(TEXT.pdq(), 5);
        String at9 = MatchRoutesTest.flipBits(TEXT.pdq(), 9);
        assertThat(match.postJson("/v1/match/hashes", "{\"hashes\":[\"" + at5 + "\"]}")
                        .body())
                .contains("\"matched\":true");
        assertThat(match.postJson("/v1/match/hashes", "{\"hashes\":[\"" + at9 + "\"]}")
                        .body())
                .contains("\"hits\":[],\"matched\":false");
        assertThat(match.postJson("/v1/match/hashes", "{\"hashes\":[\"" + at9 + "\"],\"maxDistance\":9}"))
                .isEqualTo(new Http.Answer(
                        400,
                        "application/json",
                        "{\"error\":{\"code\":\"invalid_max_distance\",\"message\":\"maxDistance must be 0..8 on list"
                                + " 'demo' for this key: 9\"}}"));
        assertThat(match.get("/m/lookup?signal_type=pdq&signal=" + at9).body()).isEqualTo("{}\n");
        // an admin key may search wider, up to 64, but the list's distances stay withheld
        String admin = http.postJson("/v1/match/hashes", "{\"hashes\":[\"" + at9 + "\"],\"maxDistance\":9}")
                .body();
        assertThat(admin).contains("\"entry\":" + TEXT.entry() + ",").doesNotContain("distance");
        assertThat(http.get("/m/lookup?signal_type=pdq&signal=" + at5).body())
                .isEqualTo("{\"demo\":[{\"bank_content_id\":" + TEXT.entry() + "}]}\n");
    }
}
