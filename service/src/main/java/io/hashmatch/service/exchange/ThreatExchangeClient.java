package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Meta ThreatExchange's Graph API {@code threat_updates} of one privacy group, as python-threatexchange's client
 * speaks it ({@code python-threatexchange/threatexchange/exchanges/clients/fb_threatexchange/api.py}
 * {@code get_threat_updates} and {@code _CursoredResponse}, {@code threat_updates.py} {@code ThreatUpdateJSON},
 * {@code descriptor.py} {@code te_threat_updates_fields}, and {@code exchanges/impl/fb_threatexchange_api.py} for the
 * checkpoint):
 *
 * <ul>
 *   <li>{@code GET <endpoint>/<privacy group>/threat_updates/?access_token=...&start_time=<t>&limit=100&fields=id,
 *       indicator,type,last_updated,should_delete,descriptors{reactions,my_reactions,owner{id},tags,status,added_on}}
 *       ({@code start_time} left out on the first sync); then each {@code paging.next} URL as it is, until there is
 *       none;</li>
 *   <li>each of {@code data} is an indicator: id {@code <type>:<indicator>} (the Python client's key); a tombstone
 *       when {@code should_delete} is true or it has no {@code descriptors}; {@code HASH_PDQ} is a PDQ hash,
 *       {@code HASH_VIDEO_MD5} and {@code HASH_MD5} MD5 digests, other types are not matchable here; category: the
 *       descriptors' tags; dates: the earliest {@code added_on}, {@code last_updated};</li>
 *   <li>checkpoint {@code {"update_time": <highest last_updated seen>, "last_fetch_time": <now>}}
 *       ({@code FBThreatExchangeCheckpoint}); older than 85 days it is stale (ThreatExchange keeps deletions 90 days)
 *       and the sync starts over.</li>
 * </ul>
 * An update that cannot be read is skipped and counted.
 *
 * <p>Thread-safe.
 */
final class ThreatExchangeClient implements ExchangeClient {
    private static final Logger LOG = LoggerFactory.getLogger(ThreatExchangeClient.class);
    static final String FIELDS = "id,indicator,type,last_updated,should_delete,"
            + "descriptors{reactions,my_reactions,owner{id},tags,status,added_on}";
    static final int PAGE_SIZE = 100;
    private static final long STALE_SECONDS = 3600L * 24 * 85;
    /** {@code api.py is_valid_app_token}. */
    private static final Pattern TOKEN = Pattern.compile("[0-9]{8,}(?:%7C|\\|)[a-zA-Z0-9_\\-]{20,}");

    private static final Pattern PDQ = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final DateTimeFormatter ADDED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private final String endpoint;
    private final String token;
    private final long privacyGroup;
    private final ExchangeHttp http;
    private final Clock clock;

    ThreatExchangeClient(String endpoint, String token, long privacyGroup, ExchangeHttp http, Clock clock)
            throws ExchangeException {
        if (!TOKEN.matcher(token.strip()).matches()) {
            throw new ExchangeException(
                    ExchangeException.Kind.CREDENTIALS_MISSING,
                    "ThreatExchange credentials must be an app access token, <app id>|<secret>");
        }
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        this.token = token.strip();
        this.privacyGroup = privacyGroup;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Fetch fetch(@Nullable String checkpoint) throws ExchangeException {
        Long start = null;
        if (checkpoint != null) {
            Map<String, @Nullable Object> cp = Checkpoints.read(checkpoint);
            long lastFetch = Checkpoints.longField(cp, "last_fetch_time", 0);
            if (clock.instant().getEpochSecond() - lastFetch <= STALE_SECONDS) {
                start = Checkpoints.longField(cp, "update_time", 0);
            } else {
                LOG.warn("ThreatExchange checkpoint is stale (over 85 days): fetching everything again");
            }
        }
        String first = endpoint + "/" + privacyGroup + "/threat_updates/?access_token=" + enc(token)
                + (start == null ? "" : "&start_time=" + start) + "&limit=" + PAGE_SIZE + "&fields=" + enc(FIELDS);
        long startTime = start == null ? 0 : start;
        return new Fetch() {
            private @Nullable String next = first;
            private long highest = startTime;

            @Override
            public @Nullable ExchangePage next() throws ExchangeException, IOException {
                String url = next;
                if (url == null) {
                    return null;
                }
                ExchangeHttp.Answer a = http.get(URI.create(url), Map.of());
                Object parsed;
                try {
                    parsed = Checkpoints.parse(a.body());
                } catch (IOException e) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL, "ThreatExchange answer is not JSON: " + e.getMessage(), e);
                }
                if (!(parsed instanceof Map<?, ?> page) || !(page.get("data") instanceof List<?> data)) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL, "ThreatExchange answer has no data array");
                }
                next = page.get("paging") instanceof Map<?, ?> paging && paging.get("next") instanceof String n
                        ? n
                        : null;
                List<ExchangeEntry> entries = new ArrayList<>();
                int malformed = 0;
                for (Object u : data) {
                    ExchangeEntry e = u instanceof Map<?, ?> m ? entry(m) : null;
                    if (e == null) {
                        malformed++;
                        LOG.warn("ThreatExchange update skipped (cannot be read): {}", u);
                        continue;
                    }
                    entries.add(e);
                    if (e.updated() != null) {
                        highest = Math.max(highest, e.updated().getEpochSecond());
                    }
                }
                Map<String, Object> cp = new LinkedHashMap<>();
                cp.put("update_time", highest);
                cp.put("last_fetch_time", clock.instant().getEpochSecond());
                return ExchangePage.of(entries, Checkpoints.write(cp), malformed);
            }
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static @Nullable ExchangeEntry entry(Map<?, ?> u) {
        if (!(u.get("indicator") instanceof String indicator) || !(u.get("type") instanceof String type)) {
            return null;
        }
        Instant updated;
        Object lu = u.get("last_updated");
        if (lu instanceof Long l) {
            updated = Instant.ofEpochSecond(l);
        } else if (lu instanceof String s && s.matches("[0-9]{1,12}")) {
            updated = Instant.ofEpochSecond(Long.parseLong(s));
        } else {
            return null;
        }
        String id = type + ":" + indicator;
        boolean shouldDelete = Boolean.TRUE.equals(u.get("should_delete"));
        if (shouldDelete || !u.containsKey("descriptors")) {
            return ExchangeEntry.deletion(id, updated);
        }
        TreeSet<String> tags = new TreeSet<>();
        Instant created = null;
        if (u.get("descriptors") instanceof Map<?, ?> d && d.get("data") instanceof List<?> descriptors) {
            for (Object o : descriptors) {
                if (!(o instanceof Map<?, ?> desc)) {
                    continue;
                }
                Object t = desc.get("tags");
                if (t instanceof List<?> list) {
                    list.forEach(x -> tags.add(String.valueOf(x)));
                } else if (t instanceof Map<?, ?> tm && tm.get("data") instanceof List<?> list) {
                    for (Object x : list) {
                        if (x instanceof Map<?, ?> xm && xm.get("text") instanceof String text) {
                            tags.add(text);
                        }
                    }
                }
                if (desc.get("added_on") instanceof String added) {
                    try {
                        Instant at = OffsetDateTime.parse(added, ADDED_ON).toInstant();
                        created = created == null || at.isBefore(created) ? at : created;
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                }
            }
        }
        String category = tags.isEmpty() ? null : String.join(",", tags);
        return switch (type) {
            case "HASH_PDQ" ->
                PDQ.matcher(indicator).matches()
                        ? new ExchangeEntry(id, PdqHash.fromHex(indicator), null, false, category, created, updated)
                        : null;
            case "HASH_VIDEO_MD5", "HASH_MD5" ->
                MD5.matcher(indicator).matches()
                        ? new ExchangeEntry(
                                id, null, indicator.toLowerCase(Locale.ROOT), false, category, created, updated)
                        : null;
            default -> new ExchangeEntry(id, null, null, false, category, created, updated);
        };
    }
}
