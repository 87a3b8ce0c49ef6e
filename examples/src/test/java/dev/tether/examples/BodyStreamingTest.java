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
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies stream both ways through bounded buffers: request bodies far larger than the proxy's
 * request buffer, responses far larger than its response buffer, over both backend protocols. The
 * upload is a seeded pattern that the origin checksums and echoes back, so a mix-up shows.
 */
class BodyStreamingTest {
    @ParameterizedTest
    @EnumSource(Backend.Protocol.class)
    void largeRequestAndResponseBodiesArriveWhole(Backend.Protocol protocol) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, protocol, ReusePolicy.SAFE, 2);
             BlockingHttpClient c = new BlockingHttpClient(e.proxyAddress(), 10_000)) {
            // A seeded pattern, not zeros: a byte dropped, repeated, reordered or taken from another
            // buffer changes the checksum the origin computes, and the echo the client checks.
            byte[] upload = new byte[3_000_000];
            new SplittableRandom(protocol.ordinal() + 7).nextBytes(upload);
            CRC32 crc = new CRC32();
            crc.update(upload);
            BlockingHttpClient.Response posted = c.send("POST", "/echo", upload);
            assertThat(posted.status()).isEqualTo(200);
            assertThat(posted.header("x-request-bytes")).isEqualTo("3000000");
            assertThat(posted.header("x-request-crc32")).as("CRC-32 of the body the origin received")
                    .isEqualTo(Long.toString(crc.getValue()));
            assertThat(posted.bodyBytes()).isEqualTo(upload.length);
            assertThat(posted.bodyCrc32()).as("CRC-32 of the body echoed back").isEqualTo(crc.getValue());
            assertThat(posted.body()).isEqualTo(Arrays.copyOf(upload, posted.body().length));
            BlockingHttpClient.Response big = c.get("/bytes/8000000");
            assertThat(big.status()).isEqualTo(200);
            assertThat(big.bodyBytes()).isEqualTo(8_000_000);
            assertThat(big.text()).startsWith("ok\nok\n");
            assertThat(e.proxy.context().errors.get()).isZero();
        }
    }

    /**
     * A request the proxy answers itself (the stats page) ends on the spot, before the codec reports
     * its end; the next request on the connection, whose body arrives over many reads, is forwarded
     * whole. (The first request's end was left pending, and the second request's exchange took it as
     * its own: the body was cut and the client connection closed.)
     */
    @ParameterizedTest
    @EnumSource(Backend.Protocol.class)
    void aBodyAfterARequestTheProxyAnsweredItselfArrivesWhole(Backend.Protocol protocol) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, protocol, ReusePolicy.SAFE, 1);
             BlockingHttpClient c = new BlockingHttpClient(e.proxyAddress(), 10_000)) {
            assertThat(c.get("/tether/stats").status()).isEqualTo(200);
            byte[] upload = new byte[1_000_000]; // many reads of the proxy's request buffer
            new SplittableRandom(11).nextBytes(upload);
            CRC32 crc = new CRC32();
            crc.update(upload);
            BlockingHttpClient.Response posted = c.send("POST", "/echo", upload);
            assertThat(posted.status()).isEqualTo(200);
            assertThat(posted.header("x-request-bytes")).isEqualTo("1000000");
            assertThat(posted.header("x-request-crc32")).isEqualTo(Long.toString(crc.getValue()));
            assertThat(c.connections()).as("one client connection throughout").isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.Protocol.class)
    void aClientThatStopsReadingIsHeldBackAndStillGetsEveryByte(Backend.Protocol protocol) throws Exception {
        try (E2e e = E2e.start(OriginConfig.PLAIN, protocol, ReusePolicy.SAFE, 1);
             Socket s = new Socket("127.0.0.1", e.proxy.port())) {
            s.setSoTimeout(10_000);
            s.setReceiveBufferSize(64 * 1024); // small: the proxy's writes to this client block often
            OutputStream out = s.getOutputStream();
            out.write("GET /bytes/8000000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The client reads nothing until the proxy had to hold the response back: bytes kept in its
            // bounded buffer and, for HTTP/1, the backend no longer read (for h2c the stream window
            // holds the origin back instead).
            assertThat(E2e.await(() -> e.proxy.context().responseStalls.get() > 0
                    && (protocol == Backend.Protocol.H2C || e.proxy.context().backendReadPauses.get() > 0), 10_000))
                    .as("the proxy applied backpressure").isTrue();
            InputStream in = s.getInputStream();
            byte[] small = new byte[1024];
            long total = 0;
            for (int n; (n = in.read(small)) >= 0; ) {
                total += n;
            }
            // Head plus 8,000,000 body bytes, then the proxy closed as asked.
            assertThat(total).isGreaterThan(8_000_000L).isLessThan(8_000_400L);
        }
    }
}
