package dev.tether.examples.chaos;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.http1.Http1Fields;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;

/**
 * One keep-alive HTTP/1.1 client connection of the chaos load (a {@link BlockingHttpClient}) that
 * tells apart every way an exchange can end: a whole response, no response at all (the connection
 * ended before a head: the proxy refused the request, docs/behaviour.md R72), a response cut after its
 * head, and silence.
 *
 * <p>Invariants: {@link #response} is the last whole response, or {@code null}.
 *
 * <p>Thread safety: one client thread.
 */
@NotThreadSafe
final class ChaosConnection implements AutoCloseable {
    /**
     * How one exchange ended.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    enum End {
        /** A whole response. */
        RESPONSE,
        /** The connection ended (or was reset) before a response head: the request may be sent again. */
        NO_RESPONSE,
        /** The connection ended after the head, before the body's end. */
        CUT,
        /** Nothing within the timeout. */
        SILENCE
    }

    private final BlockingHttpClient client;
    /** The last whole response, or {@code null}. */
    BlockingHttpClient.Response response;

    ChaosConnection(InetSocketAddress address, int timeoutMillis) {
        this.client = new BlockingHttpClient(address, timeoutMillis, 1 << 20); // chaos bodies are checked whole
    }

    /**
     * Sends one request and reads its response into {@link #response}.
     *
     * @param method the method
     * @param path the request-target
     * @param requestId the {@code x-request-id}
     * @param payload the body, or {@code null}
     * @return how the exchange ended
     */
    End exchange(String method, String path, String requestId, byte[] payload) {
        response = null;
        try {
            response = client.send(method, path, Http1Fields.builder().add("x-request-id", requestId).build(), payload);
            return End.RESPONSE;
        } catch (SocketTimeoutException e) {
            return client.headReceived() ? End.CUT : End.SILENCE;
        } catch (IOException e) {
            return client.headReceived() ? End.CUT : End.NO_RESPONSE;
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
