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
 *       indicator,type,last_updated,should_delete,descriptors{id,reactions,my_reactions,owner{id},tags,status,
 *       added_on}} ({@code start_time} left out on the first sync); then each {@code paging.next} URL as it is, until
 *       there is none;</li>
 *   <li>each of {@code data} is an indicator: id {@code <type>:<indicator>} (the Python client's key); a tombstone
 *       when {@code should_delete} is true or it has no {@code descriptors}; {@code HASH_PDQ} is a PDQ hash,
 *       {@code HASH_VIDEO_MD5} and {@code HASH_MD5} MD5 digests, other types are not matchable here; category: the
 *       descriptors' tags; dates: the earliest {@code added_on}, {@code last_updated}; each descriptor's {@code id}
 *       and {@code owner.id} are kept for reactions;</li>
 *   <li>checkpoint {@code {"update_time": <highest last_updated seen>, "last_fetch_time": <now>,
 *       "descriptor_ids": true}} ({@code FBThreatExchangeCheckpoint}, plus a mark that the sync records descriptor
 *       ids); older than 85 days it is stale (ThreatExchange keeps deletions 90 days) and the sync starts over, as it
 *       does once from a checkpoint without the mark, to record the descriptors of the entries it holds.</li>
 * </ul>
 * An update that cannot be read is skipped and counted.
 *
 * <p><b>Reactions</b> (feedback) go to the descriptors of other apps than the token's (HMA's writebacker reacted to
 * {@code other_descriptors} only: {@code hasher-matcher-actioner/hmalib/writebacker/writebacker_base.py} in the
 * ThreatExchange repository before its commit 02493f99 removed HMA 1.0): {@code POST <endpoint>/<descriptor id>/?access_token=...
 * &reactions=<reaction>} with the form body {@code reactions=<reaction>}, answered {@code {"success": true}}, as
 * {@code api.py}'s {@code react_to_threat_descriptor} posts it. Confirming is {@code HELPFUL} ({@code api.py}'s
 * {@code react_upvote_threat_descriptor}), disagreeing {@code DISAGREE_WITH_TAGS} (that writebacker's false
 * positive): the two reactions {@code exchanges/impl/fb_threatexchange_api.py}'s
 * {@code FBThreatExchangeIndicatorRecord.from_threatexchange_json} reads back as a positive and a negative opinion. A
 * reaction sent earlier is not withdrawn ({@code reactions_to_remove}).
 *
 * <p>Thread-safe.
 */
final class ThreatExchangeClient implements ExchangeClient {
    private static final Logger LOG = LoggerFactory.getLogger(ThreatExchangeClient.class);
    static final String FIELDS = "id,indicator,type,last_updated,should_delete,"
            + "descriptors{id,reactions,my_reactions,owner{id},tags,status,added_on}";
    /** The checkpoint's mark that the sync which wrote it recorded descriptor ids. */
    static final String DESCRIPTOR_IDS = "descriptor_ids";
    /** Confirms an entry: python-threatexchange's upvote. */
    static final String CONFIRM = "HELPFUL";
    /** Disputes an entry: HMA's false-positive writeback. */
    static final String DISAGREE = "DISAGREE_WITH_TAGS";

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,32}");
    static final int PAGE_SIZE = 100;
    private static final long STALE_SECONDS = 3600L * 24 * 85;
    /** {@code api.py is_valid_app_token}. */
    private static final Pattern TOKEN = Pattern.compile("[0-9]{8,}(?:%7C|\\|)[a-zA-Z0-9_\\-]{20,}");

    private static final Pattern PDQ = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final DateTimeFormatter ADDED_ON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx");

    private final String endpoint;
    private final String token;
    /** The token's app ({@code api.py}'s {@code app_id}): the owner of this app's own descriptors. */
    private final String appId;

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
        this.appId = this.token.split("\\||%7C", 2)[0];
        this.privacyGroup = privacyGroup;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Fetch fetch(@Nullable String checkpoint) throws ExchangeException {
        Long start = null;
        if (checkpoint != null) {
            Map<String, @Nullable Object> cp = Checkpoints.read(checkpoint);
            if (!Boolean.TRUE.equals(cp.get(DESCRIPTOR_IDS))) {
                LOG.info("ThreatExchange checkpoint of a sync that kept no descriptor ids: fetching everything again"
                        + " to record them");
            } else {
                start = Checkpoints.resumeTime(cp, clock.instant(), STALE_SECONDS, 0);
                if (start == null) {
                    LOG.warn("ThreatExchange checkpoint is stale (over 85 days): fetching everything again");
                }
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
                Map<String, Object> cp = Checkpoints.timeCheckpoint(highest, clock.instant());
                cp.put(DESCRIPTOR_IDS, true);
                return ExchangePage.of(entries, Checkpoints.write(cp), malformed);
            }
        };
    }

    /**
     * Reacts to the descriptors of entry {@code id} that other apps own: {@link #CONFIRM} if {@code positive}, else
     * {@link #DISAGREE}, one POST per descriptor (see the class comment). {@code kind} and {@code reason} are not part
     * of a reaction.
     *
     * @throws ExchangeException of kind NO_FEEDBACK_TARGET if no descriptor is recorded, or all are this app's own;
     *     else as the exchange fails (the message names the descriptors reacted to before the failure)
     */
    @Override
    public void feedback(
            String id,
            @Nullable String kind,
            boolean positive,
            @Nullable String reason,
            List<ExchangeEntry.Descriptor> descriptors)
            throws ExchangeException {
        if (descriptors.isEmpty()) {
            throw new ExchangeException(
                    ExchangeException.Kind.NO_FEEDBACK_TARGET,
                    "ThreatExchange entry " + id
                            + " has no descriptor id recorded: a reaction needs one (ThreatExchange"
                            + " gave none with the indicator)");
        }
        List<String> others = descriptors.stream()
                .filter(d -> !appId.equals(d.owner()))
                .map(ExchangeEntry.Descriptor::id)
                .toList();
        if (others.isEmpty()) {
            throw new ExchangeException(
                    ExchangeException.Kind.NO_FEEDBACK_TARGET,
                    "ThreatExchange entry " + id + " has only this app's own descriptors ("
                            + String.join(
                                    ", ",
                                    descriptors.stream()
                                            .map(ExchangeEntry.Descriptor::id)
                                            .toList())
                            + "): reactions go to other apps' descriptors; change your descriptor's status instead");
        }
        String reaction = positive ? CONFIRM : DISAGREE;
        List<String> sent = new ArrayList<>();
        for (String descriptor : others) {
            URI uri =
                    URI.create(endpoint + "/" + descriptor + "/?access_token=" + enc(token) + "&reactions=" + reaction);
            try {
                ExchangeHttp.Answer a = http.send(
                        "POST",
                        uri,
                        Map.of("Content-Type", "application/x-www-form-urlencoded"),
                        ("reactions=" + reaction).getBytes(StandardCharsets.US_ASCII));
                Object answer;
                try {
                    answer = Checkpoints.parse(a.body());
                } catch (IOException e) {
                    answer = null;
                }
                if (!(answer instanceof Map<?, ?> m) || !Boolean.TRUE.equals(m.get("success"))) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL,
                            "ThreatExchange did not confirm the reaction " + reaction + " to descriptor " + descriptor
                                    + " (no \"success\": true)");
                }
            } catch (ExchangeException e) {
                throw sent.isEmpty()
                        ? e
                        : new ExchangeException(
                                e.kind(),
                                "reacted " + reaction + " to descriptors " + sent + " of " + id + ", then: "
                                        + e.getMessage(),
                                e);
            } catch (IOException e) {
                throw new ExchangeException(
                        ExchangeException.Kind.UNAVAILABLE,
                        "ThreatExchange reaction to descriptor " + descriptor
                                + (sent.isEmpty() ? "" : " (after reacting to " + sent + ")") + ": " + e.getMessage(),
                        e);
            }
            sent.add(descriptor);
            LOG.info("ThreatExchange entry {}: reacted {} to descriptor {}", id, reaction, descriptor);
        }
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
        List<ExchangeEntry.Descriptor> kept = new ArrayList<>();
        Instant created = null;
        if (u.get("descriptors") instanceof Map<?, ?> d && d.get("data") instanceof List<?> descriptors) {
            for (Object o : descriptors) {
                if (!(o instanceof Map<?, ?> desc)) {
                    continue;
                }
                if (desc.get("id") != null) {
                    String descriptorId = String.valueOf(desc.get("id"));
                    String owner = desc.get("owner") instanceof Map<?, ?> om && om.get("id") != null
                            ? String.valueOf(om.get("id"))
                            : null;
                    if (!DIGITS.matcher(descriptorId).matches()
                            || (owner != null && !DIGITS.matcher(owner).matches())) {
                        return null;
                    }
                    kept.add(new ExchangeEntry.Descriptor(descriptorId, owner));
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
                        ? new ExchangeEntry(
                                id, PdqHash.fromHex(indicator), null, false, category, created, updated, kept)
                        : null;
            case "HASH_VIDEO_MD5", "HASH_MD5" ->
                MD5.matcher(indicator).matches()
                        ? new ExchangeEntry(
                                id, null, indicator.toLowerCase(Locale.ROOT), false, category, created, updated, kept)
                        : null;
            default -> new ExchangeEntry(id, null, null, false, category, created, updated, kept);
        };
    }
}
