package io.hashmatch.service.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is counted under: X-Forwarded-For believed only from trusted proxies, right to left. */
class ClientKeysTest {
    private static final ClientKeys KEYS =
            new ClientKeys(new IntakeRateLimitConfiguration(2, 60, List.of("10.0.0.0/8", "192.0.2.1"), 100));

    private static InetSocketAddress peer(String address) {
        return new InetSocketAddress(InetAddress.ofLiteral(address), 40000);
    }

    @Test
    void anUntrustedPeerIsTheClientWhateverItForwards() {
        assertThat(KEYS.address(peer("203.0.113.9"), List.of("198.51.100.1"))).isEqualTo("203.0.113.9");
        assertThat(KEYS.address(peer("203.0.113.9"), List.of())).isEqualTo("203.0.113.9");
    }

    @Test
    void aTrustedProxyNamesTheClientOnTheRightOfTheHeader() {
        assertThat(KEYS.address(peer("10.1.2.3"), List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        // the client wrote 203.0.113.66 itself; the proxy appended what it saw
        assertThat(KEYS.address(peer("10.1.2.3"), List.of("203.0.113.66, 198.51.100.1")))
                .isEqualTo("198.51.100.1");
        // two trusted proxies in a row, over two header lines
        assertThat(KEYS.address(peer("10.1.2.3"), List.of("203.0.113.66, 198.51.100.1", "192.0.2.1")))
                .isEqualTo("198.51.100.1");
        // no header: the proxy itself
        assertThat(KEYS.address(peer("10.1.2.3"), List.of())).isEqualTo("10.1.2.3");
        // garbage stops the walk at the last address believed
        assertThat(KEYS.address(peer("10.1.2.3"), List.of("198.51.100.1, not-an-address")))
                .isEqualTo("10.1.2.3");
        // IPv6 as its /64, a name is never looked up
        assertThat(KEYS.address(peer("10.1.2.3"), List.of("[2001:db8:1:2::77]")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(KEYS.address(peer("10.1.2.3"), List.of("example.org"))).isEqualTo("10.1.2.3");
    }

    @Test
    void keysAreStablePerProcessAndDifferAcrossKeysAndAddresses() {
        assertThat(KEYS.keyOf("198.51.100.1")).isEqualTo(KEYS.keyOf("198.51.100.1"));
        assertThat(KEYS.keyOf("198.51.100.1")).isNotEqualTo(KEYS.keyOf("198.51.100.2"));
        ClientKeys other = new ClientKeys(new IntakeRateLimitConfiguration(2, 60, List.of(), 100));
        assertThat(other.keyOf("198.51.100.1")).isNotEqualTo(KEYS.keyOf("198.51.100.1"));
    }
}
