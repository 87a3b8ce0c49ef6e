package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.Demo;
import dev.tether.examples.load.DemoResult;
import dev.tether.examples.load.WebSocketDemo;
import dev.tether.examples.load.WebSocketDemoResult;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code demo} with the numbers: 20,000 requests over 64 keep-alive clients. */
class DemoTest {
    @Test
    void h1DemoHasNoErrorAndNoMoreBackendConnectionsThanClients() throws Exception {
        int fdBaseline = E2e.openFds();
        DemoResult r = Demo.run(20_000, 64, Backend.Protocol.H1, ReusePolicy.SAFE, null);
        System.out.println(r.table() + r.json());
        assertThat(r.errors()).isZero();
        assertThat(r.backendConnections()).isLessThanOrEqualTo(r.clientConnections());
        assertThat(r.json()).contains("\"requests\":20000", "\"errors\":0", "\"policy\":\"safe\"", "\"backend\":\"h1\"");
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void h2cDemoHasNoErrorAndAtMostTwoBackendConnections() throws Exception {
        int fdBaseline = E2e.openFds();
        DemoResult r = Demo.run(20_000, 64, Backend.Protocol.H2C, ReusePolicy.ALWAYS, null);
        System.out.println(r.table() + r.json());
        assertThat(r.errors()).isZero();
        assertThat(r.backendConnections()).isLessThanOrEqualTo(2);
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void demoOverTlsWithHttp11ByAlpnHasNoErrorAndNoMoreBackendConnectionsThanClients() throws Exception {
        int fdBaseline = E2e.openFds();
        DemoResult r = Demo.run(3_000, 16, "https", ReusePolicy.SAFE, null);
        System.out.println(r.table() + r.json());
        assertThat(r.errors()).isZero();
        assertThat(r.backendConnections()).isLessThanOrEqualTo(r.clientConnections());
        assertThat(r.json()).contains("\"requests\":3000", "\"errors\":0", "\"backend\":\"https\"");
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void demoOverTlsWithH2ByAlpnHasNoErrorAndNoMoreBackendConnectionsThanClients() throws Exception {
        int fdBaseline = E2e.openFds();
        DemoResult r = Demo.run(3_000, 16, "h2", ReusePolicy.ALWAYS, null);
        System.out.println(r.table() + r.json());
        assertThat(r.errors()).isZero();
        // R27: a new connection is exclusive until its handshake chose the mux, so the first burst may
        // open one per client; after that every request shares them.
        assertThat(r.backendConnections()).isLessThanOrEqualTo(r.clientConnections());
        assertThat(r.json()).contains("\"backend\":\"h2\"");
        E2e.assertFdsBackTo(fdBaseline);
    }

    @Test
    void webSocketDemoGivesEachWebSocketItsOwnH1ConnectionAndSharesH2cOnes() throws Exception {
        int fdBaseline = E2e.openFds();
        WebSocketDemoResult h1 = WebSocketDemo.run(8, 20, Backend.Protocol.H1, ReusePolicy.ALWAYS, null);
        System.out.println(h1.table() + h1.json());
        assertThat(h1.errors()).isZero();
        assertThat(h1.messages()).isEqualTo(160);
        assertThat(h1.backendConnections()).as("R11: one fresh connection per upgrade").isEqualTo(8);
        assertRoundTrips(h1);
        WebSocketDemoResult h2c = WebSocketDemo.run(8, 20, Backend.Protocol.H2C, ReusePolicy.ALWAYS, null);
        System.out.println(h2c.table() + h2c.json());
        assertThat(h2c.errors()).isZero();
        assertThat(h2c.backendWebSockets()).isEqualTo(8);
        assertThat(h2c.backendConnections()).as("RFC 8441 streams share connections").isLessThanOrEqualTo(2);
        assertRoundTrips(h2c);
        assertThat(h2c.bytes()).as("the same messages over either backend").isEqualTo(h1.bytes());
        assertThat(h2c.json()).contains("\"webSockets\":8", "\"messages\":160", "\"backend\":\"h2c\"");
        E2e.assertFdsBackTo(fdBaseline);
    }

    /** Bytes came back, and the round-trip percentiles are measured and ordered. */
    private static void assertRoundTrips(WebSocketDemoResult r) {
        assertThat(r.bytes()).as("bytes both ways").isPositive();
        assertThat(r.p50Micros()).as("p50").isPositive().isLessThanOrEqualTo(r.p99Micros());
    }
}
