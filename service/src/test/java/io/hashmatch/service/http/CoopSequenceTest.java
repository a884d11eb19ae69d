package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The calls ROOST Coop's HMA service makes, without a key, under {@code hashmatch.security.anonymous} with role
 * curate: create a bank, add a signal, look it up (at once: no index rebuild to wait for), read and delete the
 * content, delete the bank; with HMA's exact JSON (sorted keys, {@code 1.0}, string distances, {@code {"message":..}}).
 * The same by URL, from a loopback host that {@code hashmatch.fetch} allows (a server started by the test). And the
 * JSON types a strict client (fetlife's Ruby gem) checks: floats stay floats, ids integers, distances strings.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.security.anonymous.role", value = "curate")
@Property(name = "hashmatch.security.anonymous.from[0]", value = "127.0.0.0/8")
@Property(name = "hashmatch.security.anonymous.from[1]", value = "::1")
@Property(name = "hashmatch.fetch.allowed-hosts[0]", value = "127.0.0.1")
@Property(name = "hashmatch.fetch.allowed-networks[0]", value = "127.0.0.1/32")
class CoopSequenceTest extends ServedRoutesFixture {
    private static final DemoManifest.Row PHOTO = LoopbackMedia.PHOTO;

    @RegisterExtension
    static final LoopbackMedia MEDIA = new LoopbackMedia();

    private static final String JSON = "application/json";
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    /** {@link #PDQ} with its first 4 bits flipped: distance 4. */
    private static final String NEAR = "08f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    @Test
    void coopsSequenceByUrlWorksWithoutAKey() {
        Http coop = new Http(server.getURL(), null);
        String photo = MEDIA.url("/photo.png");
        assertThat(coop.postJson("/c/banks", "{\"name\":\"URL_BANK\",\"enabled_ratio\":\"1\"}"))
                .as("Coop sends the ratio as a string")
                .isEqualTo(new Http.Answer(201, JSON, "{\"matching_enabled_ratio\":1.0,\"name\":\"URL_BANK\"}\n"));
        assertThat(coop.get("/h/hash?url=" + photo))
                .isEqualTo(new Http.Answer(200, JSON, "{\"pdq\":\"" + PHOTO.pdq() + "\"}\n"));
        assertThat(coop.postJson("/c/bank/URL_BANK/signal", "{\"pdq\":\"" + PHOTO.pdq() + "\"}"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"id\":0,\"signals\":{\"pdq\":\"" + PHOTO.pdq() + "\"}}\n"));
        assertThat(coop.get("/m/lookup?url=" + photo + "&content_type=photo&banks=URL_BANK"))
                .isEqualTo(new Http.Answer(
                        200, JSON, "{\"pdq\":{\"URL_BANK\":[{\"bank_content_id\":0,\"distance\":\"0\"}]}}\n"));
        assertThat(coop.get("/m/lookup?url=" + photo + "&signal_type=pdq&banks=URL_BANK"))
                .as("with signal_type: that type's bank map only")
                .isEqualTo(new Http.Answer(200, JSON, "{\"URL_BANK\":[{\"bank_content_id\":0,\"distance\":\"0\"}]}\n"));

        String mediaHost = "127.0.0.1:" + MEDIA.port();
        assertThat(coop.get("/h/hash?url=http://" + mediaHost + "/page.html"))
                .isEqualTo(new Http.Answer(
                        400,
                        JSON,
                        "{\"message\":\"unsupported url ContentType: 'text/html; charset=utf-8', if you know the"
                                + " expected type, provide it with the content_type query param\"}\n"));
        assertThat(coop.get("/h/hash?url=http://" + mediaHost + "/photo.png&content_type=video"))
                .isEqualTo(new Http.Answer(400, JSON, "{\"message\":\"content_type video is disabled\"}\n"));
        assertThat(coop.get("/h/hash?url=http://" + mediaHost + "/photo.png&types=video_md5"))
                .isEqualTo(new Http.Answer(
                        400, JSON, "{\"message\":\"signal type 'video_md5' doesn't exist or is disabled\"}\n"));
        assertThat(coop.get("/h/hash?url=http://" + mediaHost + "/nothing.png"))
                .isEqualTo(
                        new Http.Answer(400, JSON, "{\"message\":\"Failed to fetch URL: HTTP 404 from 127.0.0.1\"}\n"));
        assertThat(coop.get("/h/hash?url=http://localhost:" + MEDIA.port() + "/photo.png"))
                .as("a host not listed")
                .isEqualTo(new Http.Answer(400, JSON, "{\"message\":\"Invalid or unsafe URL provided\"}\n"));
        assertThat(coop.get("/h/hash").status()).as("url is required").isEqualTo(422);

        assertThat(coop.delete("/c/bank/URL_BANK/content/0"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"deleted\":1}\n"));
        assertThat(coop.get("/m/lookup?url=" + photo + "&banks=URL_BANK"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"pdq\":{}}\n"));
        assertThat(coop.delete("/c/bank/URL_BANK")).isEqualTo(new Http.Answer(200, JSON, "{\"message\":\"Done\"}\n"));
    }

    @Test
    void jsonTypesAreExactlyHmas() throws IOException {
        Http client = new Http(server.getURL(), null);
        assertThat(client.postJson("/c/banks", "{\"name\":\"STRICT_BANK\"}").status())
                .isEqualTo(201);
        assertThat(tokens(client.get("/c/bank/STRICT_BANK").body()))
                .containsExactly(
                        "START_OBJECT",
                        "FIELD_NAME matching_enabled_ratio",
                        "VALUE_NUMBER_FLOAT 1.0",
                        "FIELD_NAME name",
                        "VALUE_STRING STRICT_BANK",
                        "END_OBJECT");
        assertThat(tokens(client.get("/c/banks").body()))
                .contains("VALUE_NUMBER_FLOAT 1.0")
                .doesNotContain("VALUE_NUMBER_INT 1");
        Http.Answer duplicate = client.postJson("/c/banks", "{\"name\":\"STRICT_BANK\"}");
        assertThat(duplicate.status()).isEqualTo(403);
        assertThat(tokens(duplicate.body()))
                .containsExactly(
                        "START_OBJECT", "FIELD_NAME message", "VALUE_STRING Bank already exists", "END_OBJECT");
        assertThat(tokens(client.postJson("/c/bank/STRICT_BANK/signal", "{\"pdq\":\"" + PDQ + "\"}")
                        .body()))
                .containsExactly(
                        "START_OBJECT",
                        "FIELD_NAME id",
                        "VALUE_NUMBER_INT 0",
                        "FIELD_NAME signals",
                        "START_OBJECT",
                        "FIELD_NAME pdq",
                        "VALUE_STRING " + PDQ,
                        "END_OBJECT",
                        "END_OBJECT");
        assertThat(tokens(client.get("/m/lookup?signal_type=pdq&signal=" + PDQ + "&banks=STRICT_BANK")
                        .body()))
                .containsExactly(
                        "START_OBJECT",
                        "FIELD_NAME STRICT_BANK",
                        "START_ARRAY",
                        "START_OBJECT",
                        "FIELD_NAME bank_content_id",
                        "VALUE_NUMBER_INT 0",
                        "FIELD_NAME distance",
                        "VALUE_STRING 0",
                        "END_OBJECT",
                        "END_ARRAY",
                        "END_OBJECT");
        assertThat(tokens(client.get("/c/signal_type").body()))
                .containsSubsequence("VALUE_NUMBER_FLOAT 1.0", "VALUE_STRING pdq", "VALUE_NUMBER_FLOAT 0.0");
        assertThat(tokens(client.get("/c/content_type").body())).contains("VALUE_TRUE true", "VALUE_FALSE false");
        assertThat(tokens(client.get("/c/exchanges").body())).containsExactly("START_ARRAY", "END_ARRAY");
        assertThat(client.delete("/c/bank/STRICT_BANK").status()).isEqualTo(200);
    }

    /** The JSON's tokens, each as its type and text: what a client that checks types sees. */
    private static List<String> tokens(String json) throws IOException {
        List<String> tokens = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                tokens.add(t.isStructStart() || t.isStructEnd() ? t.name() : t.name() + " " + p.getText());
            }
        }
        return tokens;
    }

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
        // Coop's updateBank: PUT the ratio; the bank stays fully enabled and says so
        assertThat(coop.put("/c/bank/COOP_BANK", JSON, "{\"enabled_ratio\":0.5}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Http.Answer(200, JSON, "{\"matching_enabled_ratio\":1.0,\"name\":\"COOP_BANK\"}\n"));
        assertThat(coop.put("/c/bank/NO_SUCH", JSON, "{\"enabled_ratio\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Http.Answer(404, JSON, "{\"message\":\"Bank not found\"}\n"));
        assertThat(coop.put("/c/bank/COOP_BANK", JSON, "{\"enabled_ratio\":\"half\"}".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(422);
        assertThat(coop.put("/c/bank/COOP_BANK", JSON, "{\"name\":\"COOP_RENAMED\"}".getBytes(StandardCharsets.UTF_8))
                        .status())
                .isEqualTo(400);

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
