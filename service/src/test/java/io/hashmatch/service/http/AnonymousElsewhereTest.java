package io.hashmatch.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** Anonymous access for another network than the caller's: a request without a key is refused as usual. */
@MicronautTest
@Property(name = "hashmatch.watch", value = "false")
@Property(name = "hashmatch.security.anonymous.role", value = "match")
@Property(name = "hashmatch.security.anonymous.from[0]", value = "10.0.0.0/8")
class AnonymousElsewhereTest extends ServedRoutesFixture {
    @Test
    void aRequestFromAnotherNetworkNeedsAKey() {
        Http anonymous = new Http(server.getURL(), null);
        assertThat(anonymous.get("/v1/lists").status()).isEqualTo(401);
        assertThat(anonymous.get("/status"))
                .as("open to everyone")
                .isEqualTo(new Http.Answer(200, "text/html;charset=utf-8", "I-AM-ALIVE"));
    }
}
