package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
 * StopNCII.org's hash API, as python-threatexchange's client speaks it
 * ({@code python-threatexchange/threatexchange/exchanges/clients/stopncii/api.py}, its tests
 * {@code stopncii/tests/test_api.py}, and {@code exchanges/impl/stop_ncii_api.py} for the checkpoint):
 *
 * <ul>
 *   <li>headers {@code x-functions-key} (the FetchHashes function key) and {@code Ocp-Apim-Subscription-Key};
 *       {@code GET <endpoint>/FetchHashes?startTimestamp=<t>&pageSize=800}, then with
 *       {@code &nextPageToken=<token>} while {@code hasMoreRecords};</li>
 *   <li>each of {@code hashRecords} ({@code lastModtimestamp}, {@code signalType}, {@code hashValue},
 *       {@code hashStatus}, {@code caseNumbers}, {@code CSPFeedbacks}) is the current state of one hash: its id is
 *       {@code <signalType>:<hashValue>}; {@code ImagePDQ} is a PDQ hash, {@code VideoMD5} an MD5 digest, other
 *       types are not matchable here; {@code hashStatus} {@code Withdrawn} or {@code Deleted} deletes it (the
 *       statuses the API marks "should be deleted by client");</li>
 *   <li>checkpoint {@code {"update_time": <nextSetTimestamp of the last page>, "last_fetch_time": <now>}}
 *       ({@code StopNCIICheckpoint}); a checkpoint older than 30 days is stale and the sync starts over from
 *       {@code startTimestamp=10} ({@code DEFAULT_START_TIME}).</li>
 * </ul>
 * A record that cannot be read (missing or mistyped field, unknown status) is skipped and counted, as the Python
 * client skips records it cannot convert.
 *
 * <p>Feedback: {@code POST <endpoint>/SubmitFeedback} with the SubmitFeedback function key and
 * {@code {"count":1,"hashFeedbacks":[{"tags":[],"feedbackValue":"Blocked"|"NotBlocked","hashValue":...}]}}.
 *
 * <p>Thread-safe.
 */
final class StopNciiClient implements ExchangeClient {
    private static final Logger LOG = LoggerFactory.getLogger(StopNciiClient.class);
    static final long DEFAULT_START_TIME = 10;
    static final int PAGE_SIZE = 800;
    private static final long STALE_SECONDS = 3600L * 24 * 30;
    private static final Pattern PDQ = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final List<String> STATUSES = List.of("Unknown", "Received", "Active", "Withdrawn", "Deleted");

    private final String endpoint;
    private final String fetchKey;
    private final String subscriptionKey;
    private final @Nullable String feedbackKey;
    private final ExchangeHttp http;
    private final Clock clock;

    /**
     * @param credentials {@code fetch_function_key,subscription_key[,base_url_override[,submit_feedback_function_key]]}
     */
    StopNciiClient(String endpoint, String credentials, ExchangeHttp http, Clock clock) throws ExchangeException {
        String[] parts = credentials.strip().split(",", -1);
        if (parts.length < 2 || parts.length > 4 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new ExchangeException(
                    ExchangeException.Kind.CREDENTIALS_MISSING,
                    "StopNCII credentials must be fetch_function_key,subscription_key (then optionally"
                            + " ,base_url_override and ,submit_feedback_function_key)");
        }
        this.fetchKey = parts[0].strip();
        this.subscriptionKey = parts[1].strip();
        String base = parts.length > 2 && !parts[2].isBlank() ? parts[2].strip() : endpoint;
        this.endpoint = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.feedbackKey = parts.length > 3 && !parts[3].isBlank() ? parts[3].strip() : null;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public Fetch fetch(@Nullable String checkpoint) throws ExchangeException {
        Long resume = null;
        if (checkpoint != null) {
            resume = Checkpoints.resumeTime(
                    Checkpoints.read(checkpoint), clock.instant(), STALE_SECONDS, DEFAULT_START_TIME);
            if (resume == null) {
                LOG.warn("StopNCII checkpoint is stale (last fetch over 30 days ago): fetching everything again");
            }
        }
        long startTimestamp = resume == null ? DEFAULT_START_TIME : resume;
        return new Fetch() {
            private String token = "";
            private boolean more = true;

            @Override
            public @Nullable ExchangePage next() throws ExchangeException, IOException {
                if (!more) {
                    return null;
                }
                String q = "startTimestamp=" + startTimestamp + "&pageSize=" + PAGE_SIZE
                        + (token.isEmpty() ? "" : "&nextPageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
                ExchangeHttp.Answer a = http.get(
                        URI.create(endpoint + "/FetchHashes?" + q),
                        Map.of("x-functions-key", fetchKey, "Ocp-Apim-Subscription-Key", subscriptionKey));
                Map<String, @Nullable Object> page = object(a.body());
                if (!(page.get("hasMoreRecords") instanceof Boolean hasMore)
                        || !(page.get("nextSetTimestamp") instanceof Long nextSet)) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL,
                            "StopNCII FetchHashes answer without hasMoreRecords or nextSetTimestamp");
                }
                more = hasMore;
                token = page.get("nextPageToken") instanceof String t ? t : "";
                if (more && token.isEmpty()) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL, "StopNCII says hasMoreRecords without a nextPageToken");
                }
                List<ExchangeEntry> entries = new ArrayList<>();
                int malformed = 0;
                if (page.get("hashRecords") instanceof List<?> records) {
                    for (Object r : records) {
                        ExchangeEntry e = r instanceof Map<?, ?> m ? entry(m) : null;
                        if (e == null) {
                            malformed++;
                            LOG.warn("StopNCII record skipped (cannot be read): {}", r);
                        } else {
                            entries.add(e);
                        }
                    }
                }
                return ExchangePage.of(
                        entries, Checkpoints.write(Checkpoints.timeCheckpoint(nextSet, clock.instant())), malformed);
            }
        };
    }

    private static Map<String, @Nullable Object> object(byte[] body) throws ExchangeException {
        try {
            if (Checkpoints.parse(body) instanceof Map<?, ?> m) {
                Map<String, @Nullable Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), v));
                return out;
            }
        } catch (IOException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.PROTOCOL, "StopNCII answer is not JSON: " + e.getMessage(), e);
        }
        throw new ExchangeException(ExchangeException.Kind.PROTOCOL, "StopNCII answer is not a JSON object");
    }

    private static @Nullable ExchangeEntry entry(Map<?, ?> r) {
        if (!(r.get("signalType") instanceof String type)
                || !(r.get("hashValue") instanceof String value)
                || !(r.get("hashStatus") instanceof String status)
                || !(r.get("lastModtimestamp") instanceof Long modified)
                || !STATUSES.contains(status)) {
            return null;
        }
        String id = type + ":" + value;
        Instant updated = Instant.ofEpochSecond(modified);
        if (status.equals("Withdrawn") || status.equals("Deleted")) {
            return ExchangeEntry.deletion(id, updated);
        }
        return switch (type) {
            case "ImagePDQ" ->
                PDQ.matcher(value).matches()
                        ? new ExchangeEntry(id, PdqHash.fromHex(value), null, false, null, null, updated)
                        : null;
            case "VideoMD5" ->
                MD5.matcher(value).matches()
                        ? new ExchangeEntry(id, null, value.toLowerCase(Locale.ROOT), false, null, null, updated)
                        : null;
            // VideoTMK, Text, URL, Unknown: nothing this service matches
            default -> new ExchangeEntry(id, null, null, false, null, null, updated);
        };
    }

    @Override
    public void feedback(String id, @Nullable String kind, boolean positive, @Nullable String reason)
            throws ExchangeException {
        String key = feedbackKey;
        if (key == null) {
            throw new ExchangeException(
                    ExchangeException.Kind.CREDENTIALS_MISSING,
                    "StopNCII feedback needs the SubmitFeedback function key (fourth part of the credentials)");
        }
        int colon = id.indexOf(':');
        String hashValue = colon < 0 ? id : id.substring(colon + 1);
        String body = feedbackBody(hashValue, positive);
        try {
            http.send(
                    "POST",
                    URI.create(endpoint + "/SubmitFeedback"),
                    Map.of(
                            "x-functions-key",
                            key,
                            "Ocp-Apim-Subscription-Key",
                            subscriptionKey,
                            "Content-Type",
                            "application/json"),
                    body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExchangeException(ExchangeException.Kind.UNAVAILABLE, "StopNCII feedback: " + e.getMessage(), e);
        }
    }

    private static String feedbackBody(String hashValue, boolean positive) {
        StringBuilder b = new StringBuilder("{\"count\":1,\"hashFeedbacks\":[{\"tags\":[],\"feedbackValue\":\"");
        b.append(positive ? "Blocked" : "NotBlocked").append("\",\"hashValue\":");
        b.append(io.hashmatch.service.json.JsonOutput.write(80, g -> g.writeString(hashValue)));
        return b.append("}]}").toString();
    }
}
