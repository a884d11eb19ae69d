package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hashmatch.hash.PdqHash;
import io.hashmatch.match.Query;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the JSON request bodies of the HTTP API without starting a server: the bytes go through the same
 * {@link JsonMapper} (Micronaut Serde) and the same request code as in the service.
 *
 * <p>Input: byte 0 even: the body of {@code POST /v1/match/hashes} ({@link MatchHashesRequest}), bound as Micronaut
 * reads it ({@link MatchHashesRequest#parse}), then every hash parsed as {@link MatchController} parses it
 * ({@link Query#parse}); odd: the body of HMA's {@code POST /m/compare}, handled by
 * {@link HmaController#compare}. Contract: a bad body is an {@link ApiException} with status 400, an
 * {@link IllegalArgumentException} from {@code Query.parse} (reported as 422), an {@link ApiException} or an
 * {@link HmaException} with a 4xx status, never another exception (a 500); a compare answer is a JSON object whose
 * distance is that of the two hashes.
 *
 * <p>Seeds and reproducers: {@code src/test/resources/io/hashmatch/service/http/RequestBodyFuzzTestInputs/parseBodies/}.
 */
class RequestBodyFuzzTest {
    private static final JsonMapper JSON = JsonMapper.createDefault();
    // compare() needs only the JSON mapper; the registry, matching and media are never touched by it.
    private static final HmaController HMA = new HmaController(null, null, JSON, null, null);

    @FuzzTest(maxDuration = "10m")
    void parseBodies(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) == 0) {
            matchHashes(body);
        } else {
            compare(body);
        }
    }

    private static void matchHashes(byte[] body) {
        MatchHashesRequest request;
        try {
            request = MatchHashesRequest.parse(new String(body, StandardCharsets.UTF_8));
        } catch (ApiException refused) {
            assertThat(refused.status().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
            return;
        }
        List<String> hashes = request.hashes();
        if (hashes != null) {
            for (String text : hashes) {
                if (text == null) {
                    continue;
                }
                try {
                    Query q = Query.parse(text);
                    assertThat(q).isNotNull();
                } catch (IllegalArgumentException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
        }
    }

    private static void compare(byte[] body) throws IOException {
        HttpResponse<String> response;
        try {
            response = HMA.compare(new String(body, StandardCharsets.UTF_8));
        } catch (HmaException e) {
            assertThat(e.status().getCode()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
            return;
        }
        String answer = response.body();
        assertThat(answer).isNotNull();
        Object parsed = JSON.readValue(answer, Object.class);
        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> request = JSON.readValue(body, Map.class);
        Object pair = request.get(HmaController.PDQ);
        if (pair instanceof List<?> hexes && hexes.size() == 2) {
            int distance = PdqHash.fromHex((String) hexes.get(0)).distance(PdqHash.fromHex((String) hexes.get(1)));
            assertThat(answer).contains("{\"distance\":" + distance + "}");
        }
    }
}
