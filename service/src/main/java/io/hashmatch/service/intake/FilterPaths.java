package io.hashmatch.service.intake;

import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.filter.FilterPatternStyle;
import java.util.List;

/**
 * The paths an intake filter applies to, matched by the filter itself. Micronaut's router finds the filters that
 * are registered for every path ({@code /**}) once; one registered for other patterns makes it match every request's
 * path against those patterns with its Ant path matcher and sort the filter chain again, for every request of every
 * route: about 2 % of the CPU of a PDQ lookup request. So the intake filters are registered for every path and ask
 * this first: the same Ant matching, done only for a path that can match ({@link #NEEDLE}).
 *
 * <p>Immutable; thread-safe.
 */
final class FilterPaths {
    /** In every path that matches an intake pattern: each pattern has a literal {@code report} segment. */
    private static final String NEEDLE = "report";

    /** The matcher the router uses for a filter pattern of the default style. */
    private static final PathMatcher ANT = FilterPatternStyle.defaultStyle().getPathMatcher();

    private final List<String> patterns;

    /**
     * @param patterns Ant patterns, as in {@code @ServerFilter}; each must have a literal {@code report} segment
     * @throws IllegalArgumentException for a pattern without one
     */
    FilterPaths(String... patterns) {
        for (String p : patterns) {
            if (!List.of(p.split("/", -1)).contains(NEEDLE)) {
                throw new IllegalArgumentException("an intake pattern has a segment 'report': " + p);
            }
        }
        this.patterns = List.of(patterns);
    }

    /** Whether {@code path} (a request's {@link io.micronaut.http.HttpRequest#getPath()}) matches a pattern. */
    boolean matches(String path) {
        if (!path.contains(NEEDLE)) {
            return false;
        }
        for (String p : patterns) {
            if (ANT.matches(p, path)) {
                return true;
            }
        }
        return false;
    }
}
