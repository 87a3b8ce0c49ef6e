package dev.tether.examples;

import dev.tether.core.FailureClass;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ClientCancels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D13: a client that goes away once its request is all at an HTTP/1.1 backend leaves the backend
 * connection to read the rest of a short response and be parked, so the next request reuses it
 * rather than paying a new connection (and, to an {@code https} backend, a new handshake). The origin
 * tells which of its connections served a request ({@code x-conn-id}, {@code x-conn-request}) and how
 * many it accepted. A response longer or slower than a drain's bounds, and a request not all sent,
 * close the connection as before. Every case is a client cancel in the stats, never a backend failure.
 *
 * <p>Each case first opens the connection with a request of its own, so that the abandoned request
 * is sent at once (on a new {@code https} connection it would wait for the handshake, and a client
 * that leaves before the handshake is done is no drain: nothing was sent).
 */
class AbandonedResponseDrainTest {
    @ParameterizedTest
    @EnumSource(value = Backend.Protocol.class, names = {"H1", "HTTPS"})
    void aClientThatLeavesBeforeAShortResponseLeavesItsConnectionToTheNextRequest(Backend.Protocol protocol)
            throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, protocol, ReusePolicy.ALWAYS, 1)) {
            assertThat(oneRequest(e)).isEqualTo("1");
            leaveDuring(e, "GET /delay/200 HTTP/1.1\r\nhost: x\r\n\r\n");
            assertThat(E2e.await(() -> cancels(e)[ClientCancels.DRAINED] == 1, 5_000)).as("drained").isTrue();
            assertThat(oneRequest(e)).as("the origin's third request on its connection").isEqualTo("3");
            assertThat(e.origin.acceptedConnections()).as("connections the origin accepted").isEqualTo(1);
            assertNoBackendFailureNorError(e);
        }
    }

    @Test
    void aResponseLongerThanADrainReadsClosesItsConnection() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1)) {
            oneRequest(e);
            try (Socket s = new Socket("127.0.0.1", e.proxy.port())) {
                s.setReceiveBufferSize(4096);
                s.setSoLinger(true, 0);
                send(s, "GET /bytes/100000000 HTTP/1.1\r\nhost: x\r\n\r\n"); // never read
                assertThat(E2e.await(() -> e.proxy.context().backendReadPauses.get() > 0, 5_000))
                        .as("the response stalls on the client").isTrue();
            }
            assertThat(E2e.await(() -> cancels(e)[FailureClass.RESPONSE_STARTED.ordinal()] == 1, 5_000))
                    .as("the drain gave up").isTrue();
            assertNextRequestOpensAConnection(e);
        }
    }

    @Test
    void aResponseSlowerThanADrainWaitsClosesItsConnection() throws Exception {
        leaveAndExpectAClose("GET /delay/5000 HTTP/1.1\r\nhost: x\r\n\r\n", FailureClass.REPLAY_SAFE,
                "the drain's wait ran out");
    }

    @Test
    void aRequestWhoseBodyWasNotAllSentIsNotDrained() throws Exception {
        // Longer than the proxy holds: streamed to the backend as it comes, so dispatched half sent.
        leaveAndExpectAClose("POST /echo HTTP/1.1\r\nhost: x\r\ncontent-length: 400000\r\n\r\n" + "a".repeat(100_000),
                FailureClass.REPLAY_SAFE, "released as failed at once");
    }

    /**
     * A client leaves during {@code request} on a reused connection: the release is {@code failure} and
     * the connection is closed.
     */
    private static void leaveAndExpectAClose(String request, FailureClass failure, String why) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1)) {
            oneRequest(e);
            leaveDuring(e, request);
            assertThat(E2e.await(() -> cancels(e)[failure.ordinal()] == 1, 5_000)).as(why).isTrue();
            assertNextRequestOpensAConnection(e);
        }
    }

    @Test
    void aProxyThatStopsLetsADrainEndWithinItsGracePeriod() throws Exception {
        long[] cancels = abandonThenStop("GET /delay/300 HTTP/1.1\r\nhost: x\r\n\r\n", 5_000);
        assertThat(cancels[ClientCancels.DRAINED]).as("drained before the loops stopped").isEqualTo(1);
    }

    @Test
    void aProxyThatStopsBeforeADrainEndsStillReleasesItsLease() throws Exception {
        long[] cancels = abandonThenStop("GET /delay/5000 HTTP/1.1\r\nhost: x\r\n\r\n", 0);
        assertThat(cancels[FailureClass.REPLAY_SAFE.ordinal()]).as("released as failed when its socket closed")
                .isEqualTo(1);
    }

    /** A client leaves during {@code request}; once its drain runs, the proxy stops with {@code graceMs}. */
    private static long[] abandonThenStop(String request, long graceMs) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.ALWAYS, 1)) {
            oneRequest(e);
            leaveDuring(e, request);
            assertThat(E2e.await(() -> e.proxy.liveRequests() == 0, 5_000)).as("cancelled: the drain runs").isTrue();
            e.proxy.shutdown(graceMs);
            return cancels(e);
        }
    }

    /**
     * Sends {@code request} on a new client connection, waits until the proxy started its exchange (sent
     * to the backend, or its body held, RFC 9112 §11.2), then resets it.
     */
    private static void leaveDuring(E2e e, String request) throws Exception {
        // The previous exchange ends just after its client has the response: not to be taken for this one.
        assertThat(E2e.await(() -> e.proxy.liveRequests() == 0, 5_000)).as("no exchange before").isTrue();
        try (Socket s = new Socket("127.0.0.1", e.proxy.port())) {
            s.setSoLinger(true, 0); // the client vanishes (a reset); a half-close would still be answered
            send(s, request);
            assertThat(E2e.await(() -> e.proxy.liveRequests() == 1, 5_000)).as("exchange started").isTrue();
        }
    }

    private static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One GET from a new client; returns which request of its origin connection it was. */
    private static String oneRequest(E2e e) throws IOException {
        try (BlockingHttpClient client = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            BlockingHttpClient.Response r = client.get("/");
            assertThat(r.status()).isEqualTo(200);
            return r.header("x-conn-request");
        }
    }

    private static void assertNextRequestOpensAConnection(E2e e) throws Exception {
        assertThat(cancels(e)[ClientCancels.DRAINED]).as("no response drained").isZero();
        assertThat(oneRequest(e)).as("the first request on a new origin connection").isEqualTo("1");
        assertThat(e.origin.acceptedConnections()).as("connections the origin accepted").isEqualTo(2);
        assertNoBackendFailureNorError(e);
    }

    private static void assertNoBackendFailureNorError(E2e e) {
        assertThat(e.proxy.context().errors.get()).as("error answers").isZero();
        String json;
        try (BlockingHttpClient stats = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            json = stats.get("/tether/stats").text();
        } catch (IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        String target = json.substring(json.indexOf("\"targets\":"));
        String failures = target.substring(target.indexOf("\"failures\":"), target.indexOf("\"cancels\":"));
        for (FailureClass f : FailureClass.values()) {
            assertThat(failures).as("backend failures").contains("\"" + f.name() + "\":0");
        }
        assertThat(json).contains("\"clientCancels\":1");
    }

    /** The proxy's client cancels of its one target, indexed as {@link ClientCancels#snapshot()}'s. */
    private static long[] cancels(E2e e) {
        return e.proxy.context().cancels.snapshot().values().stream().findFirst().orElse(new long[ClientCancels.SLOTS]);
    }
}
