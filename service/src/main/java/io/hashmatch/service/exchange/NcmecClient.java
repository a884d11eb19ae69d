package io.hashmatch.service.exchange;

import io.hashmatch.hash.PdqHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NCMEC's hash sharing API, v2 (XML), as python-threatexchange's client speaks it
 * ({@code python-threatexchange/threatexchange/exchanges/clients/ncmec/hash_api.py}, its test data
 * {@code ncmec/tests/data.py}, and {@code exchanges/impl/ncmec_api.py} for the checkpoint):
 *
 * <ul>
 *   <li>HTTP basic authentication; {@code GET <endpoint>/v2/entries?from=<start>&to=<end>} with dates
 *       {@code yyyy-MM-dd'T'HH:mm:ss'Z'} (UTC); then each following page by {@code <paging><next>}, a path appended
 *       to the endpoint and requested as it is (no other parameters), until there is no {@code next};</li>
 *   <li>an answer {@code <queryResult>} (namespace ignored) holds {@code <images maxTimestamp=...>} and
 *       {@code <videos>} of {@code <image>}/{@code <video>} entries ({@code <member id>}, {@code <id>},
 *       {@code <timestamp>}, {@code <classification>}, {@code <fingerprints>} of {@code <md5>}, {@code <sha1>},
 *       {@code <pdq>}, {@code <pdna>}...) and {@code <deletedImage>}/{@code <deletedVideo>} tombstones;</li>
 *   <li>an entry's id is {@code <member id>-<entry id>} ({@code ncmec_api.py}: {@code f"{entry.member_id}-{entry.id}"});
 *       its category the classification; its PDQ and MD5 fingerprints are taken, the others are not matchable
 *       here; with {@code only-esp-ids}, other members' entries hold nothing;</li>
 *   <li>checkpoint {@code {"get_entries_max_ts": <the next from>, "paging_url": <next>, "paging_end_ts": <its to>,
 *       "paging_url_ts": <when it was given>}} ({@code NCMECCheckpoint}): a sync interrupted mid-window resumes at
 *       the paging URL if it is at most 12 hours old, otherwise it fetches the window again from its start; a
 *       finished window moves {@code get_entries_max_ts} to its end, which is 5 s before the sync began (entries
 *       are not in time order, so only a whole window is a safe checkpoint).</li>
 * </ul>
 * Unlike {@code ncmec_api.py}, one sync fetches its whole window page by page, without the adaptive narrowing of the
 * window ({@code FETCH_SHRINK_FACTOR}), which only trades fewer cursor creations on NCMEC's side for more requests.
 *
 * <p>A malformed entry (no id or member, a PDQ or MD5 fingerprint that is not one) is skipped and counted; an
 * answer that is not such XML is refused whole ({@link ExchangeException.Kind#PROTOCOL}), its page not applied.
 *
 * <p>Feedback: {@code PUT <endpoint>/v2/entries/<member id>/<entry id>/<PDQ|MD5>/feedback} with
 * {@code <feedbackSubmission xmlns="https://hashsharing.ncmec.org/hashsharing/v2"><affirmative/></feedbackSubmission>}
 * or {@code <negative><reasonIds><guid>...</guid></reasonIds></negative>}.
 *
 * <p>Thread-safe.
 */
final class NcmecClient implements ExchangeClient {
    private static final Logger LOG = LoggerFactory.getLogger(NcmecClient.class);
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final long PAGING_URL_VALID_SECONDS = 12 * 60 * 60;
    private static final Pattern PDQ = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final String NAMESPACE = "https://hashsharing.ncmec.org/hashsharing/v2";
    private static final XMLInputFactory XML = xmlFactory();

    private final String endpoint;
    private final String authorization;
    private final ExchangeHttp http;
    private final Set<Integer> onlyEspIds;
    private final Clock clock;

    NcmecClient(String endpoint, String credentials, ExchangeHttp http, Set<Integer> onlyEspIds, Clock clock)
            throws ExchangeException {
        this.endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        int colon = credentials.indexOf(':');
        if (colon <= 0 || colon == credentials.length() - 1) {
            throw new ExchangeException(
                    ExchangeException.Kind.CREDENTIALS_MISSING, "NCMEC credentials must be user:password");
        }
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        this.http = http;
        this.onlyEspIds = Set.copyOf(onlyEspIds);
        this.clock = clock;
    }

    private static XMLInputFactory xmlFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        // no DTDs, no external entities: the answer is data, never a reference to fetch
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return f;
    }

    static String date(long epochSecond) {
        return DATE.format(Instant.ofEpochSecond(epochSecond));
    }

    @Override
    public Fetch fetch(@Nullable String checkpoint) throws ExchangeException {
        long now = clock.instant().getEpochSecond();
        long start = 0;
        String pagingUrl = null;
        long pagingEnd = 0;
        if (checkpoint != null) {
            Map<String, @Nullable Object> cp = Checkpoints.read(checkpoint);
            start = Checkpoints.longField(cp, "get_entries_max_ts", 0);
            String url = Checkpoints.stringField(cp, "paging_url");
            long urlTs = Checkpoints.longField(cp, "paging_url_ts", 0);
            if (url != null && !url.isEmpty() && now - urlTs <= PAGING_URL_VALID_SECONDS) {
                pagingUrl = url;
                pagingEnd = Checkpoints.longField(cp, "paging_end_ts", 0);
            }
        }
        // not exactly now: entries are not in time order, and one written this second may not be listed yet
        long end = pagingUrl != null ? pagingEnd : now - 5;
        return new WindowFetch(start, end, pagingUrl);
    }

    private final class WindowFetch implements Fetch {
        private final long start;
        private final long end;
        private @Nullable String next;
        private boolean first = true;
        private boolean done;

        WindowFetch(long start, long end, @Nullable String resumeUrl) {
            this.start = start;
            this.end = end;
            this.next = resumeUrl;
            this.done = start >= end && resumeUrl == null;
        }

        @Override
        public @Nullable ExchangePage next() throws ExchangeException, IOException {
            if (done) {
                return null;
            }
            URI uri;
            if (next != null) {
                uri = URI.create(endpoint + next);
            } else if (first) {
                uri = URI.create(endpoint + "/v2/entries?from=" + enc(date(start)) + "&to=" + enc(date(end)));
            } else {
                return null;
            }
            first = false;
            ExchangeHttp.Answer a = http.get(uri, Map.of("Authorization", authorization, "Accept", "application/xml"));
            Parsed p = parse(a.body());
            next = p.next == null || p.next.isEmpty() ? null : p.next;
            String checkpoint;
            if (next == null) {
                done = true;
                checkpoint = Checkpoints.write(Map.of("get_entries_max_ts", end));
            } else {
                Map<String, Object> cp = new LinkedHashMap<>();
                cp.put("get_entries_max_ts", start);
                cp.put("paging_url", next);
                cp.put("paging_end_ts", end);
                cp.put("paging_url_ts", clock.instant().getEpochSecond());
                checkpoint = Checkpoints.write(cp);
            }
            return ExchangePage.of(p.entries, checkpoint, p.malformed);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One answer: its entries, the malformed ones skipped, and the next page's path. */
    private record Parsed(
            List<ExchangeEntry> entries,
            int malformed,
            @Nullable String next) {}

    private Parsed parse(byte[] body) throws ExchangeException {
        List<ExchangeEntry> entries = new ArrayList<>();
        int malformed = 0;
        String next = null;
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                r.nextTag();
                if (!r.getLocalName().equals("queryResult")) {
                    throw new ExchangeException(
                            ExchangeException.Kind.PROTOCOL,
                            "NCMEC answer is <" + r.getLocalName() + ">, not <queryResult>");
                }
                while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "images", "videos" -> {
                            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                                RawEntry e = readEntry(r);
                                ExchangeEntry x = e.toEntry(onlyEspIds);
                                if (x == null) {
                                    malformed++;
                                    LOG.warn("NCMEC entry skipped: {}", e.problem());
                                } else {
                                    entries.add(x);
                                }
                            }
                        }
                        case "paging" -> {
                            while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                                if (r.getLocalName().equals("next")) {
                                    next = r.getElementText().strip();
                                } else {
                                    skip(r);
                                }
                            }
                        }
                        default -> skip(r);
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.PROTOCOL, "NCMEC answer is not the v2 entries XML: " + e.getMessage(), e);
        }
        return new Parsed(entries, malformed, next);
    }

    /** An entry element as read, before checking. */
    private static final class RawEntry {
        String tag = "";

        @Nullable
        String id;

        @Nullable
        Integer member;

        @Nullable
        String timestamp;

        @Nullable
        String classification;

        final Map<String, String> fingerprints = new LinkedHashMap<>();
        String problem = "";

        String problem() {
            return "<" + tag + "> id " + id + ": " + problem;
        }

        @Nullable
        ExchangeEntry toEntry(Set<Integer> onlyEspIds) {
            if (id == null || id.isEmpty() || member == null) {
                problem = "no <id> or <member id>";
                return null;
            }
            String key = member + "-" + id;
            Instant updated = null;
            if (timestamp != null) {
                try {
                    updated = Instant.from(DATE.parse(timestamp));
                } catch (DateTimeParseException e) {
                    problem = "bad timestamp " + timestamp;
                    return null;
                }
            }
            boolean deleted = tag.toLowerCase(Locale.ROOT).startsWith("deleted");
            if (deleted) {
                return ExchangeEntry.deletion(key, updated);
            }
            if (!onlyEspIds.isEmpty() && !onlyEspIds.contains(member)) {
                return new ExchangeEntry(key, null, null, false, classification, null, updated);
            }
            PdqHash pdq = null;
            String md5 = null;
            String p = fingerprints.get("pdq");
            if (p != null) {
                if (!PDQ.matcher(p).matches()) {
                    problem = "PDQ fingerprint is not 64 hex digits";
                    return null;
                }
                pdq = PdqHash.fromHex(p);
            }
            String m = fingerprints.get("md5");
            if (m != null) {
                if (!MD5.matcher(m).matches()) {
                    problem = "MD5 fingerprint is not 32 hex digits";
                    return null;
                }
                md5 = m.toLowerCase(Locale.ROOT);
            }
            return new ExchangeEntry(key, pdq, md5, false, classification, null, updated);
        }
    }

    private static RawEntry readEntry(XMLStreamReader r) throws XMLStreamException {
        RawEntry e = new RawEntry();
        e.tag = r.getLocalName();
        while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
            switch (r.getLocalName()) {
                case "id" -> e.id = r.getElementText().strip();
                case "member" -> {
                    String id = r.getAttributeValue(null, "id");
                    try {
                        e.member = id == null ? null : Integer.valueOf(id.strip());
                    } catch (NumberFormatException x) {
                        e.member = null;
                    }
                    r.getElementText();
                }
                case "timestamp" -> e.timestamp = r.getElementText().strip();
                case "classification" -> {
                    String c = r.getElementText().strip();
                    e.classification = c.isEmpty() ? null : c;
                }
                case "fingerprints" -> {
                    while (r.nextTag() == XMLStreamConstants.START_ELEMENT) {
                        String kind = r.getLocalName().toLowerCase(Locale.ROOT);
                        String value = r.getElementText().strip();
                        if (!value.isEmpty()) {
                            e.fingerprints.put(kind, value);
                        }
                    }
                }
                default -> skip(r);
            }
        }
        return e;
    }

    /** Skips the element the reader is on, children and all. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int ev = r.next();
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    @Override
    public void feedback(String id, @Nullable String kind, boolean positive, @Nullable String reason)
            throws ExchangeException {
        int dash = id.indexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            throw new ExchangeException(
                    ExchangeException.Kind.CONFIGURATION, "not an NCMEC entry id (<member id>-<entry id>): " + id);
        }
        String fingerprint = "md5".equalsIgnoreCase(kind) ? "MD5" : "PDQ";
        StringBuilder xml = new StringBuilder("<feedbackSubmission xmlns=\"" + NAMESPACE + "\">");
        if (positive) {
            xml.append("<affirmative/>");
        } else {
            if (reason == null || reason.isBlank()) {
                // python-threatexchange's submit_feedback: the only reason when there is one, else the caller picks
                java.util.SequencedMap<String, String> reasons = feedbackReasons(kind);
                if (reasons.size() != 1) {
                    throw new ExchangeException(
                            ExchangeException.Kind.CONFIGURATION,
                            "NCMEC negative feedback needs a reason GUID, one of " + reasons.sequencedKeySet()
                                    + " (GET /v1/exchanges/<name>/feedback/reasons)");
                }
                reason = reasons.firstEntry().getKey();
            }
            xml.append("<negative><reasonIds><guid>")
                    .append(escape(reason.strip()))
                    .append("</guid></reasonIds></negative>");
        }
        xml.append("</feedbackSubmission>");
        URI uri = URI.create(endpoint + "/v2/entries/" + enc(id.substring(0, dash)) + "/" + enc(id.substring(dash + 1))
                + "/" + fingerprint + "/feedback");
        try {
            http.send(
                    "PUT",
                    uri,
                    Map.of("Authorization", authorization, "Content-Type", "application/xml; charset=utf-8"),
                    xml.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExchangeException(ExchangeException.Kind.UNAVAILABLE, "NCMEC feedback: " + e.getMessage(), e);
        }
    }

    /**
     * NCMEC's reasons for negative feedback on a fingerprint type, as python-threatexchange's
     * {@code NCMECHashAPI.feedback_reasons} asks for them ({@code GET <endpoint>/v2/feedback/<PDQ|MD5>/reasons}):
     * {@code <availableFeedbackReasons><reason guid=".." name=".." type=".."/>..</availableFeedbackReasons>}
     * (attributes as in its {@code tests/data.py}; child elements of those names are read too).
     */
    @Override
    public java.util.SequencedMap<String, String> feedbackReasons(@Nullable String kind) throws ExchangeException {
        String fingerprint = "md5".equalsIgnoreCase(kind) ? "MD5" : "PDQ";
        ExchangeHttp.Answer answer;
        try {
            answer = http.get(
                    URI.create(endpoint + "/v2/feedback/" + fingerprint + "/reasons"),
                    Map.of("Authorization", authorization));
        } catch (IOException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.UNAVAILABLE, "NCMEC feedback reasons: " + e.getMessage(), e);
        }
        java.util.LinkedHashMap<String, String> reasons = new java.util.LinkedHashMap<>();
        try {
            XMLStreamReader r = XML.createXMLStreamReader(new java.io.ByteArrayInputStream(answer.body()));
            try {
                String guid = null;
                String name = null;
                String field = null;
                StringBuilder text = new StringBuilder();
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == XMLStreamConstants.START_ELEMENT) {
                        String local = r.getLocalName();
                        if (local.equals("reason")) {
                            guid = r.getAttributeValue(null, "guid");
                            name = r.getAttributeValue(null, "name");
                        } else if (local.equals("guid") || local.equals("name")) {
                            field = local;
                            text.setLength(0);
                        }
                    } else if ((ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA)
                            && field != null) {
                        text.append(r.getText());
                    } else if (ev == XMLStreamConstants.END_ELEMENT) {
                        String local = r.getLocalName();
                        if (field != null && local.equals(field)) {
                            if (field.equals("guid")) {
                                guid = text.toString().strip();
                            } else {
                                name = text.toString().strip();
                            }
                            field = null;
                        } else if (local.equals("reason")) {
                            if (guid == null || guid.isEmpty()) {
                                throw new ExchangeException(
                                        ExchangeException.Kind.PROTOCOL,
                                        "NCMEC feedback reasons: a reason without guid");
                            }
                            reasons.put(guid, name == null ? "" : name);
                            guid = null;
                            name = null;
                        }
                    }
                }
            } finally {
                r.close();
            }
        } catch (XMLStreamException e) {
            throw new ExchangeException(
                    ExchangeException.Kind.PROTOCOL, "NCMEC feedback reasons: not XML: " + e.getMessage(), e);
        }
        return reasons;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
