package io.hashmatch.service.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The address a refused request is counted under: IPv6 by its /64 network, so a host cannot rotate addresses. */
class ClientAddressesTest {
    @Test
    void countsIpv4AsItIsAndIpv6ByItsNetwork() {
        assertThat(ClientAddresses.normalize("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(ClientAddresses.normalize("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddresses.normalize("[2001:db8:1:2::9]")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddresses.normalize("::1")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(ClientAddresses.normalize("proxy-said-this")).isEqualTo("proxy-said-this");
    }
}
