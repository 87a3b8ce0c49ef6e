package dev.tether.examples.proxy;

import dev.tether.examples.tls.TlsContexts;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The versions the proxy offers an https backend: everything until a handshake negotiated TLS 1.2,
 * then TLS 1.2 alone (no TLS 1.3 key shares to compute), with the full offer every 64th engine and
 * after any failed handshake; health probes always offer everything.
 */
class TlsVersionHintTest {
    private static final List<String> ALL = List.of("TLSv1.3", "TLSv1.2");

    private static SSLEngine engine() throws Exception {
        SSLContext ctx = TlsContexts.client(List.of());
        return TlsContexts.clientEngine(ctx, "localhost", 443, "localhost", TlsContexts.DEFAULT_ALPN, true);
    }

    private static List<String> offered(TlsVersionHint hint) throws Exception {
        SSLEngine e = engine();
        hint.apply(e);
        return List.of(e.getEnabledProtocols());
    }

    @Test
    void everyVersionIsOfferedUntilAHandshakeNegotiatedTls12() throws Exception {
        TlsVersionHint hint = new TlsVersionHint();
        assertThat(offered(hint)).containsExactlyElementsOf(ALL);
        hint.negotiated("TLSv1.3");
        assertThat(offered(hint)).containsExactlyElementsOf(ALL);
    }

    @Test
    void afterTls12OnlyTls12IsOfferedExceptEverySixtyFourthEngine() throws Exception {
        TlsVersionHint hint = new TlsVersionHint();
        hint.negotiated("TLSv1.2");
        int full = 0;
        for (int i = 0; i < 2 * TlsVersionHint.REOFFER_EVERY; i++) {
            List<String> o = offered(hint);
            if (o.equals(ALL)) {
                full++;
            } else {
                assertThat(o).containsExactly("TLSv1.2");
            }
        }
        assertThat(full).as("engines that offered TLS 1.3 again").isEqualTo(2);
    }

    @Test
    void aFailedHandshakeOrATls13OneGoesBackToTheFullOffer() throws Exception {
        TlsVersionHint hint = new TlsVersionHint();
        hint.negotiated("TLSv1.2");
        hint.failed();
        assertThat(offered(hint)).containsExactlyElementsOf(ALL);
        hint.negotiated("TLSv1.2");
        hint.negotiated("TLSv1.3"); // the backend learned TLS 1.3: seen on a re-offer
        assertThat(offered(hint)).containsExactlyElementsOf(ALL);
    }

    @Test
    void theProxyNarrowsConnectionsOfThatBackendOnlyAndNeverItsProbes() throws Exception {
        Backend a = Backend.parse("https://127.0.0.1:8443?sni=localhost");
        Backend b = Backend.parse("https://127.0.0.1:9443?sni=localhost");
        try (ProxyTls tls = new ProxyTls(new TlsSettings(List.of(), false, List.of(), null), List.of(a, b), 1)) {
            tls.versions(a).negotiated("TLSv1.2");
            assertThat(tls.clientEngine(a, "localhost").getEnabledProtocols()).containsExactly("TLSv1.2");
            assertThat(tls.clientEngine(b, "localhost").getEnabledProtocols()).containsExactlyElementsOf(ALL);
            assertThat(tls.probeEngine(a, "localhost").getEnabledProtocols()).containsExactlyElementsOf(ALL);
        }
    }
}
