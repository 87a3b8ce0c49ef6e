package dev.tether.http1;

import dev.tether.core.CloseReason;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.testkit.AccessLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client codec and the mux against a real nginx on 127.0.0.1, proving reuse from the server's
 * side ({@code $connection}, {@code $connection_requests}).
 */
class NginxInteropTest {
    private static NginxFixture nginx;

    @BeforeAll
    static void startNginx() throws Exception {
        nginx = NginxFixture.start();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void servesManySequentialRequestsOnOneConnection() throws Exception {
        // R40, R41, R45: each exchange leaves the connection reusable; nginx saw one connection.
        try (InteropClient client = new InteropClient(nginx.port)) {
            String connection = null;
            for (int i = 1; i <= 120; i++) {
                InteropClient.Reply r = client.exchange("GET", i % 2 == 0 ? "/ssi/page.txt" : "/cl");
                assertThat(r.status).as("request " + i).isEqualTo(200);
                connection = connection == null ? r.header("X-Conn") : connection;
                assertThat(r.header("X-Conn")).as("same server-side connection").isEqualTo(connection);
                assertThat(r.header("X-Conn-Requests")).isEqualTo(Integer.toString(i));
                assertThat(r.reusable).isTrue();
                assertThat(r.firstExchange).isEqualTo(i == 1);
                assertThat(client.mux.availableStreams()).isEqualTo(1);
            }
            assertThat(client.engine.events).containsExactly(MuxEvent.READY);
            // The server's own record: 120 requests on that one connection, counted 1..120 by nginx.
            assertThat(nginx.accessLog(connection, 120)).extracting(AccessLog.Line::requestsOnConnection)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 120).boxed().toList());
        }
    }

    @Test
    void readsChunkedAndContentLengthBodies() throws Exception {
        try (InteropClient client = new InteropClient(nginx.port)) {
            InteropClient.Reply cl = client.exchange("GET", "/cl");
            assertThat(cl.header("Content-Length")).isEqualTo(Integer.toString(NginxFixture.CL_BODY.length()));
            assertThat(cl.bodyText()).isEqualTo(NginxFixture.CL_BODY);
            InteropClient.Reply chunked = client.exchange("GET", "/ssi/page.txt");
            assertThat(chunked.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(chunked.bodyText()).isEqualTo("chunked /ssi/page.txt from nginx ssi\n");
            assertThat(chunked.reusable).isTrue();
            assertThat(chunked.header("X-Conn-Requests")).isEqualTo("2");
        }
    }

    @Test
    void connectionCloseFromTheServerEndsReuse() throws Exception {
        // R40: keep-alive not agreed; then R62: the peer closes.
        try (InteropClient client = new InteropClient(nginx.port)) {
            assertThat(client.exchange("GET", "/cl").reusable).isTrue();
            InteropClient.Reply bye = client.exchange("GET", "/close");
            assertThat(bye.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(bye.bodyText()).isEqualTo("bye\n");
            assertThat(bye.reusable).isFalse();
            assertThat(client.mux.unusableReason()).isEqualTo(CloseReason.ERROR);
            assertThat(client.mux.availableStreams()).isZero();
            assertThat(client.awaitPeerClose()).isTrue();
            assertThat(client.engine.events).containsExactly(MuxEvent.READY, MuxEvent.PEER_CLOSED);
            assertThat(client.mux.unusableReason()).isEqualTo(CloseReason.PEER_CLOSED);
        }
    }

    @Test
    void headAndNotModifiedResponsesHaveNoBody() throws Exception {
        try (InteropClient client = new InteropClient(nginx.port)) {
            InteropClient.Reply head = client.exchange("HEAD", "/static/file.txt");
            assertThat(head.status).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(NginxFixture.FILE_BODY.length()));
            assertThat(head.body.size()).isZero();
            assertThat(head.reusable).as("no body bytes were left unread").isTrue();
            assertThat(head.detachFlags).isEqualTo(Mux.RESPONSE_STARTED);
            String etag = head.header("ETag");
            InteropClient.Reply notModified = client.exchange("GET", "/static/file.txt", "If-None-Match", etag);
            assertThat(notModified.status).isEqualTo(304);
            assertThat(notModified.body.size()).isZero();
            assertThat(notModified.reusable).isTrue();
            InteropClient.Reply full = client.exchange("GET", "/static/file.txt");
            assertThat(full.bodyText()).isEqualTo(NginxFixture.FILE_BODY);
            assertThat(full.header("X-Conn-Requests")).isEqualTo("3");
        }
    }
}
