package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.hashmatch.service.exchange.ExchangeConfiguration;
import io.hashmatch.service.exchange.ExchangeException;
import io.hashmatch.service.exchange.ExchangeType;
import io.hashmatch.service.exchange.Exchanges;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.security.RequiredRole;
import io.hashmatch.service.security.Role;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.Router;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * HMA's curation routes on exchanges and on the service's configuration, and its site map, on hashmatch's exchange
 * sources ({@code hashmatch.exchanges.*}, {@link Exchanges}). Shapes, status codes and messages follow HMA's
 * {@code hasher-matcher-actioner/src/OpenMediaMatch/blueprints/curation.py}, {@code schemas/curation.py},
 * python-threatexchange's {@code storage/interfaces.py} ({@code FetchStatus}), {@code exchanges/collab_config.py}
 * and the collaboration configs of {@code exchanges/impl/*.py}, and {@code app.py} ({@code /site-map})
 * (facebook/ThreatExchange):
 *
 * <ul>
 *   <li>{@code GET /c/exchanges} → {@code ["NAME",...]} (usable exchanges, by name);</li>
 *   <li>{@code GET /c/exchange/{name}} → the collaboration config as python-threatexchange's
 *       {@code dataclass_dumps} writes it (indented by 2, fields in dataclass order, no line end):
 *       {@code name}, {@code api} (HMA's API name), {@code enabled}, and the type's own fields (NCMEC
 *       {@code environment} first and {@code only_esp_ids} last, ThreatExchange {@code privacy_group} first).
 *       Never a credential: HMA keeps those apart too. 404 {@code Exchange '<name>' not found};</li>
 *   <li>{@code PUT /c/exchange/{name} {"enabled":bool}} → the config after the change: turns the exchange's scheduled
 *       syncs on or off, the one thing HMA's API may change ({@code ExchangeUpdateRequest});</li>
 *   <li>{@code DELETE /c/exchange/{name}} → {@code {"message":"Exchange deleted"}} for a name that is not configured
 *       (HMA answers so whether or not it existed); 403 for a configured one: it is removed from the configuration,
 *       not through the API;</li>
 *   <li>{@code GET /c/exchange/{name}/status} → {@code {"checkpoint_ts":..,"fetched_items":..,
 *       "last_fetch_complete_ts":..,"last_fetch_succeeded":..,"running_fetch_start_ts":..,"up_to_date":..}};</li>
 *   <li>{@code GET /c/signal_type} → {@code [{"enabled_ratio":1.0,"name":"pdq"},{"enabled_ratio":0.0,
 *       "name":"video_md5"}]} (video MD5s are held in lists but not looked up through HMA's routes);</li>
 *   <li>{@code GET /c/content_type} → {@code [{"enabled":true,"name":"photo"},{"enabled":false,"name":"video"}]};</li>
 *   <li>{@code GET /site-map} → every route's path, sorted, Flask-style ({@code <name>} for a path variable).</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
final class CurationSettingsController {
    /** HMA's rule for an exchange's name ({@code exchange_create}). */
    private static final java.util.regex.Pattern EXCHANGE_NAME = java.util.regex.Pattern.compile("[A-Z0-9_]+");

    /**
     * The exchange APIs hashmatch implements, by HMA's names, in the order of HMA's reference configuration
     * ({@code reference_omm_configs/development_omm_config.py}); a plain URL list is hashmatch's own and only
     * configured, never created through the API (its endpoint is any URL).
     */
    private static final List<ExchangeType> APIS =
            List.of(ExchangeType.THREATEXCHANGE, ExchangeType.NCMEC, ExchangeType.STOPNCII, ExchangeType.TAT);

    /** python-threatexchange's {@code NCMECEnvironment}: the only endpoints an NCMEC exchange may be created with. */
    private static final List<String> NCMEC_ENVIRONMENTS = List.of(
            "https://report.cybertip.org/hashsharing",
            "https://report.cybertip.org/exploitative-hashsharing",
            "https://lesp.ncmec.org/csam-hashsharing",
            "https://hashsharing.ncmec.org/npo",
            "https://hashsharing.ncmec.org/exploitative");

    private final Exchanges exchanges;
    private final JsonMapper jsonMapper;
    private final Router router;
    private final ListRegistry registry;

    CurationSettingsController(Exchanges exchanges, JsonMapper jsonMapper, Router router, ListRegistry registry) {
        this.exchanges = exchanges;
        this.jsonMapper = jsonMapper;
        this.router = router;
        this.registry = registry;
    }

    @Get(uri = "/c/exchanges/apis", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> exchangeApis() {
        return json(HttpStatus.OK, g -> {
            g.writeStartArray();
            for (ExchangeType t : APIS) {
                g.writeString(hmaApiName(t));
            }
            g.writeEndArray();
        });
    }

    /**
     * HMA's {@code exchange_api_config_get_or_update} (GET): whether the API takes credentials (all four do) and
     * whether they are set — here, whether they are where python-threatexchange looks by default, which is where an
     * exchange created through the API finds them. The credentials themselves are never in an answer.
     */
    @Get(uri = "/c/exchanges/api/{name}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> exchangeApi(@PathVariable String name) {
        return apiStatus(api(name));
    }

    /**
     * HMA's {@code exchange_api_config_get_or_update} (POST {@code {"credential_json":{..}}}): hashmatch reads
     * credentials from its configuration and never takes them over HTTP, so a body with credentials is refused (403)
     * and one without answers as GET. Admin only: credentials are the service's administration.
     */
    @Post(uri = "/c/exchanges/api/{name}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.ADMIN)
    HttpResponse<String> setExchangeApiCredentials(@PathVariable String name, @Body @Nullable String body) {
        ExchangeType type = api(name);
        Object input;
        try {
            input = body == null || body.isBlank() ? null : jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            input = null;
        }
        if (!(input instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "this endpoint expects a json object payload");
        }
        if (map.get("credential_json") != null) {
            throw new HmaException(
                    HttpStatus.FORBIDDEN,
                    "hashmatch does not take credentials over HTTP: set $" + type.defaultEnv()
                            + " or write them to ~/" + type.defaultFile()
                            + " (or hashmatch.exchanges.<name>.credentials-env / credentials-file)");
        }
        return apiStatus(type);
    }

    /**
     * HMA's {@code exchange_api_schema_get}: the fields of the API's collaboration config and credentials
     * ({@link ExchangeApiSchema}), for a UI to build its forms; 404 {@code Exchange API '<name>' not found} (where the
     * config route answers 400).
     */
    @Get(uri = "/c/exchanges/api/{name}/schema", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> exchangeApiSchema(@PathVariable String name) {
        ExchangeType type = APIS.stream()
                .filter(t -> hmaApiName(t).equals(name))
                .findFirst()
                .orElseThrow(() -> new HmaException(HttpStatus.NOT_FOUND, "Exchange API '" + name + "' not found"));
        return json(HttpStatus.OK, g -> ExchangeApiSchema.write(g, type));
    }

    private ExchangeType api(String name) {
        for (ExchangeType t : APIS) {
            if (hmaApiName(t).equals(name)) {
                return t;
            }
        }
        throw new HmaException(HttpStatus.BAD_REQUEST, "no such Exchange API '" + name + "'");
    }

    private HttpResponse<String> apiStatus(ExchangeType type) {
        boolean set = exchanges.hasDefaultCredentials(type);
        return json(HttpStatus.OK, g -> {
            g.writeStartObject();
            g.writeBooleanField("has_set_authentification", set);
            g.writeBooleanField("supports_authentification", true);
            g.writeEndObject();
        });
    }

    /**
     * HMA's {@code exchange_create}: {@code {"bank":"NAME","api":"ncmec","api_json":{..}}} → 201
     * {@code {"message":"Created successfully"}}, with HMA's 400s; the config parsed as python-threatexchange's
     * {@code dataclass_load_dict} (dacite, unknown fields ignored) parses the API's collaboration config. The exchange
     * syncs on demand into a new list of its name (HMA's import bank), with its type's default credentials; an NCMEC
     * exchange's {@code environment} must be one of NCMEC's, so no request makes the service fetch from another host.
     * A name that is an exchange or a bank already → 403 (HMA fails with 500 there).
     */
    @Post(uri = "/c/exchanges", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> createExchange(@Body @Nullable String body) throws IOException {
        Object input;
        try {
            input = body == null || body.isBlank() ? null : jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            input = null;
        }
        if (!(input instanceof Map<?, ?> data)) {
            throw new HmaException(
                    HttpStatus.BAD_REQUEST,
                    "The browser (or proxy) sent a request that this server could not understand.");
        }
        if (data.get("bank") == null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "bank is required");
        }
        if (!(data.get("bank") instanceof String bank)
                || !EXCHANGE_NAME.matcher(bank).matches()) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Field `bank` must match /^[A-Z0-9_]+$/");
        }
        Object apiJson = data.containsKey("api_json") ? data.get("api_json") : Map.of();
        if (!(apiJson instanceof Map<?, ?> config)) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Field `api_json` must be object");
        }
        Object apiName = data.get("api");
        if (apiName == null) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "Field `api_type` is required");
        }
        ExchangeType type = APIS.stream()
                .filter(t -> hmaApiName(t).equals(apiName))
                .findFirst()
                .orElseThrow(() -> new HmaException(HttpStatus.BAD_REQUEST, "No such exchange type '" + apiName + "'"));
        boolean enabled = true;
        if (config.containsKey("enabled")) {
            if (!(config.get("enabled") instanceof Boolean b)) {
                throw unparsable(wrongType("enabled", "bool", config.get("enabled")));
            }
            enabled = b;
        }
        String endpoint = null;
        List<Integer> onlyEspIds = null;
        Long privacyGroup = null;
        switch (type) {
            case NCMEC -> {
                Object environment = config.get("environment");
                if (environment == null) {
                    throw unparsable("missing value for field \"environment\"");
                }
                if (!(environment instanceof String url) || !NCMEC_ENVIRONMENTS.contains(url)) {
                    throw unparsable(pythonRepr(environment) + " is not a valid NCMECEnvironment");
                }
                endpoint = url;
                Object ids = config.get("only_esp_ids");
                if (ids != null) {
                    if (!(ids instanceof List<?> list) || !list.stream().allMatch(i -> i instanceof Integer)) {
                        throw unparsable(wrongType("only_esp_ids", "typing.Set[int]", ids));
                    }
                    onlyEspIds = list.stream().map(i -> (Integer) i).distinct().toList();
                }
            }
            case THREATEXCHANGE -> {
                Object group = config.get("privacy_group");
                if (group == null) {
                    throw unparsable("missing value for field \"privacy_group\"");
                }
                if (!(group instanceof Integer || group instanceof Long)) {
                    throw unparsable(wrongType("privacy_group", "int", group));
                }
                privacyGroup = ((Number) group).longValue();
            }
            default -> {} // StopNCII and TAT: a name and nothing else
        }
        if (registry.names().contains(bank) || !exchanges.create(bank, type, endpoint, onlyEspIds, privacyGroup)) {
            throw new HmaException(HttpStatus.FORBIDDEN, "Exchange or bank '" + bank + "' already exists");
        }
        registry.create(bank);
        if (!enabled) {
            try {
                exchanges.setEnabled(bank, false);
            } catch (ExchangeException e) {
                throw notFound(bank);
            }
        }
        return json(HttpStatus.CREATED, g -> {
            g.writeStartObject();
            g.writeStringField("message", "Created successfully");
            g.writeEndObject();
        });
    }

    private static HmaException unparsable(String why) {
        return new HmaException(HttpStatus.BAD_REQUEST, "Failed to parse `api_json` - " + why);
    }

    /** dacite's {@code WrongTypeError} message. */
    private static String wrongType(String field, String type, @Nullable Object value) {
        return "wrong value type for field \"" + field + "\" - should be \"" + type + "\" instead of value \""
                + (value instanceof String text ? text : pythonRepr(value)) + "\" of type \"" + pythonType(value)
                + "\"";
    }

    private static String pythonRepr(@Nullable Object v) {
        return switch (v) {
            case null -> "None";
            case String s -> "'" + s + "'";
            case Boolean b -> b ? "True" : "False";
            default -> String.valueOf(v);
        };
    }

    private static String pythonType(@Nullable Object v) {
        return switch (v) {
            case null -> "NoneType";
            case String _ -> "str";
            case Boolean _ -> "bool";
            case Integer _, Long _ -> "int";
            case Number _ -> "float";
            case List<?> _ -> "list";
            case Map<?, ?> _ -> "dict";
            default -> v.getClass().getSimpleName();
        };
    }

    /**
     * HMA's {@code signal_type_index_status}: per signal type, the size of what lookups search and of what is stored,
     * and the time each was built to. hashmatch searches what it stores (a change is searchable once answered), so
     * the index is never out of date: {@code index_size == db_size}, {@code index_built_to == newest_db_item}, the
     * latest time a served list was loaded ({@code -1} with nothing loaded, HMA's empty checkpoint). PDQ counts every
     * served PDQ hash; video MD5s are not looked up through HMA's routes (an empty index, as HMA's {@code get_empty}).
     */
    @Get(uri = "/c/signal_type/index", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> signalTypeIndex(
            @io.micronaut.http.annotation.QueryValue("signal_type") @Nullable String signalType) {
        if (signalType != null && !signalType.equals("pdq") && !signalType.equals("video_md5")) {
            throw new HmaException(HttpStatus.BAD_REQUEST, "No such signal type '" + signalType + "'");
        }
        long size = 0;
        long builtTo = -1;
        if (registry.isReady()) {
            try (ListLease lease = registry.acquire()) {
                for (ListInfo l : lease.lists()) {
                    size += l.pdqHashes();
                    builtTo = Math.max(builtTo, Instant.parse(l.loadedSince()).getEpochSecond());
                }
            }
        }
        long pdqSize = size;
        long pdqBuiltTo = size == 0 ? -1 : builtTo;
        return json(HttpStatus.OK, g -> {
            g.writeStartObject();
            if (signalType == null || signalType.equals("pdq")) {
                writeIndexStatus(g, "pdq", pdqSize, pdqBuiltTo);
            }
            if (signalType == null || signalType.equals("video_md5")) {
                writeIndexStatus(g, "video_md5", 0, -1);
            }
            g.writeEndObject();
        });
    }

    private static void writeIndexStatus(JsonGenerator g, String type, long size, long builtTo) throws IOException {
        g.writeObjectFieldStart(type);
        g.writeNumberField("db_size", size);
        g.writeNumberField("index_built_to", builtTo);
        g.writeBooleanField("index_out_of_date", false);
        g.writeNumberField("index_size", size);
        g.writeNumberField("newest_db_item", builtTo);
        g.writeEndObject();
    }

    @Get(uri = "/c/exchanges", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> exchanges() {
        List<String> names = exchanges.names().stream()
                .filter(n -> exchanges.configuration(n) != null)
                .toList();
        return json(HttpStatus.OK, g -> {
            g.writeStartArray();
            for (String n : names) {
                g.writeString(n);
            }
            g.writeEndArray();
        });
    }

    @Get(uri = "/c/exchange/{name}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> exchange(@PathVariable String name) {
        return collabConfig(name, configuration(name));
    }

    @Put(uri = "/c/exchange/{name}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> updateExchange(@PathVariable String name, @Body String body) throws IOException {
        // flask-openapi3 checks the body against ExchangeUpdateRequest before the handler looks the exchange up
        Boolean enabled = enabledField(body);
        ExchangeConfiguration c = configuration(name);
        if (enabled != null) {
            try {
                exchanges.setEnabled(name, enabled);
            } catch (ExchangeException e) {
                throw notFound(name);
            }
        }
        return collabConfig(name, c);
    }

    @Delete(uri = "/c/exchange/{name}", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> deleteExchange(@PathVariable String name) {
        if (exchanges.names().contains(name)) {
            throw new HmaException(
                    HttpStatus.FORBIDDEN,
                    "Exchange '" + name + "' is configured (hashmatch.exchanges." + name + "): remove it there;"
                            + " PUT {\"enabled\": false} stops its fetching");
        }
        return json(HttpStatus.OK, g -> {
            g.writeStartObject();
            g.writeStringField("message", "Exchange deleted");
            g.writeEndObject();
        });
    }

    @Get(uri = "/c/exchange/{name}/status", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> exchangeStatus(@PathVariable String name) {
        configuration(name);
        Exchanges.Status s;
        try {
            s = exchanges.status(name);
        } catch (ExchangeException e) {
            throw notFound(name);
        }
        Long checkpoint = Exchanges.progressTimestamp(s.checkpoint());
        Instant end = s.lastEnd() != null ? s.lastEnd() : s.lastSuccess();
        Boolean succeeded = s.lastEnd() != null ? Boolean.valueOf(s.lastError() == null) : end != null ? true : null;
        boolean upToDate = Boolean.TRUE.equals(succeeded); // a sync that ends without error has read to the end
        return json(HttpStatus.OK, g -> {
            g.writeStartObject();
            writeNullableNumber(g, "checkpoint_ts", checkpoint);
            g.writeNumberField("fetched_items", s.entries());
            writeNullableNumber(g, "last_fetch_complete_ts", end == null ? null : end.getEpochSecond());
            if (succeeded == null) {
                g.writeNullField("last_fetch_succeeded");
            } else {
                g.writeBooleanField("last_fetch_succeeded", succeeded);
            }
            Instant start = s.lastStart();
            writeNullableNumber(
                    g, "running_fetch_start_ts", s.running() && start != null ? start.getEpochSecond() : null);
            g.writeBooleanField("up_to_date", upToDate);
            g.writeEndObject();
        });
    }

    @Get(uri = "/c/signal_type", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> signalTypes() {
        return json(HttpStatus.OK, g -> {
            g.writeStartArray();
            for (String[] type : List.of(new String[] {"1.0", "pdq"}, new String[] {"0.0", "video_md5"})) {
                g.writeStartObject();
                g.writeFieldName("enabled_ratio");
                g.writeRawValue(type[0]); // Python's float, as HMA's strict clients expect it
                g.writeStringField("name", type[1]);
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    @Get(uri = "/c/content_type", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.CURATE)
    HttpResponse<String> contentTypes() {
        return json(HttpStatus.OK, g -> {
            g.writeStartArray();
            g.writeStartObject();
            g.writeBooleanField("enabled", true);
            g.writeStringField("name", "photo");
            g.writeEndObject();
            g.writeStartObject();
            g.writeBooleanField("enabled", false);
            g.writeStringField("name", "video");
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    @Get(uri = "/site-map", produces = MediaType.APPLICATION_JSON)
    @RequiredRole(Role.MATCH)
    HttpResponse<String> siteMap() {
        TreeSet<String> paths = new TreeSet<>();
        router.uriRoutes()
                .forEach(r -> paths.add(flaskRule(r.getUriMatchTemplate().toString())));
        return json(HttpStatus.OK, g -> {
            g.writeStartArray();
            for (String p : paths) {
                g.writeString(p);
            }
            g.writeEndArray();
        });
    }

    /** {@code /c/bank/{name}} as Flask writes its rules, {@code /c/bank/<name>}. */
    static String flaskRule(String template) {
        return template.replaceAll("\\{([^}:?]+)[^}]*}", "<$1>");
    }

    /** The configuration of the usable exchange {@code name}; 404 with HMA's message otherwise. */
    private ExchangeConfiguration configuration(String name) {
        ExchangeConfiguration c = exchanges.configuration(name);
        if (c == null) {
            throw notFound(name);
        }
        return c;
    }

    private static HmaException notFound(String name) {
        return new HmaException(HttpStatus.NOT_FOUND, "Exchange '" + name + "' not found");
    }

    /** {@code enabled} of an {@code ExchangeUpdateRequest}: null, a boolean, or pydantic's lax booleans; else 422. */
    private @Nullable Boolean enabledField(String body) {
        Object input;
        try {
            input = body.isBlank() ? null : jsonMapper.readValue(body, Object.class);
        } catch (IOException e) {
            input = null;
        }
        if (!(input instanceof Map<?, ?> map)) {
            throw new HmaException(HttpStatus.UNPROCESSABLE_ENTITY, "Input should be a valid dictionary");
        }
        Object v = map.get("enabled");
        return switch (v) {
            case null -> null;
            case Boolean b -> b;
            case Number n when n.doubleValue() == 0.0 || n.doubleValue() == 1.0 -> n.doubleValue() == 1.0;
            case String s ->
                switch (s.strip().toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes", "on", "t", "y" -> true;
                    case "false", "0", "no", "off", "f", "n" -> false;
                    default -> throw invalidBoolean();
                };
            default -> throw invalidBoolean();
        };
    }

    private static HmaException invalidBoolean() {
        return new HmaException(HttpStatus.UNPROCESSABLE_ENTITY, "enabled: Input should be a valid boolean");
    }

    /** HMA's name of the exchange API ({@code SignalExchangeAPI.get_name()}). */
    static String hmaApiName(ExchangeType type) {
        return switch (type) {
            case NCMEC -> "ncmec";
            case STOPNCII -> "stop_ncii";
            case THREATEXCHANGE -> "fb_threatexchange";
            case TAT -> "tat";
            case URL -> "url";
        };
    }

    /**
     * The collaboration config of {@code name} as {@code dataclass_json.dataclass_dumps} writes it: Python's
     * {@code json.dumps(..., indent=2)} of the dataclass's fields in their order, required fields of a type's own
     * config first (python-threatexchange's {@code _...CollabConfigRequiredFields} pattern).
     */
    private HttpResponse<String> collabConfig(String name, ExchangeConfiguration c) {
        ExchangeType type = exchanges.type(name);
        if (type == null) {
            throw notFound(name);
        }
        boolean enabled;
        try {
            enabled = exchanges.isEnabled(name);
        } catch (ExchangeException e) {
            throw notFound(name);
        }
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JsonOutput.generator(out)) {
            g.setPrettyPrinter(new PythonIndent()); // keeps nesting state: one per document
            g.writeStartObject();
            if (type == ExchangeType.NCMEC) {
                g.writeStringField("environment", c.endpoint() != null ? c.endpoint() : NCMEC_INDUSTRY);
            } else if (type == ExchangeType.THREATEXCHANGE) {
                writeNullableNumber(g, "privacy_group", c.privacyGroup());
            }
            g.writeStringField("name", name);
            g.writeStringField("api", hmaApiName(type));
            g.writeBooleanField("enabled", enabled);
            if (type == ExchangeType.NCMEC) {
                g.writeArrayFieldStart("only_esp_ids");
                // a Python set: written in ascending order here (CPython's order depends on the set's table)
                for (Integer id : c.onlyEspIds() == null ? new TreeSet<Integer>() : new TreeSet<>(c.onlyEspIds())) {
                    g.writeNumber(id);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return HttpResponse.<String>status(HttpStatus.OK)
                .body(out.toString())
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** NCMEC's production environment ({@code NCMECEnvironment.Industry}), the endpoint when none is configured. */
    private static final String NCMEC_INDUSTRY = "https://report.cybertip.org/hashsharing";

    private static void writeNullableNumber(JsonGenerator g, String field, @Nullable Long value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, value);
        }
    }

    /** Python's {@code json.dumps(indent=2)}: one member per line, {@code "key": value}, {@code []} when empty. */
    private static final class PythonIndent extends DefaultPrettyPrinter {
        private static final long serialVersionUID = 1L;

        PythonIndent() {
            super(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""));
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new PythonIndent();
        }
    }

    /** A compact JSON answer with Flask's line end. */
    private static HttpResponse<String> json(HttpStatus status, JsonOutput.Document document) {
        String body = JsonOutput.write(128, g -> {
            document.write(g);
            g.writeRaw('\n');
        });
        return HttpResponse.<String>status(status).body(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
