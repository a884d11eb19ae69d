package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashmatch.service.security.TestKeys;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/**
 * {@code hashmatch.security.anonymous} on, for the loopback: a request without a key is served with the configured
 * role and no more; a request with a wrong key is still refused.
 */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.security.anonymous.role", value = "curate")
@Property(name = "hashmatch.security.anonymous.from[0]", value = "127.0.0.0/8")
@Property(name = "hashmatch.security.anonymous.from[1]", value = "::1")
class AnonymousAccessTest extends ServedRoutesFixture {
    @Test
    void aRequestWithoutAKeyGetsTheConfiguredRoleAndNoMore() {
        Http anonymous = new Http(server.getURL(), null);
        assertThat(anonymous.get("/v1/lists").status()).isEqualTo(200);
        assertThat(anonymous.get("/m/lookup?signal_type=pdq&signal=" + "0".repeat(64)))
                .isEqualTo(new Http.Answer(200, "application/json", "{}\n"));
        assertThat(anonymous.get("/prometheus"))
                .isEqualTo(new Http.Answer(
                        403,
                        "application/json",
                        "{\"error\":{\"code\":\"forbidden\",\"message\":\"this route needs the admin role; a request"
                                + " without a key has the curate role\"}}"));
        assertThat(anonymous.delete("/v1/lists/demo").status()).isEqualTo(403);
    }

    @Test
    void aWrongKeyIsStillRefused() {
        assertThat(new Http(server.getURL(), "hm_not-a-configured-key")
                        .get("/v1/lists")
                        .status())
                .isEqualTo(401);
        assertThat(new Http(server.getURL(), TestKeys.MATCH).get("/prometheus").status())
                .as("a key's own role counts, not the anonymous one")
                .isEqualTo(403);
    }
}
