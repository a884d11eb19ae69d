package io.hashmatch.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks of {@code hashmatch.security.anonymous} at start, and its CIDR blocks. */
class AnonymousAccessConfigurationTest {
    @Test
    void offByDefault() {
        assertThat(new AnonymousAccess(new AnonymousConfiguration(null, null)).enabled())
                .isFalse();
    }

    @Test
    void neverAdminAndNeverFromNowhere() {
        assertThatThrownBy(() -> new AnonymousAccess(new AnonymousConfiguration("admin", List.of("127.0.0.1"))))
                .hasMessage("hashmatch.security.anonymous.role must be match or curate (never admin), not 'admin'");
        assertThatThrownBy(() -> new AnonymousAccess(new AnonymousConfiguration("curate", List.of())))
                .hasMessageStartingWith("hashmatch.security.anonymous.from must list the networks");
        assertThatThrownBy(() -> new AnonymousAccess(new AnonymousConfiguration(null, List.of("10.0.0.0/8"))))
                .hasMessage("hashmatch.security.anonymous.from is set but hashmatch.security.anonymous.role is not");
        assertThatThrownBy(() -> new AnonymousAccess(new AnonymousConfiguration("match", List.of("10.0.0.0/33"))))
                .hasMessage("hashmatch.security.anonymous.from: '10.0.0.0/33' is not a CIDR block (address/prefix,"
                        + " e.g. 10.0.0.0/8)");
        assertThatThrownBy(() -> new AnonymousAccess(new AnonymousConfiguration("match", List.of("gateway.local"))))
                .as("a literal only, never a name lookup")
                .hasMessageContaining("is not a CIDR block");
    }

    @Test
    void cidrBlocksMatchExactlyTheirAddresses() {
        var block = AnonymousAccess.subnet("x", "10.1.0.0/16");
        assertThat(block.matches(new InetSocketAddress("10.1.255.7", 1))).isTrue();
        assertThat(block.matches(new InetSocketAddress("10.2.0.1", 1))).isFalse();
        var one = AnonymousAccess.subnet("x", "192.0.2.5");
        assertThat(one.matches(new InetSocketAddress("192.0.2.5", 1))).isTrue();
        assertThat(one.matches(new InetSocketAddress("192.0.2.4", 1))).isFalse();
        var v6 = AnonymousAccess.subnet("x", "2001:db8::/32");
        assertThat(v6.matches(new InetSocketAddress("2001:db8:1::1", 1))).isTrue();
        assertThat(v6.matches(new InetSocketAddress("2001:db9::1", 1))).isFalse();
    }
}
