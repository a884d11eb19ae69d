package io.hashmatch.service.exchange;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A local ThreatExchange Graph API for one privacy group, as python-threatexchange's client speaks it
 * ({@code fb_threatexchange/api.py}):
 *
 * <ul>
 *   <li>{@code GET /<group>/threat_updates/?access_token&start_time&limit&fields}: the updates with
 *       {@code last_updated >= start_time} in time order, {@code limit} a page, {@code paging.next} a URL with an
 *       {@code after} cursor; a descriptor's {@code id} only when {@code fields} asks for it;</li>
 *   <li>{@code POST /<descriptor id>/?access_token&reactions=<R>} with the form body {@code reactions=<R>}
 *       ({@code react_to_threat_descriptor}; the curl example of {@code api-reference-examples/curl/te-tag-query}
 *       puts it in the query alone): answers {@code {"success":true}} and records {@code "<descriptor id> <R>"} in
 *       {@link #reactions}. Refused with a Graph API error (400, recorded in {@link #refused}): a wrong token, an
 *       unknown descriptor, no {@code reactions}, a reaction outside the reaction types, a query and a body that
 *       disagree, a body that is not a form, any other parameter.</li>
 * </ul>
 */
final class FakeThreatExchange implements AutoCloseable {
    /** The reaction types of the Graph API's reaction-type reference (pytx's {@code Reaction} and HMA's). */
    static final Set<String> REACTION_TYPES = Set.of(
            "HELPFUL", "NOT_HELPFUL", "OUTDATED", "SAW_THIS_TOO", "WANT_MORE_INFO", "DISAGREE_WITH_TAGS", "INGESTED");

    /** One descriptor of an indicator. */
    record Descriptor(String id, String owner, List<String> tags) {}

    /** One threat update: an indicator, its time, and its descriptors (none: a deletion). */
    record Update(
            String type, String indicator, long lastUpdated, boolean shouldDelete, List<Descriptor> descriptors) {}

    private static final Pattern DESCRIPTOR_PATH = Pattern.compile("/([0-9]+)/?");

    final String token;
    final long group;
    final List<Update> updates = new CopyOnWriteArrayList<>();
    final List<String> reactions = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final List<String> updateRequests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeThreatExchange(String token, long group) throws IOException {
        this.token = token;
        this.group = group;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> query = form(x.getRequestURI().getRawQuery());
            String path = x.getRequestURI().getPath();
            if (!List.of(token).equals(query.get("access_token"))) {
                refuse(x, path, 190, "OAuthException", "Invalid OAuth access token.");
                return;
            }
            if (x.getRequestMethod().equals("GET") && path.equals("/" + group + "/threat_updates/")) {
                updateRequests.add(x.getRequestURI().getRawQuery());
                send(x, 200, updatesPage(query));
                return;
            }
            Matcher m = DESCRIPTOR_PATH.matcher(path);
            if (x.getRequestMethod().equals("POST") && m.matches()) {
                react(x, m.group(1), query, body);
                return;
            }
            refuse(x, x.getRequestMethod() + " " + path, 100, "GraphMethodException", "Unsupported request.");
        }
    }

    private void react(HttpExchange x, String descriptor, Map<String, List<String>> query, String body)
            throws IOException {
        String what =
                "POST /" + descriptor + " " + x.getRequestURI().getRawQuery().replace(token, "TOKEN") + " " + body;
        boolean known =
                updates.stream().flatMap(u -> u.descriptors().stream()).anyMatch(d -> d.id().equals(descriptor));
        if (!known) {
            refuse(
                    x,
                    what,
                    100,
                    "GraphMethodException",
                    "Unsupported post request. Object with ID '" + descriptor + "' does not exist");
            return;
        }
        Map<String, List<String>> form = Map.of();
        if (!body.isEmpty()) {
            String type = x.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
                refuse(x, what, 100, "OAuthException", "The body is not a form (" + type + ")");
                return;
            }
            form = form(body);
        }
        List<String> inQuery = query.getOrDefault("reactions", List.of());
        List<String> inForm = form.getOrDefault("reactions", List.of());
        List<String> given = inQuery.isEmpty() ? inForm : inQuery;
        Set<String> allowed = Set.of("access_token", "reactions");
        if (given.size() != 1
                || (!inQuery.isEmpty() && !inForm.isEmpty() && !inQuery.equals(inForm))
                || !allowed.containsAll(query.keySet())
                || !allowed.containsAll(form.keySet())) {
            refuse(x, what, 100, "OAuthException", "(#100) Invalid parameter");
            return;
        }
        List<String> types = List.of(given.getFirst().split(",", -1));
        if (!REACTION_TYPES.containsAll(types)) {
            refuse(x, what, 100, "OAuthException", "(#100) Param reactions must be one of " + REACTION_TYPES);
            return;
        }
        for (String t : types) {
            reactions.add(descriptor + " " + t);
        }
        send(x, 200, "{\"success\":true}");
    }

    private String updatesPage(Map<String, List<String>> query) {
        long start = query.containsKey("start_time")
                ? Long.parseLong(query.get("start_time").getFirst())
                : 0;
        int limit = Integer.parseInt(query.getOrDefault("limit", List.of("25")).getFirst());
        int after =
                query.containsKey("after") ? Integer.parseInt(query.get("after").getFirst()) : 0;
        String fields = query.getOrDefault("fields", List.of("")).getFirst();
        boolean descriptorIds = fields.matches(".*descriptors\\{(id,|.*,id,|.*,id}).*");
        List<Update> selected = new ArrayList<>(updates.stream()
                .filter(u -> u.lastUpdated() >= start)
                .sorted(java.util.Comparator.comparingLong(Update::lastUpdated))
                .toList());
        StringBuilder b = new StringBuilder("{\"data\":[");
        int end = Math.min(selected.size(), after + limit);
        for (int i = after; i < end; i++) {
            Update u = selected.get(i);
            b.append(i == after ? "" : ",")
                    .append("{\"id\":\"")
                    .append(9000 + i)
                    .append("\",\"indicator\":\"")
                    .append(u.indicator())
                    .append("\",\"type\":\"")
                    .append(u.type())
                    .append("\",\"last_updated\":")
                    .append(u.lastUpdated())
                    .append(",\"should_delete\":")
                    .append(u.shouldDelete());
            if (!u.shouldDelete()) {
                b.append(",\"descriptors\":{\"data\":[");
                for (int d = 0; d < u.descriptors().size(); d++) {
                    Descriptor desc = u.descriptors().get(d);
                    b.append(d == 0 ? "" : ",").append('{');
                    if (descriptorIds) {
                        b.append("\"id\":\"").append(desc.id()).append("\",");
                    }
                    b.append("\"owner\":{\"id\":\"").append(desc.owner()).append("\"},\"tags\":[");
                    for (int t = 0; t < desc.tags().size(); t++) {
                        b.append(t == 0 ? "" : ",")
                                .append('"')
                                .append(desc.tags().get(t))
                                .append('"');
                    }
                    b.append("],\"status\":\"MALICIOUS\",\"added_on\":\"2020-07-01T18:31:15+0000\"}");
                }
                b.append("]}");
            }
            b.append('}');
        }
        b.append(']');
        if (end < selected.size()) {
            b.append(",\"paging\":{\"next\":\"")
                    .append(endpoint())
                    .append('/')
                    .append(group)
                    .append("/threat_updates/?access_token=")
                    .append(token.replace("|", "%7C"))
                    .append(start == 0 ? "" : "&start_time=" + start)
                    .append("&limit=")
                    .append(limit)
                    .append("&after=")
                    .append(end)
                    .append('"')
                    .append('}');
        }
        return b.append('}').toString();
    }

    private void refuse(HttpExchange x, String what, int code, String type, String message) throws IOException {
        refused.add(what);
        send(
                x,
                400,
                "{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\",\"type\":\"" + type + "\",\"code\":"
                        + code + "}}");
    }

    private static Map<String, List<String>> form(@Nullable String raw) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&", -1)) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            m.computeIfAbsent(k, key -> new ArrayList<>()).add(v);
        }
        return m;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
