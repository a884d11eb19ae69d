package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.lists.ListAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A list's settings apply whatever the case of its name: the configuration hands property names over in lower case. */
class SearchPolicyTest {
    static final RequestLimits LIMITS = new RequestLimits(10_000, 100_000_000L, 100, 100_000L, 10_000_000L);

    @Test
    void settingsDeliveredInLowerCaseBindAListNamedInUpperCase() {
        // as the configuration delivers hashmatch.list-access.HOTLINE.*: the name lower-cased
        SearchPolicy policy = new SearchPolicy(List.of(new ListAccess("hotline", 8, false, null)), LIMITS);

        assertThat(policy.maxDistance("HOTLINE")).isEqualTo(8);
        assertThat(policy.defaultDistance("HOTLINE")).isEqualTo(8);
        assertThat(policy.revealsDistance("HOTLINE")).isFalse();
        assertThat(policy.maxDistance("hotline")).isEqualTo(8);
    }

    @Test
    void aListWithoutSettingsGetsTheDefaults() {
        SearchPolicy policy = new SearchPolicy(List.of(new ListAccess("hotline", 8, false, null)), LIMITS);

        assertThat(policy.maxDistance("vendor-a")).isEqualTo(31);
        assertThat(policy.revealsDistance("vendor-a")).isTrue();
    }
}
