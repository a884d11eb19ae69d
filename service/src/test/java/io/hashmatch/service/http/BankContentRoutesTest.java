package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HMA's banking of content ({@code POST /c/bank/{name}/content}, by {@code ?url=} or a multipart upload) and its update
 * ({@code PUT /c/bank/{name}/content/{id}}): the exact bytes of HMA's {@code blueprints/curation.py}
 * ({@code bank_add_content}, {@code _bank_add_signals}, {@code bank_update_content}), errors included. URLs are
 * fetched from a loopback server started by the test, the one host {@code hashmatch.fetch} allows.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.fetch.allowed-hosts[0]", value = "127.0.0.1")
@Property(name = "hashmatch.fetch.allowed-networks[0]", value = "127.0.0.1/32")
class BankContentRoutesTest extends ServedRoutesFixture {
    private static final DemoManifest.Row PHOTO = LoopbackMedia.PHOTO;
    private static final String JSON = "application/json";

    @RegisterExtension
    static final LoopbackMedia MEDIA = new LoopbackMedia();

    private static String photoUrl() {
        return MEDIA.url("/photo.png");
    }

    private static String banked(int id) {
        return "{\"id\":" + id + ",\"signals\":{\"pdq\":\"" + PHOTO.pdq() + "\"}}\n";
    }

    @Test
    void contentIsBankedByUrlAndMatchesAtOnce() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"BY_URL\"}").status()).isEqualTo(201);
        assertThat(http.postNothing("/c/bank/BY_URL/content?url=" + photoUrl()))
                .as("no body at all, as curl -X POST sends it")
                .isEqualTo(new Http.Answer(200, JSON, banked(0)));
        assertThat(http.postJson(
                        "/c/bank/BY_URL/content?url=" + photoUrl() + "&content_type=photo&types=pdq",
                        "{\"metadata\":{\"content_id\":\"c-1\",\"content_uri\":\"https://example.org/1\","
                                + "\"json\":{\"k\":[1]},\"collab\":{\"X\":[\"1\"]}},\"note\":\"seen twice\"}"))
                .isEqualTo(new Http.Answer(200, JSON, banked(1)));
        assertThat(http.get("/c/bank/BY_URL/content/1"))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"BY_URL\"},\"disable_until_ts\":1,"
                                + "\"id\":1,\"metadata\":{\"collab\":null,\"content_id\":\"c-1\","
                                + "\"content_uri\":\"https://example.org/1\",\"json\":{\"k\":[1]}},"
                                + "\"note\":\"seen twice\",\"original_media_uri\":null}\n"));
        assertThat(http.get("/m/lookup?signal_type=pdq&banks=BY_URL&signal=" + PHOTO.pdq()))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "{\"BY_URL\":[{\"bank_content_id\":0,\"distance\":\"0\"},"
                                + "{\"bank_content_id\":1,\"distance\":\"0\"}]}\n"));
    }

    @Test
    void contentIsBankedByUploadWithFormFields() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"BY_FILE\"}").status()).isEqualTo(201);
        byte[] png = DemoManifest.testImage(PHOTO.image());
        assertThat(http.postFile("/c/bank/BY_FILE/content", "photo", png))
                .isEqualTo(new Http.Answer(200, JSON, banked(0)));
        assertThat(upload(
                        "/c/bank/BY_FILE/content",
                        "photo",
                        png,
                        Map.of("metadata", "{\"content_id\":\"42\"}", "note", "from the form")))
                .isEqualTo(new Http.Answer(200, JSON, banked(1)));
        assertThat(http.get("/c/bank/BY_FILE/content/1?include_signals=true"))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"BY_FILE\"},\"disable_until_ts\":1,"
                                + "\"id\":1,\"metadata\":{\"collab\":null,\"content_id\":\"42\",\"content_uri\":null,"
                                + "\"json\":null},\"note\":\"from the form\",\"original_media_uri\":null,"
                                + "\"signals\":{\"pdq\":\"" + PHOTO.pdq() + "\"}}\n"));
        assertThat(upload("/c/bank/BY_FILE/content", "photo", png, Map.of("metadata", "{not json")))
                .isEqualTo(error(400, "metadata form field must be valid JSON"));
        assertThat(upload("/c/bank/BY_FILE/content", "photo", png, Map.of("metadata", "[1]")))
                .isEqualTo(error(400, "metadata should be a json object"));
        assertThat(upload("/c/bank/BY_FILE/content", "photo", png, Map.of("note", "n".repeat(256))))
                .isEqualTo(error(400, "note must be at most 255 characters"));
        assertThat(http.postFile("/c/bank/BY_FILE/content", "video", png))
                .isEqualTo(error(400, "content_type video is disabled"));
        assertThat(upload("/c/bank/BY_FILE/content", "other", png, Map.of()))
                .as("a file under another field is no upload HMA takes")
                .isEqualTo(error(400, "Neither `url` nor multipart file upload was received"));
    }

    @Test
    void bankingErrorsAreHmas() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"ERRORS\"}").status()).isEqualTo(201);
        assertThat(http.postNothing("/c/bank/NO_SUCH/content?url=" + photoUrl()))
                .isEqualTo(error(404, "bank 'NO_SUCH' not found"));
        assertThat(http.postNothing("/c/bank/ERRORS/content"))
                .isEqualTo(error(400, "Neither `url` nor multipart file upload was received"));
        assertThat(http.postJson("/c/bank/ERRORS/content?url=" + photoUrl(), "{\"metadata\":{\"colour\":\"red\"}}"))
                .isEqualTo(error(
                        400,
                        "Invalid metadata: 1 validation error for BankedContentMetadata\\ncolour\\n"
                                + "  Extra inputs are not permitted"));
        assertThat(http.postJson("/c/bank/ERRORS/content?url=" + photoUrl(), "{\"metadata\":{\"content_id\":7}}"))
                .isEqualTo(error(
                        400,
                        "Invalid metadata: 1 validation error for BankedContentMetadata\\ncontent_id\\n"
                                + "  Input should be a valid string"));
        assertThat(http.postJson("/c/bank/ERRORS/content?url=" + photoUrl(), "{\"note\":5}"))
                .isEqualTo(error(400, "note should be a string"));
        assertThat(http.postNothing("/c/bank/ERRORS/content?url=http://localhost:" + MEDIA.port() + "/photo.png"))
                .as("a host hashmatch.fetch does not allow")
                .isEqualTo(error(400, "Invalid or unsafe URL provided"));
        assertThat(http.postNothing("/c/bank/ERRORS/content?url=http://127.0.0.1:" + MEDIA.port() + "/none"))
                .isEqualTo(error(400, "Failed to fetch URL: HTTP 404 from 127.0.0.1"));
        assertThat(http.get("/c/bank/ERRORS/content/0").status())
                .as("nothing was banked")
                .isEqualTo(404);
    }

    @Test
    void anUpdateAnswersTheContentAsHmaJsonifiesIt() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"UPDATED\"}").status()).isEqualTo(201);
        assertThat(http.postJson("/c/bank/UPDATED/signal", "{\"pdq\":\"" + PHOTO.pdq() + "\",\"note\":\"kept\"}")
                        .status())
                .isEqualTo(200);
        String content = "{\"bank\":{\"matching_enabled_ratio\":1.0,\"name\":\"UPDATED\"},\"collab_metadata\":{},"
                + "\"disable_until_ts\":1,\"id\":0,\"note\":\"kept\",\"original_media_uri\":null,"
                + "\"user_metadata\":null}\n";
        assertThat(put("/c/bank/UPDATED/content/0", "{}")).isEqualTo(new Http.Answer(200, JSON, content));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"disable_until_ts\":\"1\",\"note\":\"kept\"}"))
                .isEqualTo(new Http.Answer(200, JSON, content));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"disable_until_ts\":1.9}"))
                .as("Python's int() truncates a float")
                .isEqualTo(new Http.Answer(200, JSON, content));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"disable_until_ts\":\"soon\"}"))
                .isEqualTo(error(400, "Invalid int: 'soon'"));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"disable_until_ts\":-1}"))
                .isEqualTo(error(400, "disable_until_ts must be a non-negative integer"));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"disable_until_ts\":99999999999}"))
                .isEqualTo(error(400, "disable_until_ts must be less than 5 years in the future"));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"disable_until_ts\":0}"))
                .isEqualTo(error(
                        400,
                        "hashmatch does not disable a single content (disable_until_ts can only be 1, enabled):"
                                + " DELETE /c/bank/UPDATED/content/0 removes it"));
        assertThat(put("/c/bank/UPDATED/content/0", "{\"note\":\"changed\"}"))
                .isEqualTo(error(400, "hashmatch does not change the note of a banked content"));
        assertThat(put("/c/bank/UPDATED/content/7", "{}")).isEqualTo(error(404, "content '7' not found"));
        assertThat(put("/c/bank/NO_SUCH/content/0", "{}")).isEqualTo(error(404, "bank 'NO_SUCH' not found"));
        assertThat(http.put("/c/bank/UPDATED/content/0", "text/plain", "{}".getBytes(StandardCharsets.UTF_8))
                        .status())
                .as("Flask's get_json() refuses another content type")
                .isEqualTo(415);
    }

    private Http.Answer put(String path, String json) {
        return http.put(path, JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Http.Answer error(int status, String message) {
        return new Http.Answer(status, JSON, "{\"message\":\"" + message + "\"}\n");
    }

    /** A multipart body with one file under {@code field} and the form fields {@code fields}. */
    private Http.Answer upload(String path, String field, byte[] file, Map<String, String> fields) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        fields.forEach((name, value) -> b.writeBytes(("--" + Http.BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        b.writeBytes(("--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + field
                        + "\"; filename=\"upload.png\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        b.writeBytes(file);
        b.writeBytes(("\r\n--" + Http.BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.post(path, "multipart/form-data; boundary=" + Http.BOUNDARY, b.toByteArray());
    }
}
