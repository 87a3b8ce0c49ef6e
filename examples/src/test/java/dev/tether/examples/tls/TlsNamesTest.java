package dev.tether.examples.tls;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsNamesTest {
    @Test
    void addressLiteralsAreRecognised() {
        assertThat(TlsNames.isIpLiteral("127.0.0.1")).isTrue();
        assertThat(TlsNames.isIpLiteral("::1")).isTrue();
        assertThat(TlsNames.isIpLiteral("256.0.0.1")).isFalse();
        assertThat(TlsNames.isIpLiteral("1.2.3")).isFalse();
        assertThat(TlsNames.isIpLiteral("example.com")).isFalse();
        assertThat(TlsNames.isIpLiteral("1.2.3.com")).isFalse();
    }

    @Test
    void theSniOfAnAuthorityIsItsLowerCaseNameWithoutPortOrTrailingDot() {
        assertThat(TlsNames.sniOf("API.Example.com:8443")).isEqualTo("api.example.com");
        assertThat(TlsNames.sniOf("example.com.")).isEqualTo("example.com");
        assertThat(TlsNames.sniOf("a.test")).isEqualTo("a.test");
    }

    @Test
    void addressLiteralsAndEmptyAuthoritiesHaveNoSni() {
        assertThat(TlsNames.sniOf("127.0.0.1:80")).isNull();
        assertThat(TlsNames.sniOf("[::1]:443")).isNull();
        assertThat(TlsNames.sniOf("")).isNull();
        assertThat(TlsNames.sniOf(null)).isNull();
    }

    @Test
    void textThatIsNoHostNameHasNoSni() {
        assertThat(TlsNames.sniOf("localhost@backend@alpn=http/1.1")).isNull();
        assertThat(TlsNames.sniOf("a..b")).isNull();
        assertThat(TlsNames.sniOf("-a.example")).isNull();
        assertThat(TlsNames.sniOf("under_score.example")).isNull();
        assertThat(TlsNames.sniOf("b\u00fccher.example")).isNull(); // IDNs arrive as A-labels (xn--)
        assertThat(TlsNames.sniOf("x".repeat(64) + ".example")).isNull();
        assertThat(TlsNames.sniOf("xn--bcher-kva.example:443")).isEqualTo("xn--bcher-kva.example");
    }
}
