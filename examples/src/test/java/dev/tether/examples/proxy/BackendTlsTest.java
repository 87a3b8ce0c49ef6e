package dev.tether.examples.proxy;

import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendTlsTest {
    @Test
    void anHttpsBackendByNameSendsThatNameAsSniAndOffersH2ThenHttp11() {
        Backend b = Backend.parse("https://localhost:8443");
        assertThat(b.protocol()).isEqualTo(Backend.Protocol.HTTPS);
        assertThat(b.address().getPort()).isEqualTo(8443);
        assertThat(b.tls()).isEqualTo(new BackendTls("localhost", false, List.of("h2", "http/1.1")));
        assertThat(b.name()).isEqualTo("https-localhost:8443");
    }

    @Test
    void anHttpsBackendByAddressSendsNoSni() {
        assertThat(Backend.parse("https://127.0.0.1:8443").tls().sni()).isNull();
        assertThat(new Backend(Backend.Protocol.HTTPS, new InetSocketAddress("127.0.0.1", 1)).tls().sni()).isNull();
    }

    @Test
    void parametersSetTheSniAndTheAlpnOffer() {
        BackendTls t = Backend.parse("https://127.0.0.1:8443?sni=API.example.com&alpn=http/1.1").tls();
        assertThat(t.sni()).isEqualTo("api.example.com");
        assertThat(t.alpn()).containsExactly("http/1.1");

        BackendTls fromHost = Backend.parse("https://127.0.0.1:8443?alpn=h2&sni=@host").tls();
        assertThat(fromHost.sniFromHost()).isTrue();
        assertThat(fromHost.sni()).isNull();
        assertThat(fromHost.sniFor("a.test:8443")).isEqualTo("a.test");
        assertThat(fromHost.sniFor("127.0.0.1:8443")).as("no SNI for an address").isNull();
    }

    @Test
    void badParametersFailNamingWhatIsWrong() {
        assertThatThrownBy(() -> Backend.parse("https://h:1?sni=1.2.3.4")).hasMessage("sni must be a host name or @host: 1.2.3.4");
        assertThatThrownBy(() -> Backend.parse("https://h:1?sni=localhost@BACKEND@alpn=h2"))
                .hasMessage("sni must be a host name or @host: localhost@BACKEND@alpn=h2");
        assertThatThrownBy(() -> Backend.parse("https://h:1?alpn=spdy/3"))
                .hasMessage("alpn must list h2 and/or http/1.1 once each: spdy/3");
        assertThatThrownBy(() -> Backend.parse("https://h:1?alpn=h2,h2")).hasMessage("alpn must list h2 and/or http/1.1 once each: h2,h2");
        assertThatThrownBy(() -> Backend.parse("https://h:1?verify=no")).hasMessage("unknown parameter verify, expected sni or alpn");
        assertThatThrownBy(() -> Backend.parse("h1://h:1?sni=x")).hasMessage("only https:// backends take parameters (sni, alpn)");
        assertThatThrownBy(() -> Backend.parse("h2://h:1")).hasMessage("unknown scheme h2://: HTTP/2 over TLS is https://HOST:PORT?alpn=h2");
        assertThatThrownBy(() -> new Backend(Backend.Protocol.H1, new InetSocketAddress("h", 1), BackendTls.defaults("h")))
                .hasMessageContaining("https backends only");
    }

    @Test
    void withSniFromHostTwoNamesGetUnequalKeysAndOneNameTheSameKey() {
        ReuseEngine engine = ReuseEngine.builder(c -> {
            throw new UnsupportedOperationException("no connect in this test");
        }).build();
        Target t = engine.addTarget(TargetConfig.builder("https-vhosts").build());
        InetSocketAddress dest = new InetSocketAddress("127.0.0.1", 8443);
        SniKeys keys = new SniKeys(t, dest, BackendTls.parse("127.0.0.1", "sni=@host"));

        ReuseKey a = keys.key("a.test");
        ReuseKey b = keys.key("b.test:8443");
        assertThat(a.name()).isEqualTo("a.test");
        assertThat(b.name()).isEqualTo("b.test");
        assertThat(a).as("R5/R6: the SNI is the name, names never share").isNotEqualTo(b);
        assertThat(keys.key("A.test:443")).as("the same name, another spelling").isEqualTo(a);
        assertThat(keys.key("a.test")).isSameAs(a);
        assertThat(a.destination()).isEqualTo(dest);
        assertThat(keys.key("127.0.0.1").name()).isNull();
    }
}
