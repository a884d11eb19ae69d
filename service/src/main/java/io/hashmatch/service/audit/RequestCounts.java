package io.hashmatch.service.audit;

import io.hashmatch.service.lists.ListInfo;
import io.micronaut.http.HttpRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a match request did, for its audit line: how many queries (hashes, or 1 for an image), how many of them hit,
 * and the versions of the lists searched. Attached to the request by the route
 * ({@code io.hashmatch.service.ops.MatchObserver}) and read by {@link AuditFilter} when the answer is written.
 *
 * <p>Immutable; thread-safe.
 *
 * @param queries number of queries
 * @param hits number of hits (matches on a list) over every query
 * @param lists the lists searched, with their version and checksum
 */
public record RequestCounts(int queries, int hits, List<ListInfo> lists) {
  private static final String ATTRIBUTE = "hashmatch.audit.counts";

  public RequestCounts {
    lists = List.copyOf(lists);
  }

  /** Attaches the counts to {@code request} (replacing any earlier ones). */
  public void attachTo(HttpRequest<?> request) {
    request.setAttribute(ATTRIBUTE, this);
  }

  /** The counts attached to {@code request}, or null (a route that matches nothing). */
  public static @Nullable RequestCounts of(HttpRequest<?> request) {
    return request.getAttribute(ATTRIBUTE, RequestCounts.class).orElse(null);
  }
}
