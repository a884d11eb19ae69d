package io.hashmatch.service.http;

import io.hashmatch.match.ListSettings;
import io.hashmatch.match.MatchBudgetException;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import io.hashmatch.match.VideoHit;
import io.hashmatch.service.lists.ListAccess;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.UnknownListException;
import io.hashmatch.service.security.ApiKey;
import io.hashmatch.service.security.Role;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * How wide a caller may search and what its answers may disclose, so that a match key cannot rebuild a list from
 * distances nor exhaust the service with one request:
 *
 * <ul>
 *   <li><b>Distance caps.</b> A match key may search a list at most at that list's
 *       {@code hashmatch.list-access.<name>.max-distance} (default {@value ListSettings#DEFAULT_MAX_DISTANCE}); an
 *       admin key at most at {@value #ADMIN_MAX_DISTANCE}, whatever the list. A request over the cap of any list it
 *       searches is refused with 400 {@code invalid_max_distance}. Without a distance, each list is searched at
 *       the smaller of {@value ListSettings#DEFAULT_MAX_DISTANCE} and its cap.</li>
 *   <li><b>Distance disclosure.</b> A hit's distance is in the answer only if both the key
 *       ({@code hashmatch.security.keys.<id>.reveal-distance}) and the hit's list
 *       ({@code hashmatch.list-access.<name>.reveal-distance}) allow it (both default to yes).</li>
 *   <li><b>Work.</b> The matching of one request, of hashes, an image or a video, runs within
 *       {@link RequestLimits#matchLimits()}; over its budget the request is refused with 422 {@code too_many_hits} or
 *       {@code search_too_wide}.</li>
 * </ul>
 *
 * <p>Immutable; thread-safe.
 */
@Singleton
public final class SearchPolicy {
    /** The widest PDQ search of an admin key: beyond it a search says little about near-duplicates, a lot about a list. */
    static final int ADMIN_MAX_DISTANCE = 64;

    private final Map<String, ListAccess> access = new HashMap<>();
    private final RequestLimits limits;

    /**
     * @throws IllegalArgumentException if a list's {@code max-distance} is outside 0..{@value #ADMIN_MAX_DISTANCE}
     */
    SearchPolicy(List<ListAccess> configured, RequestLimits limits) {
        this.limits = limits;
        for (ListAccess a : configured) {
            Integer max = a.maxDistance();
            if (max != null && (max < 0 || max > ADMIN_MAX_DISTANCE)) {
                throw new IllegalArgumentException("hashmatch.list-access." + a.name() + ".max-distance must be 0.."
                        + ADMIN_MAX_DISTANCE + ": " + max);
            }
            access.put(ListAccess.key(a.name()), a);
        }
    }

    /**
     * One request's search: the matcher over its lists at their distances, and what its answer may disclose.
     *
     * @param matcher the matcher
     * @param caller the key that asked, or null
     */
    record Search(Matcher matcher, @Nullable ApiKey caller, SearchPolicy policy) {
        /** Whether the answer may carry the distance of a hit on {@code list}. */
        boolean revealsDistance(String list) {
            return caller != null && caller.revealDistance() && policy.revealsDistance(list);
        }
    }

    /** The largest PDQ distance a match key may search {@code list} at. */
    int maxDistance(String list) {
        ListAccess a = access.get(ListAccess.key(list));
        return a == null || a.maxDistance() == null ? ListSettings.DEFAULT_MAX_DISTANCE : a.maxDistance();
    }

    /** The PDQ distance {@code list} is searched at when a request names none. */
    public int defaultDistance(String list) {
        return Math.min(ListSettings.DEFAULT_MAX_DISTANCE, maxDistance(list));
    }

    /** Whether answers may carry the distances of hits on {@code list} (for keys that may see distances). */
    boolean revealsDistance(String list) {
        ListAccess a = access.get(ListAccess.key(list));
        return a == null || !Boolean.FALSE.equals(a.revealDistance());
    }

    /**
     * The search of a request by {@code http}'s caller over the lease's lists named {@code lists} (null or empty:
     * every list) at {@code maxDistance} (null: each list's default).
     *
     * @throws ApiException 503 {@code no_lists} when no list is served, 404 {@code unknown_list}, 400
     *     {@code invalid_max_distance} over the caller's cap on any of the lists
     */
    Search search(HttpRequest<?> http, ListLease lease, @Nullable Integer maxDistance, @Nullable List<String> lists) {
        ApiKey caller = ApiKey.of(http);
        Collection<String> names = MatchAnswers.snapshots(lease, lists).keySet();
        Map<String, Integer> distances = new LinkedHashMap<>();
        for (String name : names) {
            if (maxDistance != null) {
                checkDistance(caller, name, maxDistance);
            }
            distances.put(name, maxDistance == null ? defaultDistance(name) : maxDistance);
        }
        try {
            return new Search(lease.matcher(distances), caller, this);
        } catch (UnknownListException e) {
            throw new IllegalStateException(e); // the names are those of the lease
        }
    }

    private void checkDistance(@Nullable ApiKey caller, String list, int maxDistance) {
        boolean admin = caller != null && caller.role() == Role.ADMIN;
        int cap = admin ? ADMIN_MAX_DISTANCE : maxDistance(list);
        if (maxDistance < 0 || maxDistance > cap) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "invalid_max_distance",
                    "maxDistance must be 0.." + cap + (admin ? "" : " on list '" + list + "' for this key") + ": "
                            + maxDistance);
        }
    }

    /**
     * Matches {@code queries} within the request limits.
     *
     * @throws ApiException 422 {@code too_many_hits} or {@code search_too_wide} over the request's budget
     */
    List<MatchResult> match(Search search, List<Query> queries) {
        return withinBudget(
                () -> search.matcher().match(queries, limits.matchLimits()),
                "send fewer queries per request or a smaller maxDistance");
    }

    /**
     * Matches a video's vPDQ {@code frames} by {@code rules} within the request limits' call budgets
     * ({@link Matcher#matchVideo(List, VideoMatcher, io.hashmatch.match.MatchLimits)}: its hits, and the frames of
     * known videos its searches find).
     *
     * @throws ApiException 422 {@code too_many_hits} or {@code search_too_wide} over the request's budget
     */
    List<VideoHit> matchVideo(Search search, List<VpdqFrame> frames, VideoMatcher rules) {
        return withinBudget(
                () -> search.matcher().matchVideo(frames, rules, limits.matchLimits()),
                "send a smaller maxDistance or fewer lists");
    }

    /** The result of {@code matching}, or the typed error of the budget it went over, with {@code advice}. */
    private static <T> T withinBudget(Supplier<T> matching, String advice) {
        try {
            return matching.get();
        } catch (MatchBudgetException e) {
            throw switch (e.budget()) {
                case HITS ->
                    new ApiException(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "too_many_hits",
                            e.getMessage() + " (hashmatch.limits.max-hits-per-request): " + advice);
                case EXAMINED ->
                    new ApiException(
                            HttpStatus.UNPROCESSABLE_ENTITY,
                            "search_too_wide",
                            e.getMessage() + " (hashmatch.limits.max-examined-per-request): " + advice);
            };
        }
    }
}
