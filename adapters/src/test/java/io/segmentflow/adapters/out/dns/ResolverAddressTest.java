package io.segmentflow.adapters.out.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResolverAddressTest {
    @Test
    void reads_host_and_port_with_53_as_the_default() {
        InetSocketAddress local = ResolverAddress.parse("127.0.0.1:5353");
        InetSocketAddress v6 = ResolverAddress.parse("[::1]:5399");
        InetSocketAddress plain = ResolverAddress.parse("127.0.0.1");

        assertThat(local.getPort()).isEqualTo(5353);
        assertThat(local.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(v6.getPort()).isEqualTo(5399);
        assertThat(v6.getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(plain.getPort()).isEqualTo(53);
    }

    @ParameterizedTest
    @ValueSource(strings = {":53", "127.0.0.1:0", "127.0.0.1:70000", "127.0.0.1:x", "::1:53", "[::1", "[::1]x"})
    void refuses_what_is_not_host_and_port(String setting) {
        assertThatThrownBy(() -> ResolverAddress.parse(setting)).isInstanceOf(IllegalArgumentException.class);
    }
}
