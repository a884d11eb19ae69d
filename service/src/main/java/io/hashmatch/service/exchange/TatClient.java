package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tech Against Terrorism's hash list API, as python-threatexchange's client speaks it
 * ({@code python-threatexchange/threatexchange/exchanges/clients/techagainstterrorism/api.py}, its tests
 * {@code techagainstterrorism/tests/test_api.py}, and {@code exchanges/impl/techagainstterrorism_api.py} for the
 * checkpoint):
 *
 * <ul>
 *   <li>a token from {@code POST <endpoint>token-auth/tcap/} (form {@code username}, {@code password},
 *       {@code resend=False}; answer {@code {"token":...}}), sent as {@code Authorization: Bearer <token>};</li>
 *   <li>{@code GET <endpoint>api/hash-list/v2/all?order=asc&after=<checkpoint>}, then each {@code next} URL of the
 *       answer until it is null (the Python client appends {@code next} to the list's URL; the API documents it as
 *       the full URL of the next page, which is what is followed here);</li>
 *   <li>each of {@code results} ({@code hash_digest}, {@code algorithm}, {@code ideology}, {@code file_type},
 *       {@code deleted}, {@code updated_on}, {@code created_on}, {@code id}) has the id
 *       {@code <algorithm>:<hash_digest>} (the Python client's key); {@code PDQ} is a PDQ hash, {@code MD5} an MD5
 *       digest (of any file type: this service matches files' MD5s, not only videos'), others are not matchable
 *       here; {@code deleted} deletes it; category: the ideology;</li>
 *   <li>checkpoint {@code {"checkpoint": "<timestamp>,<id>"}}, the answer's own {@code checkpoint} field
 *       ({@code TATCheckpoint}), kept when an answer has none.</li>
 * </ul>
 * A result that cannot be read is skipped and counted.
 *
 * <p>Thread-safe.
 */
final class TatClient implements ExchangeClient {
    private static final Logger LOG = LoggerFactory.getLogger(TatClient.class);
    private static final Pattern PDQ = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");

    private final String endpoint;
    private final String username;
    private final String password;
    private final ExchangeHttp http;

    TatClient(String endpoint, String credentials, ExchangeHttp http) throws ExchangeException {
        int colon = credentials.indexOf(':');
        if (colon <= 0 || colon == credentials.strip().length() - 1) {
            throw new ExchangeException(
                    ExchangeException.Kind.CREDENTIALS_MISSING,
                    "Tech Against Terrorism credentials must be user:password");
        }
        this.endpoint = endpoint.endsWith("/") ? endpoint : endpoint + "/";
        this.username = credentials.substring(0, colon).strip();
        this.password = credentials.substring(colon + 1).strip();
        this.http = http;
    }

    private String token() throws ExchangeException, IOException {
        String form = "username=" + enc(username) + "&password=" + enc(password) + "&resend=False";
        ExchangeHttp.Answer a = http.send(
                "POST",
                URI.create(endpoint + "token-auth/tcap/"),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                form.getBytes(StandardCharsets.UTF_8));
        Object parsed;
        try {
            parsed = Checkpoints.parse(a.body());
        } catch (IOException e) {
            throw new ExchangeException(ExchangeException.Kind.PROTOCOL, "TAT token answer is not JSON", e);
        }
        if (parsed instanceof Map<?, ?> m && m.get("token") instanceof String t && !t.isEmpty()) {
            return t;
        }
        throw new ExchangeException(
                ExchangeException.Kind.CREDENTIALS_REFUSED,
                "Tech Against Terrorism gave no token for these credentials");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public Fetch fetch(@Nullable String checkpoint) throws ExchangeException {
        String after = "";
        if (checkpoint != null) {
            String c = Checkpoints.stringField(Checkpoints.read(checkpoint), "checkpoint");
            after = c == null ? "" : c;
        }
        String startAfter = after;
        return new Fetch() {
            private @Nullable String next = endpoint + "api/hash-list/v2/all?order=asc&after=" + enc(startAfter);
            private String last = startAfter;
            private @Nullable String bearer;

            @Override
            public @Nullable ExchangePage next() throws ExchangeException, IOException {
                String url = next;
                if (url == null) {
                    return null;
                }
                if (bearer == null) {
                    bearer = "Bearer " + token();
                }
                ExchangeHttp.Answer a = http.get(URI.create(url), Map.of("Authorization", bearer));
                Object parsed;
                try {
                    parsed = Checkpoints.parse(a.body());
                } catch (IOException e) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL, "TAT answer is not JSON: " + e.getMessage(), e);
                }
                if (!(parsed instanceof Map<?, ?> page) || !(page.get("results") instanceof List<?> results)) {
                    throw new ExchangeException(ExchangeException.Kind.PROTOCOL, "TAT answer has no results array");
                }
                next = page.get("next") instanceof String n && !n.isEmpty() ? n : null;
                if (page.get("checkpoint") instanceof String c && !c.isEmpty()) {
                    last = c;
                }
                List<ExchangeEntry> entries = new ArrayList<>();
                int malformed = 0;
                for (Object r : results) {
                    ExchangeEntry e = r instanceof Map<?, ?> m ? entry(m) : null;
                    if (e == null) {
                        malformed++;
                        LOG.warn("TAT result skipped (cannot be read): {}", r);
                    } else {
                        entries.add(e);
                    }
                }
                Map<String, Object> cp = new LinkedHashMap<>();
                cp.put("checkpoint", last);
                return ExchangePage.of(entries, Checkpoints.write(cp), malformed);
            }
        };
    }

    private static @Nullable ExchangeEntry entry(Map<?, ?> r) {
        if (!(r.get("hash_digest") instanceof String digest)
                || !(r.get("algorithm") instanceof String algorithm)
                || !(r.get("deleted") instanceof Boolean deleted)) {
            return null;
        }
        String id = algorithm + ":" + digest;
        Instant updated =
                r.get("updated_on") instanceof Number n ? Instant.ofEpochMilli((long) (n.doubleValue() * 1000)) : null;
        Instant created = null;
        if (r.get("created_on") instanceof String c) {
            try {
                created = c.endsWith("Z") || c.matches(".*[+-][0-9]{2}:?[0-9]{2}$")
                        ? OffsetDateTime.parse(c).toInstant()
                        : LocalDateTime.parse(c).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (deleted) {
            return ExchangeEntry.deletion(id, updated);
        }
        String category = r.get("ideology") instanceof String i ? i : null;
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "PDQ" ->
                PDQ.matcher(digest).matches()
                        ? new ExchangeEntry(id, PdqHash.fromHex(digest), null, false, category, created, updated)
                        : null;
            case "MD5" ->
                MD5.matcher(digest).matches()
                        ? new ExchangeEntry(
                                id, null, digest.toLowerCase(Locale.ROOT), false, category, created, updated)
                        : null;
            default -> new ExchangeEntry(id, null, null, false, category, created, updated);
        };
    }
}
