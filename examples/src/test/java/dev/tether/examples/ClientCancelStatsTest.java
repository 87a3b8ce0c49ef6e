package dev.tether.examples;

import dev.tether.core.FailureClass;
import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away while its request is at the backend is a client cancel, not a backend
 * failure: the stats JSON counts it under {@code cancels} and {@code clientCancels}, its
 * {@code failures} stay 0, and the proxy answered no error.
 */
class ClientCancelStatsTest {
    @Test
    void aClientThatDisconnectsMidRequestIsCountedAsACancelNotAFailure() throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, Backend.Protocol.H1, ReusePolicy.SAFE, 1);
             BlockingHttpClient stats = new BlockingHttpClient(e.proxyAddress(), 5_000)) {
            try (Socket s = new Socket("127.0.0.1", e.proxy.port())) {
                s.setSoLinger(true, 0); // the client vanishes (a reset); a half-close would still be answered
                OutputStream out = s.getOutputStream();
                out.write("GET /delay/3000 HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(E2e.await(() -> e.proxy.liveRequests() == 1, 5_000)).as("request at the backend").isTrue();
            } // the client resets the connection before the response
            assertThat(E2e.await(() -> e.proxy.context().cancels.total() == 1, 5_000)).as("cancel counted").isTrue();
            String json = stats.get("/tether/stats").text();
            assertThat(json).contains("\"clientCancels\":1", "\"errors\":0");
            String engine = json.substring(json.indexOf("\"engine\":"), json.indexOf("\"targets\":"));
            String target = json.substring(json.indexOf("\"targets\":"));
            for (String part : new String[] {engine, target}) {
                String failures = part.substring(part.indexOf("\"failures\":"), part.indexOf("\"cancels\":"));
                for (FailureClass f : FailureClass.values()) {
                    assertThat(failures).contains("\"" + f.name() + "\":0");
                }
                assertThat(part).containsPattern("\"cancels\":\\{[^}]*\":1");
            }
        }
    }
}
