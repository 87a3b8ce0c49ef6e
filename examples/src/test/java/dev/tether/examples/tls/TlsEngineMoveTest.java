package dev.tether.examples.tls;

import dev.tether.examples.nio.BufferPool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When a TLS connection may move to another event loop (docs/behaviour.md R61): {@link TlsEngine#idle()}
 * holds only once the handshake is done and no byte of a record, of plaintext or of output is held,
 * and after {@link TlsEngine#moveTo} the engine borrows from, and gives back to, the new loop's pool
 * only (with assertions on, {@code BufferChecks} fails a buffer given back twice or to the wrong pool).
 */
class TlsEngineMoveTest {
    private static SSLContext serverCtx;
    private static SSLContext trustingClient;

    @BeforeAll
    static void certificate() throws Exception {
        SelfSignedCertificate cert = SelfSignedCertificate.localhost();
        serverCtx = TlsContexts.server(List.of(cert.certificate()), cert.privateKey());
        trustingClient = TlsContexts.client(List.of(cert.certificate()));
    }

    private static TlsPipe pipe() {
        return new TlsPipe(TlsContexts.clientEngine(trustingClient, "127.0.0.1", 443, "localhost",
                TlsContexts.DEFAULT_ALPN, true), TlsContexts.serverEngine(serverCtx, TlsContexts.DEFAULT_ALPN),
                Runnable::run, 16 * 1024);
    }

    @Test
    void anEngineIsIdleOnlyOnceTheHandshakeIsDoneAndNothingIsHeld() throws InterruptedException {
        TlsPipe p = pipe();
        assertThat(p.client.engine.idle()).as("before the handshake").isFalse();
        p.begin();
        assertThat(p.client.engine.idle()).as("its ClientHello waits to be sent").isFalse();
        assertThat(p.server.engine.idle()).as("the server has not started").isFalse();
        p.pumpUntil(() -> p.client.handshakes == 1 && p.server.handshakes == 1);
        p.pumpUntil(() -> !p.step());
        assertThat(p.client.engine.idle()).as("open, nothing held").isTrue();
        assertThat(p.server.engine.idle()).isTrue();

        p.client.engine.send(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), null);
        assertThat(p.client.engine.idle()).as("a record waits to be written").isFalse();
        ByteBuffer wire = ByteBuffer.allocate(BufferPool.DEFAULT_BUFFER_SIZE);
        p.client.engine.pollOutbound(wire);
        wire.flip();
        assertThat(p.client.engine.idle()).as("its record was written").isTrue();

        p.server.engine.receive(wire.slice(0, 10));
        assertThat(p.server.engine.idle()).as("mid-record: 10 bytes of a record held").isFalse();
        assertThatThrownBy(() -> p.server.engine.moveTo(new BufferPool(BufferPool.DEFAULT_BUFFER_SIZE, 4)))
                .isInstanceOf(IllegalStateException.class);
        p.server.engine.receive(wire.slice(10, wire.remaining() - 10));
        assertThat(p.server.received.toString(StandardCharsets.US_ASCII)).isEqualTo("GET / HTTP/1.1\r\n\r\n");
        assertThat(p.server.engine.idle()).as("the record was whole and read").isTrue();
        release(p);
    }

    @Test
    void aMovedEngineBorrowsFromTheNewPoolOnlyAndGivesEveryBufferBack() throws InterruptedException {
        TlsPipe p = pipe();
        p.begin();
        p.pumpUntil(() -> p.client.handshakes == 1 && p.server.handshakes == 1);
        p.pumpUntil(() -> !p.step());
        BufferPool other = new BufferPool(BufferPool.DEFAULT_BUFFER_SIZE, 4);
        p.client.engine.moveTo(other);

        byte[] up = new byte[100_000];
        Arrays.fill(up, (byte) 'u');
        p.client.sendAll(up, 16 * 1024);
        p.pumpUntil(() -> p.server.received.size() == up.length);
        p.server.sendAll(up, 16 * 1024);
        p.pumpUntil(() -> p.client.received.size() == up.length);
        p.pumpUntil(() -> !p.step());

        assertThat(other.created()).as("the moved engine's buffers").isPositive();
        assertThat(other.outstanding()).as("all given back to the new pool").isZero();
        assertThat(p.client.engine.idle()).isTrue();
        release(p);
        assertThat(other.outstanding()).isZero();
        assertThat(p.buffers.outstanding()).as("the old pool: nothing borrowed, nothing given back twice").isZero();
    }

    private static void release(TlsPipe p) {
        p.client.engine.release();
        p.server.engine.release();
    }
}
