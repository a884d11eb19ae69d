package io.hashmatch.service.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hashmatch.match.MatchResult;
import io.hashmatch.match.Matcher;
import io.hashmatch.match.Query;
import io.hashmatch.match.VideoHit;
import io.hashmatch.service.lists.ListLease;
import io.hashmatch.service.lists.ListRegistry;
import io.hashmatch.service.ops.MatchObserver;
import io.hashmatch.video.VideoMatcher;
import io.hashmatch.video.VpdqFrame;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a route that matches ({@code /v1/match/*}, HMA's lookups, the hotline's reports) searches the served lists: a
 * lease on them, the caller's search over them ({@link SearchPolicy}: distance caps and disclosure), the matching (of
 * queries, or of a video's vPDQ frames, within the request's limits), and the record of the results on the request
 * ({@link MatchSummary}) and with the {@link MatchObserver}. The routes go through it rather than each leasing and
 * matching by itself.
 *
 * <p>Stateless; thread-safe. A {@link LeasedSearch} belongs to one request, which closes it.
 */
@Singleton
public final class ListMatching {
    private final ListRegistry registry;
    private final SearchPolicy policy;
    private final MatchObserver observer;

    ListMatching(ListRegistry registry, SearchPolicy policy, MatchObserver observer) {
        this.registry = registry;
        this.policy = policy;
        this.observer = observer;
    }

    /**
     * Opens the search of {@code http}'s caller over the served lists named {@code lists} (null or empty: every list)
     * at {@code maxDistance} (null: each list's default).
     *
     * @throws ApiException as {@link SearchPolicy#search} refuses it (the lease released)
     */
    LeasedSearch open(HttpRequest<?> http, @Nullable Integer maxDistance, @Nullable List<String> lists) {
        return open(http, maxDistance, lists, lease -> {});
    }

    /**
     * As {@link #open(HttpRequest, Integer, List)}, after {@code check} has seen the lease (and thrown, for a request
     * it refuses; the lease is released).
     */
    LeasedSearch open(
            HttpRequest<?> http,
            @Nullable Integer maxDistance,
            @Nullable List<String> lists,
            Consumer<ListLease> check) {
        ListLease lease = registry.acquire();
        try {
            check.accept(lease);
            return new LeasedSearch(http, lease, policy.search(http, lease, maxDistance, lists));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * As {@link #open(HttpRequest, Integer, List)} over every list at its default distance, or null when no list is
     * served: for an answer that shows matches beside other things (a hotline report), where no list means no match
     * rather than the match routes' 503 {@code no_lists}.
     */
    public @Nullable LeasedSearch openIfServed(HttpRequest<?> http) {
        ListLease lease = registry.acquire();
        if (lease.isEmpty()) {
            lease.close();
            return null;
        }
        try {
            return new LeasedSearch(http, lease, policy.search(http, lease, null, null));
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /**
     * One request's search over leased lists; closing it releases the lease. A request that matches more than once
     * (a hotline queue, a report's videos) adds each match to its {@link MatchSummary}. Not thread-safe.
     */
    public final class LeasedSearch implements AutoCloseable {
        private final HttpRequest<?> http;
        private final ListLease lease;
        private final SearchPolicy.Search search;

        private LeasedSearch(HttpRequest<?> http, ListLease lease, SearchPolicy.Search search) {
            this.http = http;
            this.lease = lease;
            this.search = search;
        }

        /** The matcher and what answers may disclose. */
        SearchPolicy.Search search() {
            return search;
        }

        /**
         * Matches {@code queries} within the request limits, leaves the request's {@link MatchSummary} on it and
         * tells the observer.
         *
         * @throws ApiException 422 {@code too_many_hits} or {@code search_too_wide} over the request's budget
         */
        public List<MatchResult> match(List<Query> queries, MatchObserver.Source source) {
            List<MatchResult> results = policy.match(search, queries);
            MatchAnswers.summarize(http, lease, search.matcher(), queries.size(), results);
            observer.matched(source, results);
            return results;
        }

        /**
         * Matches a video's vPDQ {@code frames} by {@code rules} within the request limits ({@link Matcher#matchVideo}:
         * the frame distance is the rules'; the search's PDQ distances play no part, its {@code maxDistance} was
         * checked against the caller's caps when it was opened), leaves the request's {@link MatchSummary} (one query)
         * on it and tells the observer.
         *
         * @throws ApiException 422 {@code too_many_hits} or {@code search_too_wide} over the request's budget
         */
        public List<VideoHit> matchVideo(List<VpdqFrame> frames, VideoMatcher rules) {
            List<VideoHit> hits = policy.matchVideo(search, frames, rules);
            MatchAnswers.summarizeVideo(http, lease, search.matcher(), hits);
            observer.matchedVideo(hits);
            return hits;
        }

        /** Writes the lists searched and those that failed to load ({@link MatchAnswers#writeLists}). */
        void writeLists(JsonGenerator g) throws IOException {
            MatchAnswers.writeLists(g, lease, search.matcher());
        }

        /**
         * Writes the lists searched, each with its number of videos, and those that failed to load
         * ({@link MatchAnswers#writeVideoLists}).
         */
        void writeVideoLists(JsonGenerator g) throws IOException {
            MatchAnswers.writeVideoLists(g, lease, search.matcher());
        }

        /** Releases the lease. */
        @Override
        public void close() {
            lease.close();
        }
    }
}
