package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.service.exchange.ExchangeType;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What HMA's {@code GET /c/exchanges/api/<api_name>/schema} answers for each exchange API hashmatch implements: the
 * fields of the API's collaboration config (less {@code name}, {@code api} and {@code enabled}, which HMA's UI sets
 * itself) and of its credentials, as HMA's {@code utils/exchange_schema.py} ({@code exchange_api_schema},
 * {@code dataclass_field_descriptors}) derives them from python-threatexchange's dataclasses
 * ({@code exchanges/impl/ncmec_api.py}, {@code fb_threatexchange_api.py}, {@code stop_ncii_api.py},
 * {@code techagainstterrorism_api.py}; NCMEC's environments from {@code clients/ncmec/hash_api.py}): fields in
 * dataclass order, each {@code {"choices","default","help","name","required","type"}} (Flask sorts the keys), help
 * texts verbatim.
 *
 * <p>hashmatch never takes credentials over HTTP; the credential fields say what its configuration's credentials
 * file or variable holds for the API. Immutable; thread-safe.
 */
final class ExchangeApiSchema {
    /** One of {@code dataclass_field_descriptors}'s descriptors. */
    private record Field(
            String name,
            String type,
            boolean required,
            @Nullable List<String> defaultValue,
            String help,
            @Nullable List<String> choices) {}

    private static Field required(String name, String type, String help) {
        return new Field(name, type, true, null, help, null);
    }

    /** The schema of {@code type}'s API: HMA's {@code config_schema} and {@code credentials_schema}. */
    static void write(JsonGenerator g, ExchangeType type) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("config_schema");
        writeFields(g, config(type));
        g.writeEndObject();
        g.writeObjectFieldStart("credentials_schema"); // every API hashmatch implements takes credentials
        writeFields(g, credentials(type));
        g.writeEndObject();
        g.writeEndObject();
    }

    private static List<Field> config(ExchangeType type) {
        return switch (type) {
            case NCMEC ->
                List.of(
                        new Field(
                                "environment",
                                "enum",
                                true,
                                null,
                                "which database to connect to",
                                List.of(
                                        "https://report.cybertip.org/hashsharing",
                                        "https://report.cybertip.org/exploitative-hashsharing",
                                        "https://lesp.ncmec.org/csam-hashsharing",
                                        "https://hashsharing.ncmec.org/npo",
                                        "https://hashsharing.ncmec.org/exploitative")),
                        // "eletronic": python-threatexchange's spelling
                        new Field(
                                "only_esp_ids",
                                "set_of_number",
                                false,
                                List.of(),
                                "Only take entries from these eletronic service provider (ESP) ids",
                                null));
            case THREATEXCHANGE ->
                List.of(required("privacy_group", "number", "ThreatPrivacyGroup ID for this collaboration"));
            case STOPNCII, TAT, URL -> List.of(); // CollaborationConfigBase / ...WithDefaults: nothing of their own
        };
    }

    private static List<Field> credentials(ExchangeType type) {
        return switch (type) {
            case NCMEC ->
                List.of(
                        required("user", "string", "NCMEC hash sharing API username."),
                        required("password", "string", "NCMEC hash sharing API password."));
            case THREATEXCHANGE ->
                List.of(required(
                        "api_token",
                        "string",
                        "Meta app access token. Create one at https://developers.facebook.com/tools/accesstoken/"
                                + " for your ThreatExchange app."));
            case STOPNCII ->
                List.of(
                        required(
                                "fetch_function_key",
                                "string",
                                "API key for the Fetch Hashes endpoint. Used when downloading hashes from StopNCII."),
                        required(
                                "subscription_key",
                                "string",
                                "Azure API Management subscription key. Sent as Ocp-Apim-Subscription-Key on all"
                                        + " requests."),
                        new Field(
                                "base_url_override",
                                "string",
                                false,
                                null,
                                "Optional. Override the API base URL (e.g. for testing). Leave blank to use"
                                        + " https://api.stopncii.org/v1",
                                null));
            case TAT ->
                List.of(
                        required("username", "string", "Tech Against Terrorism hash list API username."),
                        required("password", "string", "Tech Against Terrorism hash list API password."));
            case URL -> List.of();
        };
    }

    private static void writeFields(JsonGenerator g, List<Field> fields) throws IOException {
        g.writeArrayFieldStart("fields");
        for (Field f : fields) {
            g.writeStartObject();
            if (f.choices() == null) {
                g.writeNullField("choices");
            } else {
                g.writeArrayFieldStart("choices");
                for (String c : f.choices()) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            if (f.defaultValue() == null) {
                g.writeNullField("default");
            } else {
                g.writeArrayFieldStart("default"); // a set's default, as a list
                for (String d : f.defaultValue()) {
                    g.writeString(d);
                }
                g.writeEndArray();
            }
            g.writeStringField("help", f.help());
            g.writeStringField("name", f.name());
            g.writeBooleanField("required", f.required());
            g.writeStringField("type", f.type());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private ExchangeApiSchema() {}
}
