package dev.tether.examples;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.load.BlockingHttpClient;
import dev.tether.examples.origin.OriginConfig;
import dev.tether.examples.proxy.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies stream both ways through bounded buffers: request bodies far larger than the proxy's
 * request buffer, responses far larger than its response buffer, over both backend protocols.
 */
class BodyStreamingTest {
    @ParameterizedTest
    @EnumSource(Backend.Protocol.class)
    void largeRequestAndResponseBodiesArriveWhole(Backend.Protocol protocol) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, protocol, ReusePolicy.SAFE, 2);
             BlockingHttpClient c = new BlockingHttpClient(e.proxyAddress(), 10_000)) {
            byte[] upload = new byte[3_000_000];
            BlockingHttpClient.Response posted = c.send("POST", "/upload", upload);
            assertThat(posted.status()).isEqualTo(200);
            assertThat(posted.header("x-request-bytes")).isEqualTo("3000000");
            BlockingHttpClient.Response big = c.get("/bytes/8000000");
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.bodyBytes()).isEqualTo(8_000_000);
            assertThat(big.text()).startsWith("ok\nok\n");
            assertThat(e.proxy.context().errors.get()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Protocol.class)
    void aClientThatReadsSlowlyStillGetsEveryByte(Backend.Protocol protocol) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, protocol, ReusePolicy.SAFE, 1);
             Socket s = new Socket("127.0.0.1", e.proxy.port())) {
            s.setSoTimeout(10_000);
            s.setReceiveBufferSize(4096);
            OutputStream out = s.getOutputStream();
            out.write("GET /bytes/4000000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] small = new byte[1024];
            long total = 0;
            for (int n; (n = in.read(small)) >= 0; ) {
                total += n;
            }
            // Head plus 4,000,000 body bytes, then the proxy closed as asked.
            assertThat(total).isGreaterThan(4_000_000L).isLessThan(4_000_400L);
        }
    }
}
