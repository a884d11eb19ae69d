package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * The calls ROOST Coop's HMA service makes, without a key, under {@code hashmatch.security.anonymous} with role
 * curate: create a bank, add a signal, look it up (at once: no index rebuild to wait for), read and delete the
 * content, delete the bank; with HMA's exact JSON (sorted keys, {@code 1.0}, string distances, {@code {"message":..}}).
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.security.anonymous.role", value = "curate")
@Property(name = "hashmatch.security.anonymous.from[0]", value = "127.0.0.0/8")
@Property(name = "hashmatch.security.anonymous.from[1]", value = "::1")
class CoopSequenceTest extends ServedRoutesFixture {
    private static final String JSON = "application/json";
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    /** {@link #PDQ} with its first 4 bits flipped: distance 4. */
    private static final String NEAR = "08f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void coopsSequenceWorksWithoutAKey() {
        Http coop = new Http(server.getURL(), null);
        assertThat(coop.postJson("/c/banks", "{\"name\":\"COOP_BANK\"}"))
                .isEqualTo(new Http.Answer(201, JSON, "{\"matching_enabled_ratio\":1.0,\"name\":\"COOP_BANK\"}\n"));
        assertThat(coop.postJson("/c/banks", "{\"name\":\"COOP_BANK\"}"))
                .isEqualTo(new Http.Answer(403, JSON, "{\"message\":\"Bank already exists\"}\n"));
        assertThat(coop.postJson("/c/banks", "{\"name\":\"coop-bank\"}"))
                .isEqualTo(new Http.Answer(400, JSON, "{\"message\":\"Bank names must be UPPER_WITH_UNDERSCORE\"}\n"));
        assertThat(coop.get("/c/bank/COOP_BANK"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"matching_enabled_ratio\":1.0,\"name\":\"COOP_BANK\"}\n"));
        assertThat(coop.get("/c/banks").body()).contains("{\"matching_enabled_ratio\":1.0,\"name\":\"COOP_BANK\"}");
        assertThat(coop.get("/c/bank/NO_SUCH"))
                .isEqualTo(new Http.Answer(404, JSON, "{\"message\":\"bank 'NO_SUCH' not found\"}\n"));

        assertThat(coop.postJson("/c/bank/COOP_BANK/signal", "{\"pdq\":\"" + PDQ + "\",\"note\":\"case 17\"}"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"id\":0,\"signals\":{\"pdq\":\"" + PDQ + "\"}}\n"));
        assertThat(coop.postJson(
                        "/c/bank/COOP_BANK/signal", "{\"pdq\":\"" + PDQ.toUpperCase(java.util.Locale.ROOT) + "\"}"))
                .isEqualTo(new Http.Answer(400, JSON, "{\"message\":\"Invalid pdq signal: invalid PDQ hash\"}\n"));
        assertThat(coop.postJson("/c/bank/COOP_BANK/signal", "{\"note\":\"x\"}"))
                .isEqualTo(new Http.Answer(400, JSON, "{\"message\":\"No signals given\"}\n"));
        assertThat(coop.postJson("/c/bank/COOP_BANK/signal", "{\"sha1\":\"x\"}"))
                .isEqualTo(new Http.Answer(400, JSON, "{\"message\":\"No such signal type sha1\"}\n"));

        // matchable at once
        assertThat(coop.get("/m/lookup?signal_type=pdq&signal=" + NEAR + "&banks=COOP_BANK"))
                .isEqualTo(
                        new Http.Answer(200, JSON, "{\"COOP_BANK\":[{\"bank_content_id\":0,\"distance\":\"4\"}]}\n"));
        assertThat(coop.get("/c/bank/COOP_BANK/content/0?include_signals=true"))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"COOP_BANK\"},\"disable_until_ts\":1,"
                                + "\"id\":0,\"note\":\"case 17\",\"original_media_uri\":null,\"signals\":{\"pdq\":\""
                                + PDQ + "\"}}\n"));

        assertThat(coop.delete("/c/bank/COOP_BANK/content/0"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"deleted\":1}\n"));
        assertThat(coop.delete("/c/bank/COOP_BANK/content/0"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"deleted\":0}\n"));
        assertThat(coop.get("/m/lookup?signal_type=pdq&signal=" + NEAR + "&banks=COOP_BANK"))
                .isEqualTo(new Http.Answer(200, JSON, "{}\n"));
        assertThat(coop.get("/c/bank/COOP_BANK/content/0"))
                .isEqualTo(new Http.Answer(404, JSON, "{\"message\":\"content '0' not found\"}\n"));

        assertThat(coop.delete("/c/bank/COOP_BANK")).isEqualTo(new Http.Answer(200, JSON, "{\"message\":\"Done\"}\n"));
        assertThat(coop.get("/c/bank/COOP_BANK").status()).isEqualTo(404);
        assertThat(coop.get("/prometheus").status()).as("never admin").isEqualTo(403);
    }
}
