package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * HMA's curation routes on exchange APIs and on creating exchanges, and its index status per signal type: the exact
 * bytes of HMA's {@code blueprints/curation.py} ({@code exchange_api_list}, {@code exchange_api_config_get_or_update},
 * {@code exchange_create}, {@code signal_type_index_status}), errors included. Credentials are never taken over HTTP
 * nor answered.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
class ExchangeApiRoutesTest extends ServedRoutesFixture {
    private static final String JSON = "application/json";
    private static final String PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

    private static Http.Answer error(int status, String message) {
        return new Http.Answer(status, JSON, "{\"message\":\"" + message + "\"}\n");
    }

    /** Whether python-threatexchange would find credentials for {@code variable}/{@code file} on this machine. */
    private static boolean credentialsSet(String variable, String file) {
        String v = System.getenv(variable);
        return (v != null && !v.isBlank())
                || Files.isRegularFile(
                        Path.of(System.getProperty("user.home", ".")).resolve(file));
    }

    @Test
    void theApisAreHmasNamesAndTellOnlyWhetherCredentialsAreSet() {
        assertThat(http.get("/c/exchanges/apis"))
                .isEqualTo(new Http.Answer(200, JSON, "[\"fb_threatexchange\",\"ncmec\",\"stop_ncii\",\"tat\"]\n"));
        boolean ncmec = credentialsSet("TX_NCMEC_CREDENTIALS", ".tx_ncmec_credentials");
        String status = "{\"has_set_authentification\":" + ncmec + ",\"supports_authentification\":true}\n";
        assertThat(http.get("/c/exchanges/api/ncmec")).isEqualTo(new Http.Answer(200, JSON, status));
        assertThat(http.get("/c/exchanges/api/url")).isEqualTo(error(400, "no such Exchange API 'url'"));
        assertThat(http.postJson("/c/exchanges/api/ncmec", "{}")).isEqualTo(new Http.Answer(200, JSON, status));
        assertThat(http.postJson("/c/exchanges/api/ncmec", "[1]"))
                .isEqualTo(error(400, "this endpoint expects a json object payload"));
        assertThat(http.postJson("/c/exchanges/api/nope", "{}")).isEqualTo(error(400, "no such Exchange API 'nope'"));
        Http.Answer refused =
                http.postJson("/c/exchanges/api/ncmec", "{\"credential_json\":{\"user\":\"u\",\"password\":\"p\"}}");
        assertThat(refused)
                .isEqualTo(error(
                        403,
                        "hashmatch does not take credentials over HTTP: set $TX_NCMEC_CREDENTIALS or write them to"
                                + " ~/.tx_ncmec_credentials (or hashmatch.exchanges.<name>.credentials-env /"
                                + " credentials-file)"));
        assertThat(new Http(server.getURL(), TestKeys.CURATE)
                        .postJson("/c/exchanges/api/ncmec", "{}")
                        .status())
                .as("credentials are the administration's")
                .isEqualTo(403);
    }

    /**
     * HMA's {@code exchange_api_schema} of python-threatexchange's dataclasses, as Flask's {@code jsonify} writes it
     * (keys sorted, compact, a line end).
     */
    @Test
    void theSchemaOfAnApiIsItsConfigAndCredentialFields() {
        assertThat(http.get("/c/exchanges/api/ncmec/schema")).isEqualTo(new Http.Answer(200, JSON, """
                {"config_schema":{"fields":[\
                {"choices":["https://report.cybertip.org/hashsharing",\
                "https://report.cybertip.org/exploitative-hashsharing","https://lesp.ncmec.org/csam-hashsharing",\
                "https://hashsharing.ncmec.org/npo","https://hashsharing.ncmec.org/exploitative"],\
                "default":null,"help":"which database to connect to","name":"environment","required":true,\
                "type":"enum"},\
                {"choices":null,"default":[],\
                "help":"Only take entries from these eletronic service provider (ESP) ids","name":"only_esp_ids",\
                "required":false,"type":"set_of_number"}]},\
                "credentials_schema":{"fields":[\
                {"choices":null,"default":null,"help":"NCMEC hash sharing API username.","name":"user",\
                "required":true,"type":"string"},\
                {"choices":null,"default":null,"help":"NCMEC hash sharing API password.","name":"password",\
                "required":true,"type":"string"}]}}
                """));
        assertThat(http.get("/c/exchanges/api/fb_threatexchange/schema")).isEqualTo(new Http.Answer(200, JSON, """
                {"config_schema":{"fields":[\
                {"choices":null,"default":null,"help":"ThreatPrivacyGroup ID for this collaboration",\
                "name":"privacy_group","required":true,"type":"number"}]},\
                "credentials_schema":{"fields":[\
                {"choices":null,"default":null,"help":"Meta app access token. Create one at\
                 https://developers.facebook.com/tools/accesstoken/ for your ThreatExchange app.",\
                "name":"api_token","required":true,"type":"string"}]}}
                """));
        assertThat(http.get("/c/exchanges/api/stop_ncii/schema")).isEqualTo(new Http.Answer(200, JSON, """
                {"config_schema":{"fields":[]},\
                "credentials_schema":{"fields":[\
                {"choices":null,"default":null,"help":"API key for the Fetch Hashes endpoint. Used when downloading\
                 hashes from StopNCII.","name":"fetch_function_key","required":true,"type":"string"},\
                {"choices":null,"default":null,"help":"Azure API Management subscription key. Sent as\
                 Ocp-Apim-Subscription-Key on all requests.","name":"subscription_key","required":true,\
                "type":"string"},\
                {"choices":null,"default":null,"help":"Optional. Override the API base URL (e.g. for testing).\
                 Leave blank to use https://api.stopncii.org/v1","name":"base_url_override","required":false,\
                "type":"string"}]}}
                """));
        assertThat(http.get("/c/exchanges/api/tat/schema")).isEqualTo(new Http.Answer(200, JSON, """
                {"config_schema":{"fields":[]},\
                "credentials_schema":{"fields":[\
                {"choices":null,"default":null,"help":"Tech Against Terrorism hash list API username.",\
                "name":"username","required":true,"type":"string"},\
                {"choices":null,"default":null,"help":"Tech Against Terrorism hash list API password.",\
                "name":"password","required":true,"type":"string"}]}}
                """));
        assertThat(http.get("/c/exchanges/api/url/schema")).isEqualTo(error(404, "Exchange API 'url' not found"));
        assertThat(http.get("/c/exchanges/api/nope/schema")).isEqualTo(error(404, "Exchange API 'nope' not found"));
    }

    @Test
    void anExchangeIsCreatedAsHmaCreatesItWithItsBank() {
        assertThat(http.postJson(
                        "/c/exchanges",
                        "{\"bank\":\"NCMEC_NGO\",\"api\":\"ncmec\",\"api_json\":{\"environment\":"
                                + "\"https://hashsharing.ncmec.org/npo\",\"only_esp_ids\":[7,3,7],\"extra\":1}}"))
                .isEqualTo(new Http.Answer(201, JSON, "{\"message\":\"Created successfully\"}\n"));
        assertThat(http.get("/c/exchange/NCMEC_NGO")).isEqualTo(new Http.Answer(200, JSON, """
                        {
                          "environment": "https://hashsharing.ncmec.org/npo",
                          "name": "NCMEC_NGO",
                          "api": "ncmec",
                          "enabled": true,
                          "only_esp_ids": [
                            3,
                            7
                          ]
                        }"""));
        assertThat(http.get("/c/bank/NCMEC_NGO"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"matching_enabled_ratio\":1.0,\"name\":\"NCMEC_NGO\"}\n"));
        assertThat(http.postJson(
                        "/c/exchanges",
                        "{\"bank\":\"TX_GROUP\",\"api\":\"fb_threatexchange\",\"api_json\":{\"privacy_group\":77,"
                                + "\"enabled\":false}}"))
                .isEqualTo(new Http.Answer(201, JSON, "{\"message\":\"Created successfully\"}\n"));
        assertThat(http.get("/c/exchange/TX_GROUP").body()).isEqualTo("""
                        {
                          "privacy_group": 77,
                          "name": "TX_GROUP",
                          "api": "fb_threatexchange",
                          "enabled": false
                        }""");
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"STOP\",\"api\":\"stop_ncii\"}")
                        .status())
                .isEqualTo(201);
        assertThat(http.get("/c/exchanges").body()).contains("\"NCMEC_NGO\"", "\"STOP\"", "\"TX_GROUP\"");
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"STOP\",\"api\":\"stop_ncii\"}"))
                .isEqualTo(error(403, "Exchange or bank 'STOP' already exists"));
    }

    @Test
    void creationErrorsAreHmas() {
        assertThat(http.postJson("/c/exchanges", "{\"api\":\"ncmec\"}")).isEqualTo(error(400, "bank is required"));
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"lower\",\"api\":\"ncmec\"}"))
                .isEqualTo(error(400, "Field `bank` must match /^[A-Z0-9_]+$/"));
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"B1\",\"api\":\"ncmec\",\"api_json\":[]}"))
                .isEqualTo(error(400, "Field `api_json` must be object"));
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"B1\"}"))
                .isEqualTo(error(400, "Field `api_type` is required"));
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"B1\",\"api\":\"url\"}"))
                .isEqualTo(error(400, "No such exchange type 'url'"));
        assertThat(http.postJson("/c/exchanges", "{\"bank\":\"B1\",\"api\":\"ncmec\"}"))
                .isEqualTo(error(400, "Failed to parse `api_json` - missing value for field \\\"environment\\\""));
        assertThat(http.postJson(
                        "/c/exchanges",
                        "{\"bank\":\"B1\",\"api\":\"ncmec\",\"api_json\":{\"environment\":\"http://10.0.0.1/\"}}"))
                .as("no request makes the service fetch from a host of its choosing")
                .isEqualTo(
                        error(400, "Failed to parse `api_json` - 'http://10.0.0.1/' is not a valid NCMECEnvironment"));
        assertThat(http.postJson(
                        "/c/exchanges",
                        "{\"bank\":\"B1\",\"api\":\"fb_threatexchange\",\"api_json\":{\"privacy_group\":\"x\"}}"))
                .isEqualTo(error(
                        400,
                        "Failed to parse `api_json` - wrong value type for field \\\"privacy_group\\\" - should be"
                                + " \\\"int\\\" instead of value \\\"x\\\" of type \\\"str\\\""));
        assertThat(http.get("/c/exchange/B1").status())
                .as("nothing was created")
                .isEqualTo(404);
    }

    @Test
    void theIndexStatusCountsWhatLookupsSearch() {
        assertThat(http.postJson("/c/banks", "{\"name\":\"INDEXED\"}").status()).isEqualTo(201);
        assertThat(http.postJson("/c/bank/INDEXED/signal", "{\"pdq\":\"" + PDQ + "\"}")
                        .status())
                .isEqualTo(200);
        Http.Answer all = http.get("/c/signal_type/index");
        assertThat(all.status()).isEqualTo(200);
        long size = served().stream().mapToLong(l -> l.pdqHashes()).sum();
        long builtTo = served().stream()
                .mapToLong(l -> java.time.Instant.parse(l.loadedSince()).getEpochSecond())
                .max()
                .orElse(-1);
        String pdq = "{\"db_size\":" + size + ",\"index_built_to\":" + builtTo + ",\"index_out_of_date\":false,"
                + "\"index_size\":" + size + ",\"newest_db_item\":" + builtTo + "}";
        String md5 = "{\"db_size\":0,\"index_built_to\":-1,\"index_out_of_date\":false,\"index_size\":0,"
                + "\"newest_db_item\":-1}";
        assertThat(all.body()).isEqualTo("{\"pdq\":" + pdq + ",\"video_md5\":" + md5 + "}\n");
        assertThat(http.get("/c/signal_type/index?signal_type=video_md5"))
                .isEqualTo(new Http.Answer(200, JSON, "{\"video_md5\":" + md5 + "}\n"));
        assertThat(http.get("/c/signal_type/index?signal_type=tmk")).isEqualTo(error(400, "No such signal type 'tmk'"));
    }

    private java.util.List<io.hashmatch.service.lists.ListInfo> served() {
        try (io.hashmatch.service.lists.ListLease lease = registry.acquire()) {
            return lease.lists();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
