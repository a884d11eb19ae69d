package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HMA's curation routes on exchanges, signal and content types, and {@code /site-map}: the exact bytes HMA's
 * {@code blueprints/curation.py} and {@code app.py} answer (compact sorted JSON with a line end, except the exchange
 * config, which python-threatexchange's {@code dataclass_dumps} writes indented by 2 in field order), errors
 * included. The exchanges are configured here (Micronaut lower-cases property names, so their names are lower case); one plain-URL exchange is served by a loopback server started by the
 * test, another points at a closed port.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.exchanges.ncmec-industry.type", value = "ncmec")
@Property(name = "hashmatch.exchanges.ncmec-industry.only-esp-ids", value = "42,7")
@Property(name = "hashmatch.exchanges.tx-group.type", value = "fb_threatexchange")
@Property(name = "hashmatch.exchanges.tx-group.privacy-group", value = "1234567890")
@Property(name = "hashmatch.exchanges.tx-group.credentials-env", value = "HASHMATCH_TEST_NO_SUCH_VARIABLE")
@Property(name = "hashmatch.exchanges.stop.type", value = "stopncii")
@Property(name = "hashmatch.exchanges.broken.type", value = "carrier_pigeon")
@Property(name = "hashmatch.exchanges.down.type", value = "url")
@Property(name = "hashmatch.exchanges.down.endpoint", value = "http://127.0.0.1:1/list.txt")
@Property(name = "hashmatch.exchanges.down.retries", value = "0")
@Property(name = "hashmatch.exchanges.public-list.type", value = "url")
@Property(name = "hashmatch.exchanges.public-list.retries", value = "0")
class CurationSettingsRoutesTest extends ServedRoutesFixture implements TestPropertyProvider {
    private static final String JSON = "application/json";
    private static final String MD5 = "0123456789abcdef0123456789abcdef";

    private HttpServer listServer;

    @Override
    public Map<String, String> getProperties() {
        try {
            listServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listServer.createContext("/list.txt", x -> {
            byte[] body = ("MD5\n" + MD5 + "\n").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        listServer.start();
        return Map.of(
                "hashmatch.exchanges.public-list.endpoint",
                "http://127.0.0.1:" + listServer.getAddress().getPort() + "/list.txt");
    }

    @AfterAll
    void stopListServer() {
        listServer.stop(0);
    }

    @Test
    void exchangesAreListedByNameWithoutTheMisconfiguredOne() {
        assertThat(http.get("/c/exchanges"))
                .isEqualTo(new Http.Answer(
                        200, JSON, "[\"down\",\"ncmec-industry\",\"public-list\",\"stop\",\"tx-group\"]\n"));
        assertThat(http.get("/c/exchange/broken"))
                .isEqualTo(new Http.Answer(404, JSON, "{\"message\":\"Exchange 'broken' not found\"}\n"));
        assertThat(http.get("/c/exchange/NO_SUCH/status"))
                .isEqualTo(new Http.Answer(404, JSON, "{\"message\":\"Exchange 'NO_SUCH' not found\"}\n"));
    }

    @Test
    void anExchangeIsItsCollaborationConfigAsPythonThreatexchangeDumpsIt() {
        assertThat(http.get("/c/exchange/ncmec-industry")).isEqualTo(new Http.Answer(200, JSON, """
                        {
                          "environment": "https://report.cybertip.org/hashsharing",
                          "name": "ncmec-industry",
                          "api": "ncmec",
                          "enabled": true,
                          "only_esp_ids": [
                            7,
                            42
                          ]
                        }"""));
        assertThat(http.get("/c/exchange/tx-group")).isEqualTo(new Http.Answer(200, JSON, """
                        {
                          "privacy_group": 1234567890,
                          "name": "tx-group",
                          "api": "fb_threatexchange",
                          "enabled": true
                        }"""));
        assertThat(http.get("/c/exchange/stop").body()).isEqualTo("""
                        {
                          "name": "stop",
                          "api": "stop_ncii",
                          "enabled": true
                        }""");
        assertThat(http.get("/c/exchange/tx-group").body())
                .doesNotContain("HASHMATCH_TEST")
                .doesNotContain("cred");
    }

    @Test
    void putChangesOnlyEnabledAndChecksItsTypeFirst() {
        String disabled = """
                {
                  "name": "stop",
                  "api": "stop_ncii",
                  "enabled": false
                }""";
        assertThat(http.put("/c/exchange/stop", JSON, bytes("{\"enabled\":false}")))
                .isEqualTo(new Http.Answer(200, JSON, disabled));
        assertThat(http.get("/c/exchange/stop").body()).isEqualTo(disabled);
        assertThat(http.put("/c/exchange/stop", JSON, bytes("{}")).body()).isEqualTo(disabled);
        assertThat(http.put("/c/exchange/stop", JSON, bytes("{\"enabled\":\"maybe\"}")))
                .isEqualTo(new Http.Answer(422, JSON, "{\"message\":\"enabled: Input should be a valid boolean\"}\n"));
        assertThat(http.put("/c/exchange/stop", JSON, bytes("{\"enabled\":2}")).status())
                .isEqualTo(422);
        assertThat(http.put("/c/exchange/stop", JSON, bytes("[true]")).status()).isEqualTo(422);
        assertThat(http.put("/c/exchange/NO_SUCH", JSON, bytes("{\"enabled\":\"maybe\"}"))
                        .status())
                .as("the body is checked before the exchange is looked up")
                .isEqualTo(422);
        assertThat(http.put("/c/exchange/NO_SUCH", JSON, bytes("{\"enabled\":true}")))
                .isEqualTo(new Http.Answer(404, JSON, "{\"message\":\"Exchange 'NO_SUCH' not found\"}\n"));
        assertThat(http.put("/c/exchange/stop", JSON, bytes("{\"enabled\":\"yes\"}"))
                        .body())
                .as("pydantic's lax booleans")
                .contains("\"enabled\": true");
        assertThat(http.put("/c/exchange/stop", JSON, bytes("{\"enabled\":1}")).body())
                .contains("\"enabled\": true");
    }

    @Test
    void deleteAnswersAsHmaForAnUnknownNameAndRefusesAConfiguredOne() {
        assertThat(http.delete("/c/exchange/NO_SUCH"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"message\":\"Exchange deleted\"}\n"));
        Http.Answer refused = http.delete("/c/exchange/tx-group");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body())
                .isEqualTo("{\"message\":\"Exchange 'tx-group' is configured (hashmatch.exchanges.tx-group): remove it"
                        + " there; PUT {\\\"enabled\\\": false} stops its fetching\"}\n");
        assertThat(http.get("/c/exchange/tx-group").status()).isEqualTo(200);
    }

    @Test
    void statusIsHmasFetchStatusBeforeAndAfterSyncs() {
        String never = "{\"checkpoint_ts\":null,\"fetched_items\":0,\"last_fetch_complete_ts\":null,"
                + "\"last_fetch_succeeded\":null,\"running_fetch_start_ts\":null,\"up_to_date\":false}\n";
        assertThat(http.get("/c/exchange/ncmec-industry/status")).isEqualTo(new Http.Answer(200, JSON, never));

        long before = System.currentTimeMillis() / 1000;
        assertThat(http.postJson("/v1/exchanges/public-list/sync", "").status()).isEqualTo(200);
        assertThat(http.postJson("/v1/exchanges/down/sync", "").status()).isEqualTo(502);
        long after = System.currentTimeMillis() / 1000;

        Http.Answer ok = http.get("/c/exchange/public-list/status");
        assertThat(ok.status()).isEqualTo(200);
        long okEnd = completeTs(ok.body());
        assertThat(okEnd).isBetween(before, after);
        assertThat(ok.body())
                .isEqualTo("{\"checkpoint_ts\":null,\"fetched_items\":1,\"last_fetch_complete_ts\":" + okEnd
                        + ",\"last_fetch_succeeded\":true,\"running_fetch_start_ts\":null,\"up_to_date\":true}\n");

        Http.Answer failed = http.get("/c/exchange/down/status");
        long failedEnd = completeTs(failed.body());
        assertThat(failedEnd).isBetween(before, after);
        assertThat(failed.body())
                .isEqualTo("{\"checkpoint_ts\":null,\"fetched_items\":0,\"last_fetch_complete_ts\":" + failedEnd
                        + ",\"last_fetch_succeeded\":false,\"running_fetch_start_ts\":null,\"up_to_date\":false}\n");
    }

    @Test
    void signalAndContentTypesAreHmasConfigsWithPythonFloats() {
        assertThat(http.get("/c/signal_type"))
                .isEqualTo(new Http.Answer(
                        200,
                        JSON,
                        "[{\"enabled_ratio\":1.0,\"name\":\"pdq\"},{\"enabled_ratio\":0.0,\"name\":\"video_md5\"}]\n"));
        assertThat(http.get("/c/content_type"))
                .isEqualTo(new Http.Answer(
                        200, JSON, "[{\"enabled\":true,\"name\":\"photo\"},{\"enabled\":false,\"name\":\"video\"}]\n"));
    }

    @Test
    void siteMapListsEveryRouteOnceSortedInFlasksSyntax() {
        Http.Answer map = http.get("/site-map");
        assertThat(map.status()).isEqualTo(200);
        assertThat(map.contentType()).isEqualTo(JSON);
        assertThat(map.body()).startsWith("[\"").endsWith("\"]\n");
        List<String> rules = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"").matcher(map.body());
        while (m.find()) {
            rules.add(m.group(1));
        }
        assertThat(rules).isSorted().doesNotHaveDuplicates();
        assertThat(rules)
                .contains(
                        "/c/bank/<name>",
                        "/c/bank/<name>/content/<id>",
                        "/c/banks",
                        "/c/content_type",
                        "/c/exchange/<name>",
                        "/c/exchange/<name>/status",
                        "/c/exchanges",
                        "/c/signal_type",
                        "/h/hash",
                        "/m/compare",
                        "/m/index/status",
                        "/m/lookup",
                        "/m/raw_lookup",
                        "/site-map",
                        "/status",
                        "/status/live");
        assertThat(rules).noneMatch(r -> r.contains("{"));
    }

    @Test
    void theRoutesNeedTheCurateRole() {
        Http match = new Http(server.getURL(), io.hashmatch.service.security.TestKeys.MATCH);
        assertThat(match.get("/c/exchanges").status()).isEqualTo(403);
        assertThat(match.get("/site-map").status()).isEqualTo(200);
        Http curate = new Http(server.getURL(), io.hashmatch.service.security.TestKeys.CURATE);
        assertThat(curate.get("/c/exchange/stop/status").status()).isEqualTo(200);
        assertThat(curate.postJson("/v1/exchanges/stop/sync", "").status())
                .as("syncing is administration")
                .isEqualTo(403);
    }

    private static long completeTs(String body) {
        Matcher m = Pattern.compile("\"last_fetch_complete_ts\":(\\d+)").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
