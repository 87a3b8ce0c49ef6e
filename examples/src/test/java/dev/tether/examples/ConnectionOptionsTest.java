package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import dev.tether.examples.proxy.ProxyConfig;
import dev.tether.examples.proxy.ReverseProxy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection options through the proxy, in both directions (RFC 9112 §9.3, §9.6, Appendix C.2.2;
 * RFC 9110 §7.6.1), asserted on the bytes a raw client receives: the head, then either a
 * persistent connection that serves the next request, or the end of the stream (read returns -1:
 * a FIN, not a reset, which would throw).
 */
class ConnectionOptionsTest {
    /** A response as a raw client read it. */
    private record Response(String head, String body) {
        String field(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private static Socket client(ReverseProxy proxy) throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads everything until the proxy closes: -1 must come, a reset would throw here. */
    private static Response readUntilClosed(Socket s) throws IOException {
        String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        assertThat(end).as("a whole head in %s", all).isPositive();
        return new Response(all.substring(0, end), all.substring(end + 4));
    }

    /** Reads one response framed by Content-Length, leaving the connection open. */
    private static Response readOne(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("head so far: %s", head).isNotNegative();
            head.write(c);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        Response r = new Response(h.substring(0, h.length() - 4), "");
        int length = Integer.parseInt(r.field("content-length"));
        return new Response(r.head(), new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
    }

    @Test
    void aRequestThatSaysCloseIsAnsweredWithCloseThenAFin() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             Socket s = client(e.proxy)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            Response r = readUntilClosed(s);
            assertThat(r.head()).startsWith("HTTP/1.1 200 OK");
            assertThat(r.field("connection")).isEqualToIgnoringCase("close");
            assertThat(r.body()).hasSize(Integer.parseInt(r.field("content-length")));
            assertThat(E2e.await(() -> e.proxy.openClientConnections() == 0, 5_000)).isTrue();
        }
    }

    @Test
    void anHttp10RequestWithoutKeepAliveIsAnsweredWithCloseThenAFin() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             Socket s = client(e.proxy)) {
            send(s, "GET / HTTP/1.0\r\nHost: x\r\n\r\n");
            Response r = readUntilClosed(s);
            assertThat(r.head()).startsWith("HTTP/1.1 200 OK");
            assertThat(r.field("connection")).isEqualToIgnoringCase("close");
            assertThat(r.body()).hasSize(Integer.parseInt(r.field("content-length")));
        }
    }

    @Test
    void anHonouredHttp10KeepAliveSaysKeepAliveAndServesTheNextRequest() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             Socket s = client(e.proxy)) {
            for (int i = 0; i < 2; i++) {
                send(s, "GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
                Response r = readOne(s);
                assertThat(r.head()).startsWith("HTTP/1.1 200 OK");
                assertThat(r.field("connection")).isEqualToIgnoringCase("keep-alive");
            }
            assertThat(e.proxy.context().clientConnections.get()).isEqualTo(1);
        }
    }

    @Test
    void aPersistentHttp11ResponseCarriesNoConnectionField() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             Socket s = client(e.proxy)) {
            for (int i = 0; i < 2; i++) {
                send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                Response r = readOne(s);
                assertThat(r.head()).startsWith("HTTP/1.1 200 OK");
                assertThat(r.field("connection")).isNull();
            }
        }
    }

    /** A client that half-closes after its request (as {@code printf ... | nc -N}) still gets the answer. */
    @Test
    void aClientThatHalfClosesAfterItsRequestGetsTheWholeResponseThenAFin() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             Socket s = client(e.proxy)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            s.shutdownOutput();
            Response r = readUntilClosed(s);
            assertThat(r.head()).startsWith("HTTP/1.1 200 OK");
            assertThat(r.field("connection")).isEqualToIgnoringCase("close");
            assertThat(r.body()).hasSize(Integer.parseInt(r.field("content-length")));
        }
    }

    /** RFC 9110 §7.6.1: the proxy drops the hop-by-hop fields and those the Connection field names. */
    @Test
    void hopByHopFieldsNeverCrossTheProxyInEitherDirection() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(r -> chunkedHello("Connection: keep-alive, x-hop\r\n"
                     + "Keep-Alive: timeout=5\r\nx-hop: secret\r\nx-end: kept\r\n"));
             ReverseProxy proxy = proxy(backend);
             Socket s = client(proxy)) {
            send(s, "GET / HTTP/1.1\r\nHost: x\r\nConnection: x-client-hop\r\nx-client-hop: 1\r\nKeep-Alive: 300\r\n"
                    + "Proxy-Connection: keep-alive\r\nTE: trailers\r\nx-end: 1\r\n\r\n");
            String r = readChunked(s);
            String seen = backend.requests().get(0).head().toLowerCase(Locale.ROOT);
            assertThat(seen).contains("x-end: 1").doesNotContain("connection:", "x-client-hop", "keep-alive",
                    "proxy-connection", "te:");
            String head = r.substring(0, r.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
            assertThat(head).contains("x-end: kept").doesNotContain("x-hop", "keep-alive", "connection:");
            assertThat(r).endsWith("5\r\nhello\r\n0\r\n\r\n");
        }
    }

    /** RFC 9112 §6.1: no Transfer-Encoding to an HTTP/1.0 client; the body ends with the connection. */
    @Test
    void aChunkedResponseToAnHttp10ClientIsSentRawAndEndsWithTheConnection() throws Exception {
        try (ScriptedBackend backend = new ScriptedBackend(r -> chunkedHello(""));
             ReverseProxy proxy = proxy(backend);
             Socket s = client(proxy)) {
            send(s, "GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n");
            Response r = readUntilClosed(s);
            assertThat(r.field("transfer-encoding")).isNull();
            assertThat(r.field("connection")).isEqualToIgnoringCase("close");
            assertThat(r.body()).isEqualTo("hello");
        }
    }

    private static byte[] chunkedHello(String fields) {
        return ("HTTP/1.1 200 OK\r\n" + fields + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ReverseProxy proxy(ScriptedBackend backend) throws IOException {
        return ReverseProxy.start(ProxyConfig.defaults(E2e.LOOPBACK, List.of(new Backend(Backend.Protocol.H1,
                backend.address())), ReusePolicy.SAFE).withLoops(1));
    }

    /** Reads one chunked response whole (head and chunks, as sent) from a connection that stays open. */
    private static String readChunked(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (!all.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n")) {
            int c = in.read();
            assertThat(c).as("response so far: %s", all).isNotNegative();
            all.write(c);
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
