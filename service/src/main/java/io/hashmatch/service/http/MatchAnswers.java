package io.hashmatch.service.http;

import io.hashmatch.hash.ExactHashes;
import io.hashmatch.hash.FileHashes;
import io.hashmatch.hash.PdqResult;
import io.hashmatch.list.HashListSnapshot;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.service.cli.JsonStrings;
import io.hashmatch.service.lists.ListInfo;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.UnknownListException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of the {@code /v1} answers written by hand (matching is the hot path; the match records are the CLI's,
 * {@link io.hashmatch.service.cli.MatchJson}): the lists an answer came from and an image's hashes. Also the
 * matcher choice shared by the match routes.
 *
 * <p>Stateless; thread-safe.
 */
final class MatchAnswers {
    private MatchAnswers() {}

    /**
     * The matcher of a request: the lease's lists, filtered by name, at {@code maxDistance}.
     *
     * @throws ApiException 503 {@code no_lists} when no list is served, 404 {@code unknown_list}, 400
     *     {@code invalid_max_distance}
     */
    static Matcher matcher(ListLease lease, @Nullable Integer maxDistance, @Nullable List<String> lists) {
        requireLists(lease);
        checkMaxDistance(maxDistance);
        try {
            return lease.matcher(maxDistance, lists);
        } catch (UnknownListException e) {
            throw unknownList(e);
        }
    }

    /**
     * The snapshots of the lease's lists, filtered by name (for the video route, which matches them itself).
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

    /** @throws ApiException 400 {@code invalid_max_distance} unless null or 0..256 */
    static void checkMaxDistance(@Nullable Integer maxDistance) {
        if (maxDistance != null && (maxDistance < 0 || maxDistance > 256)) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, "invalid_max_distance", "maxDistance must be 0..256: " + maxDistance);
        }
    }

    private static void requireLists(ListLease lease) {
        if (lease.isEmpty()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "no_lists", "no list is loaded yet");
        }
    }

    private static ApiException unknownList(UnknownListException e) {
        return new ApiException(HttpStatus.NOT_FOUND, "unknown_list", e.getMessage());
    }

    /**
     * Leaves the {@link MatchSummary} of a request's results on it ({@link MatchSummary#ATTRIBUTE}).
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
        List<String> lists = new ArrayList<>();
        if (matcher != null) {
            for (String name : matcher.listNames()) {
                ListInfo info = lease.list(name);
                lists.add(info == null ? name : name + "@" + info.version() + "#" + info.checksum());
            }
        }
        request.setAttribute(MatchSummary.ATTRIBUTE, new MatchSummary(queries, hits, matched, lists));
    }

    /** Leaves the {@link MatchSummary} of a hash-only request (images hashed, nothing matched) on it. */
    static void summarizeHashing(HttpRequest<?> request, int images) {
        request.setAttribute(MatchSummary.ATTRIBUTE, new MatchSummary(images, 0, 0, List.of()));
    }

    /** Appends {@code "lists":[{"name":..,"version":..,"checksum":..},...]} for the lists {@code matcher} searched. */
    static void appendLists(StringBuilder b, ListLease lease, Matcher matcher) {
        b.append("\"lists\":[");
        List<String> names = matcher.listNames();
        for (int i = 0; i < names.size(); i++) {
            ListInfo info = lease.list(names.get(i));
            b.append(i == 0 ? "{\"name\":" : ",{\"name\":");
            JsonStrings.appendString(b, names.get(i));
            if (info != null) {
                b.append(",\"version\":");
                JsonStrings.appendString(b, info.version());
                b.append(",\"checksum\":\"").append(info.checksum()).append('"');
            }
            b.append('}');
        }
        b.append(']');
    }

    /**
     * Appends {@code "hashes":{"size":..,"md5":..,"sha1":..,"sha256":..,"pdq":..,"quality":..,"width":..,"height":..,"format":..}}
     * for a successfully hashed image (the keys of {@code hashmatch hash} records, without the path).
     */
    static void appendHashes(StringBuilder b, FileHashes h) {
        b.append("\"hashes\":{\"size\":").append(h.size());
        ExactHashes exact = h.exact();
        if (exact != null) {
            b.append(",\"md5\":\"").append(exact.md5()).append('"');
            b.append(",\"sha1\":\"").append(exact.sha1()).append('"');
            b.append(",\"sha256\":\"").append(exact.sha256()).append('"');
        }
        PdqResult pdq = h.pdq();
        if (pdq != null) {
            b.append(",\"pdq\":\"").append(pdq.hash().toHex()).append('"');
            b.append(",\"quality\":").append(pdq.quality());
            b.append(",\"width\":").append(h.width());
            b.append(",\"height\":").append(h.height());
        }
        if (h.format() != null) {
            b.append(",\"format\":");
            JsonStrings.appendString(b, h.format().label());
        }
        b.append('}');
    }
}
