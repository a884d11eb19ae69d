package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.VideoHit;
import io.hashmatch.service.json.HashJson;
import io.hashmatch.service.json.JsonOutput;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.UnknownListException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The parts of the {@code /v1} answers shared by the match routes (the match records are the CLI's,
 * {@link io.hashmatch.service.json.MatchJson}): the lists an answer came from and an image's hashes, written with a
 * {@link io.hashmatch.service.json.JsonOutput} generator; the choice of lists shared by the match routes.
 *
 * <p>Stateless; thread-safe.
 */
final class MatchAnswers {
    // the names of the lists of every match answer, written as they are (JsonOutput.name)
    private static final SerializableString LISTS = JsonOutput.name("lists");
    private static final SerializableString NAME = JsonOutput.name("name");
    private static final SerializableString VERSION = JsonOutput.name("version");
    private static final SerializableString CHECKSUM = JsonOutput.name("checksum");

    private MatchAnswers() {}

    /**
     * The snapshots of the lease's lists, filtered by name (null or empty: every list).
     *
     * @throws ApiException 503 {@code no_lists} when no list is served, 404 {@code unknown_list}
     */
    static Map<String, HashListSnapshot> snapshots(ListLease lease, @Nullable List<String> lists) {
        requireLists(lease);
        try {
            return lease.snapshots(lists);
        } catch (UnknownListException e) {
            throw unknownList(e);
        }
    }

    private static void requireLists(ListLease lease) {
        if (lease.isEmpty()) {
            Map<String, String> failed = new TreeMap<>(lease.failures());
            if (failed.isEmpty()) {
                throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "no_lists", "no list is loaded yet");
            }
            List<String> why = new ArrayList<>();
            failed.forEach((list, reason) -> why.add("list '" + list + "' failed to load: " + reason));
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE, "no_lists", "no list is loaded: " + String.join("; ", why));
        }
    }

    private static ApiException unknownList(UnknownListException e) {
        return new ApiException(HttpStatus.NOT_FOUND, "unknown_list", e.getMessage());
    }

    /**
     * Leaves the {@link MatchSummary} of a request's results on it ({@link MatchSummary#ATTRIBUTE}), added to an earlier
     * one of the request.
     *
     * @param matcher the matcher used, or null for a hash-only route
     */
    static void summarize(
            HttpRequest<?> request,
            ListLease lease,
            @Nullable Matcher matcher,
            int queries,
            List<MatchResult> results) {
        int hits = 0;
        int matched = 0;
        for (MatchResult r : results) {
            hits += r.hits().size();
            matched += r.matched() ? 1 : 0;
        }
        record(request, new MatchSummary(queries, hits, matched, listVersions(lease, matcher)));
    }

    /** Leaves the {@link MatchSummary} of one video query, whose hits are {@code hits}, on the request (added up). */
    static void summarizeVideo(HttpRequest<?> request, ListLease lease, Matcher matcher, List<VideoHit> hits) {
        boolean matched = hits.stream().anyMatch(VideoHit::isMatch);
        record(request, new MatchSummary(1, hits.size(), matched ? 1 : 0, listVersions(lease, matcher)));
    }

    /** Leaves {@code summary} on the request, added to the one an earlier match of the request left there. */
    private static void record(HttpRequest<?> request, MatchSummary summary) {
        MatchSummary earlier =
                request.getAttribute(MatchSummary.ATTRIBUTE, MatchSummary.class).orElse(null);
        request.setAttribute(MatchSummary.ATTRIBUTE, earlier == null ? summary : earlier.plus(summary));
    }

    /** {@code name@version#checksum} of each list {@code matcher} searched. */
    private static List<String> listVersions(ListLease lease, @Nullable Matcher matcher) {
        List<String> lists = new ArrayList<>();
        if (matcher != null) {
            for (String name : matcher.listNames()) {
                ListInfo info = lease.list(name);
                lists.add(info == null ? name : name + "@" + info.version() + "#" + info.checksum());
            }
        }
        return lists;
    }

    /** Leaves the {@link MatchSummary} of a hash-only request (images hashed, nothing matched) on it. */
    static void summarizeHashing(HttpRequest<?> request, int images) {
        request.setAttribute(MatchSummary.ATTRIBUTE, new MatchSummary(images, 0, 0, List.of()));
    }

    /** Writes {@code "lists":[{"name":..,"version":..,"checksum":..},...]} for the lists {@code matcher} searched. */
    static void writeLists(JsonGenerator g, ListLease lease, Matcher matcher) throws IOException {
        writeLists(g, lease, matcher, null);
    }

    /**
     * Writes {@code "lists":[{"name":..,"version":..,"checksum":..,"videos":..},...]}: the lists {@code matcher}
     * searched, as {@link #writeLists(JsonGenerator, ListLease, Matcher)} with each list's number of videos (the
     * answer to a video).
     */
    static void writeVideoLists(JsonGenerator g, ListLease lease, Matcher matcher) throws IOException {
        writeLists(g, lease, matcher, snapshots(lease, matcher.listNames()));
    }

    /**
     * Writes the lists {@code matcher} searched, with their numbers of videos when {@code videos} (their snapshots)
     * is given, then the lists that failed to load ({@link #writeFailedLists}).
     */
    private static void writeLists(
            JsonGenerator g, ListLease lease, Matcher matcher, @Nullable Map<String, HashListSnapshot> videos)
            throws IOException {
        g.writeFieldName(LISTS);
        g.writeStartArray();
        for (String name : matcher.listNames()) {
            ListInfo info = lease.list(name);
            g.writeStartObject();
            g.writeFieldName(NAME);
            g.writeString(name);
            if (info != null) {
                g.writeFieldName(VERSION);
                g.writeString(info.version());
                g.writeFieldName(CHECKSUM);
                g.writeString(info.checksum());
                HashListSnapshot snapshot = videos == null ? null : videos.get(name);
                if (snapshot != null) {
                    g.writeNumberField("videos", snapshot.videoCount());
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        writeFailedLists(g, lease);
    }

    /**
     * Writes {@code "failedLists":[{"name":..,"error":..},...]}, the configured lists that failed to load and were not
     * searched ({@link ListLease#failures()}), when there are any: an answer without hits must not look like a clean
     * check against a list that was never loaded.
     */
    static void writeFailedLists(JsonGenerator g, ListLease lease) throws IOException {
        Map<String, String> failed = new TreeMap<>(lease.failures());
        if (failed.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart("failedLists");
        for (Map.Entry<String, String> f : failed.entrySet()) {
            g.writeStartObject();
            g.writeStringField("name", f.getKey());
            g.writeStringField("error", f.getValue());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /**
     * Writes {@code "hashes":{"size":..,"md5":..,"sha1":..,"sha256":..,"pdq":..,"quality":..,"width":..,"height":..,"format":..}}
     * for a successfully hashed image: the fields of {@code hashmatch hash} records, without the path ({@link HashJson}).
     */
    static void writeHashes(JsonGenerator g, FileHashes h) throws IOException {
        g.writeObjectFieldStart("hashes");
        HashJson.writeFields(g, h);
        g.writeEndObject();
    }

    /** A {@code 200 OK} JSON answer, with its {@code Date} header ({@link HttpDate}). */
    static HttpResponse<String> json(String body) {
        return HttpResponse.ok(body)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpDate.HEADER, HttpDate.now());
    }
}
