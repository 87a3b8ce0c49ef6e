package dev.tether.examples.tls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsEngineTest {
    private static SelfSignedCertificate cert;
    private static SSLContext serverCtx;
    private static SSLContext trustingClient;
    private final List<TlsPipe> pipes = new ArrayList<>();

    @BeforeAll
    static void certificate() throws Exception {
        cert = SelfSignedCertificate.localhost();
        serverCtx = TlsContexts.server(List.of(cert.certificate()), cert.privateKey());
        trustingClient = TlsContexts.client(List.of(cert.certificate()));
    }

    @AfterEach
    void everyBufferWentBackToThePool() {
        for (TlsPipe p : pipes) {
            p.client.engine.release();
            p.server.engine.release();
            assertThat(p.buffers.outstanding()).as("buffers borrowed after release").isZero();
        }
    }

    private TlsPipe pipe(SSLEngine client, SSLEngine server, int chunk) {
        TlsPipe p = new TlsPipe(client, server, Runnable::run, chunk);
        pipes.add(p);
        return p;
    }

    private static SSLEngine client(String sni, List<String> alpn) {
        return TlsContexts.clientEngine(trustingClient, "127.0.0.1", 443, sni, alpn, true);
    }

    private static SSLEngine server(List<String> alpn) {
        return TlsContexts.serverEngine(serverCtx, alpn);
    }

    private static SSLEngine only(SSLEngine e, String protocol) {
        e.setEnabledProtocols(new String[] {protocol});
        return e;
    }

    private TlsPipe handshaken(int chunk, String protocol) throws InterruptedException {
        TlsPipe p = pipe(only(client("localhost", TlsContexts.DEFAULT_ALPN), protocol),
                only(server(TlsContexts.DEFAULT_ALPN), protocol), chunk);
        p.begin();
        p.pumpUntil(() -> p.client.handshakes == 1 && p.server.handshakes == 1);
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void handshakeNegotiatesH2ByAlpnAndIdleEnginesHoldNoBuffer(String protocol) throws InterruptedException {
        TlsPipe p = handshaken(16 * 1024, protocol);
        p.pumpUntil(() -> !p.step());

        assertThat(p.client.engine.state()).isEqualTo(TlsState.OPEN);
        assertThat(p.server.engine.state()).isEqualTo(TlsState.OPEN);
        assertThat(p.client.engine.applicationProtocol()).isEqualTo("h2");
        assertThat(p.server.engine.applicationProtocol()).isEqualTo("h2");
        assertThat(p.client.engine.sslEngine().getSession().getProtocol()).isEqualTo(protocol);
        assertThat(p.buffers.outstanding()).as("an idle connection holds no buffer").isZero();
    }

    @Test
    void aClientWithoutAlpnGetsHttp11ByDefault() throws InterruptedException {
        TlsPipe p = pipe(client("localhost", List.of()), server(TlsContexts.DEFAULT_ALPN), 16 * 1024);
        p.begin();
        p.pumpUntil(() -> p.client.handshakes == 1 && p.server.handshakes == 1);
        assertThat(p.server.engine.applicationProtocol()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void dataCrossesBothWaysInOneByteChunks(String protocol) throws InterruptedException {
        TlsPipe p = handshaken(1, protocol);
        byte[] up = random(3000, 1);
        byte[] down = random(5000, 2);
        p.client.sendAll(up, 1);
        p.server.sendAll(down, 700);
        p.pumpUntil(() -> p.server.received.size() == up.length && p.client.received.size() == down.length);
        assertThat(p.server.received.toByteArray()).isEqualTo(up);
        assertThat(p.client.received.toByteArray()).isEqualTo(down);
    }

    @Test
    void dataCrossesBothWaysIn64KiBChunks() throws InterruptedException {
        TlsPipe p = handshaken(64 * 1024, "TLSv1.3");
        byte[] up = random(1 << 20, 3);
        byte[] down = random(1 << 20, 4);
        p.client.sendAll(up, 64 * 1024);
        p.server.sendAll(down, 64 * 1024);
        p.pumpUntil(() -> p.server.received.size() == up.length && p.client.received.size() == down.length);
        assertThat(p.server.received.toByteArray()).isEqualTo(up);
        assertThat(p.client.received.toByteArray()).isEqualTo(down);
    }

    @Test
    void aSlowListenerHoldsDecryptionBackAndLosesNothing() throws InterruptedException {
        TlsPipe p = handshaken(64 * 1024, "TLSv1.3");
        p.server.takePerCall = 1000;
        byte[] up = random(200_000, 5);
        p.client.sendAll(up, 64 * 1024);
        p.pumpUntil(() -> p.server.received.size() == up.length);
        assertThat(p.server.received.toByteArray()).isEqualTo(up);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void closeNotifyGoesBothWays(String protocol) throws InterruptedException {
        TlsPipe p = handshaken(1024, protocol);
        p.client.engine.closeOutbound();
        p.pumpUntil(() -> p.server.closeNotifies == 1);
        assertThat(p.client.engine.isOutboundDone()).isTrue();

        p.server.engine.closeOutbound();
        p.pumpUntil(() -> p.client.closeNotifies == 1 && p.server.engine.isOutboundDone());
        assertThat(p.client.engine.state()).isEqualTo(TlsState.CLOSED);
        assertThat(p.server.engine.state()).isEqualTo(TlsState.CLOSED);
        assertThat(p.client.failures + p.server.failures).isZero();
    }

    @Test
    void aPeerThatStallsMidHandshakeTimesOutAtTheDeadline() throws InterruptedException {
        TlsPipe p = pipe(client("localhost", TlsContexts.DEFAULT_ALPN), server(TlsContexts.DEFAULT_ALPN), 1024);
        p.client.engine.beginHandshake(1_000);
        p.server.engine.beginHandshake(1_000);
        p.clientToServer = false; // the ClientHello never arrives: the server never answers
        p.pumpUntil(() -> !p.step());

        assertThat(p.client.engine.expire(999)).isFalse();
        assertThat(p.client.engine.state()).isEqualTo(TlsState.HANDSHAKING);
        assertThat(p.client.engine.expire(1_000)).isTrue();
        assertThat(p.client.failure.kind()).isEqualTo(TlsFailure.TIMEOUT);
        assertThat(p.client.engine.expire(2_000)).as("reported once").isFalse();
        assertThat(p.client.failures).isEqualTo(1);
    }

    @Test
    void garbageInsteadOfAServerHelloIsATypedHandshakeFailure() {
        TlsPipe p = pipe(client("localhost", TlsContexts.DEFAULT_ALPN), server(TlsContexts.DEFAULT_ALPN), 1024);
        p.client.engine.beginHandshake(Long.MAX_VALUE);
        p.client.engine.pollOutbound(ByteBuffer.allocate(64 * 1024)); // the ClientHello, to nowhere
        p.client.engine.receive(ByteBuffer.wrap("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));

        assertThat(p.client.engine.state()).isEqualTo(TlsState.FAILED);
        assertThat(p.client.failure.kind()).isEqualTo(TlsFailure.HANDSHAKE_FAILED);
        assertThat(p.client.failures).isEqualTo(1);
    }

    @Test
    void aCertificateNoAnchorVouchesForIsUntrusted() throws Exception {
        SSLEngine c = TlsContexts.clientEngine(TlsContexts.client(List.of()), "127.0.0.1", 443, "localhost",
                TlsContexts.DEFAULT_ALPN, true);
        assertThat(failureOf(c, server(TlsContexts.DEFAULT_ALPN))).isEqualTo(TlsFailure.UNTRUSTED);
    }

    @Test
    void aTrustedCertificateForAnotherNameIsAHostNameMismatch() throws Exception {
        assertThat(failureOf(client("api.example.com", TlsContexts.DEFAULT_ALPN), server(TlsContexts.DEFAULT_ALPN)))
                .isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
    }

    @Test
    void anIpLiteralIsVerifiedAgainstTheCertificatesAddresses() throws Exception {
        SSLEngine wrongIp = TlsContexts.clientEngine(trustingClient, "127.0.0.2", 443, null, TlsContexts.DEFAULT_ALPN, true);
        assertThat(failureOf(wrongIp, server(TlsContexts.DEFAULT_ALPN))).isEqualTo(TlsFailure.HOSTNAME_MISMATCH);
    }

    @Test
    void noCommonApplicationProtocolIsAnAlpnMismatch() throws Exception {
        assertThat(failureOf(client("localhost", List.of("h2")), server(List.of("http/1.1"))))
                .isEqualTo(TlsFailure.ALPN_MISMATCH);
    }

    @Test
    void aServerThatIgnoresAnAlpnOfferWithoutFallbackIsAnAlpnMismatch() throws Exception {
        assertThat(failureOf(client("localhost", List.of("h2")), server(List.of()))).isEqualTo(TlsFailure.ALPN_MISMATCH);
    }

    @Test
    void insecureModeAcceptsAnyCertificateForAnyName() throws Exception {
        SSLEngine c = TlsContexts.clientEngine(TlsContexts.insecureClient(), "127.0.0.1", 443, "api.example.com",
                TlsContexts.DEFAULT_ALPN, false);
        TlsPipe p = pipe(c, server(TlsContexts.DEFAULT_ALPN), 4096);
        p.begin();
        p.pumpUntil(() -> p.client.handshakes == 1);
        assertThat(p.client.failures).isZero();
    }

    @Test
    void aTls12RenegotiationRequestIsRefused() throws Exception {
        TlsPipe p = handshaken(4096, "TLSv1.2");
        p.server.engine.sslEngine().beginHandshake(); // the server sends a HelloRequest
        p.server.engine.resume();
        p.pumpUntil(() -> p.client.failures == 1);
        assertThat(p.client.failure.kind()).isEqualTo(TlsFailure.RENEGOTIATION_REFUSED);
        assertThat(p.client.engine.state()).isEqualTo(TlsState.FAILED);
    }

    @Test
    void delegatedTasksRunOffTheLoopAndResumeOnIt() throws Exception {
        Set<Thread> taskThreads = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            TlsPipe p = new TlsPipe(client("localhost", TlsContexts.DEFAULT_ALPN), server(TlsContexts.DEFAULT_ALPN),
                    r -> pool.execute(() -> {
                        taskThreads.add(Thread.currentThread());
                        r.run();
                    }), 4096);
            pipes.add(p);
            p.begin();
            p.pumpUntil(() -> p.client.handshakes == 1 && p.server.handshakes == 1);
            assertThat(taskThreads).isNotEmpty().doesNotContain(Thread.currentThread());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sendingBeforeTheHandshakeIsAnError() {
        TlsPipe p = pipe(client("localhost", TlsContexts.DEFAULT_ALPN), server(TlsContexts.DEFAULT_ALPN), 1024);
        assertThatThrownBy(() -> p.client.engine.send(ByteBuffer.allocate(1), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("NEW");
    }

    private TlsFailure failureOf(SSLEngine c, SSLEngine s) throws InterruptedException {
        TlsPipe p = pipe(c, s, 4096);
        p.begin();
        p.pumpUntil(() -> p.client.failures == 1);
        assertThat(p.client.handshakes).isZero();
        assertThat(p.client.engine.state()).isEqualTo(TlsState.FAILED);
        return p.client.failure.kind();
    }

    /**
     * The zero-copy paths: records written straight into the caller's output (nothing waits in the
     * engine), and many records decrypted from one read in place, only the last partial record copied.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void recordsGoStraightIntoTheSocketBufferAndAreDecryptedWhereTheyLie(String protocol) throws InterruptedException {
        TlsPipe p = handshaken(16 * 1024, protocol);
        p.pumpUntil(() -> !p.step());
        int before = p.server.received.size();
        ByteBuffer wire = ByteBuffer.allocate(256 * 1024);
        byte[] sent = random(40 * 100, 11);
        for (int i = 0; i < 40; i++) { // 40 small writes, as 40 responses flushed in one loop turn
            assertThat(p.client.engine.send(ByteBuffer.wrap(sent, i * 100, 100), wire)).isEqualTo(100);
        }
        byte[] big = random(100_000, 12); // larger than a record: several, all in wire while it has room
        ByteBuffer bigSrc = ByteBuffer.wrap(big);
        p.client.engine.send(bigSrc, wire);
        assertThat(bigSrc.hasRemaining()).isFalse();
        assertThat(p.client.engine.hasOutbound()).as("records left in the engine").isFalse();
        assertThat(p.buffers.outstanding()).as("buffers borrowed to encrypt into the caller's").isZero();

        wire.flip();
        ByteBuffer firstPart = wire.slice(0, wire.limit() - 7); // the last record cut short
        p.server.engine.receive(firstPart);
        assertThat(firstPart.hasRemaining()).isFalse();
        assertThat(p.buffers.outstanding()).as("only the cut record is held").isEqualTo(1);
        p.server.engine.receive(wire.slice(wire.limit() - 7, 7));
        assertThat(p.buffers.outstanding()).isZero();
        byte[] all = p.server.received.toByteArray();
        byte[] got = Arrays.copyOfRange(all, before, all.length);
        byte[] want = new byte[sent.length + big.length];
        System.arraycopy(sent, 0, want, 0, sent.length);
        System.arraycopy(big, 0, want, sent.length, big.length);
        assertThat(got).isEqualTo(want);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
