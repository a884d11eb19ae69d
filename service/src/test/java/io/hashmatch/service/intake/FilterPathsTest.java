package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.core.util.PathMatcher;
import io.micronaut.http.filter.FilterPatternStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The intake filters' own path matching against what Micronaut's router did with the same patterns (its Ant matcher
 * on every pattern): the same answer for every path, including the odd ones (empty segments, dots, a segment that
 * only starts with {@code report}).
 */
class FilterPathsTest {
    private static final PathMatcher ROUTER = FilterPatternStyle.defaultStyle().getPathMatcher();
    private static final List<String> SEGMENTS =
            List.of("", "report", "reports", "v1", "status", "report.mjs", "x.js", ".", "..", "REPORT", "match", "r");

    private static boolean router(List<String> patterns, String path) {
        return patterns.stream().anyMatch(p -> ROUTER.matches(p, path));
    }

    private static List<String> paths(long seed) {
        List<String> paths = new ArrayList<>(List.of(
                "/",
                "/report",
                "/report/",
                "/report/status",
                "/report/x.js",
                "//report",
                "/report//status",
                "/v1/report",
                "/v1/report/",
                "/v1/report/status",
                "/v1/report/a/b",
                "/v1/reports",
                "/v1/reportx",
                "/v1/match/hashes",
                "/m/lookup",
                "/reports",
                "/v1//report",
                "/v1/report/../match"));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            StringBuilder path = new StringBuilder();
            for (int s = 0, n = 1 + random.nextInt(4); s < n; s++) {
                path.append('/').append(SEGMENTS.get(random.nextInt(SEGMENTS.size())));
            }
            paths.add(path.toString());
        }
        return paths;
    }

    @Test
    void theGuardsPathsAreTheRoutersAnswer() {
        long seed = 20;
        for (List<String> patterns : List.of(
                List.of("/report", "/report/status", "/v1/report", "/v1/report/**"),
                List.of("/report", "/report/**"))) {
            FilterPaths paths = new FilterPaths(patterns.toArray(String[]::new));
            int matched = 0;
            for (String path : paths(seed)) {
                boolean expected = router(patterns, path);
                assertThat(paths.matches(path))
                        .as("%s on %s (seed %d)", patterns, path, seed)
                        .isEqualTo(expected);
                matched += expected ? 1 : 0;
            }
            assertThat(matched).as("paths that match %s", patterns).isGreaterThan(20);
        }
        assertThat(IntakeGuard.PATHS.matches("/v1/report/status")).isTrue();
        assertThat(IntakeGuard.PATHS.matches("/v1/match/hashes")).isFalse();
        assertThat(ReportPageHeaders.PATHS.matches("/report/hash.mjs")).isTrue();
        assertThat(ReportPageHeaders.PATHS.matches("/v1/report")).isFalse();
    }

    @Test
    void aPatternWithoutAReportSegmentIsRefused() {
        assertThatThrownBy(() -> new FilterPaths("/v1/**")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FilterPaths("/reports/**")).isInstanceOf(IllegalArgumentException.class);
    }
}
