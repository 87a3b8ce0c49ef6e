package dev.tether.http1;

import dev.tether.testkit.AllocationMeter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Parsing allocates only what the caller keeps (CONTRIBUTING.md: hot paths allocate nothing): a typical response head whose fields
 * are not materialised, and its body slices, cost nothing per message. Measured with the thread's
 * allocation counter ({@link AllocationMeter}), not a clock; the bound is generous on purpose, and a
 * positive control (a listener that materialises the fields) must exceed it.
 */
class Http1AllocationTest {
    private static final int HEADS = 10_000;
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Date: Mon, 23 Nov 2026 12:00:00 GMT\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n"
            + "Content-Length: 27\r\n"
            + "Connection: keep-alive\r\n"
            + "Cache-Control: no-cache, no-store\r\n"
            + "ETag: \"5f3c-abc123\"\r\n"
            + "Vary: Accept-Encoding\r\n"
            + "X-Request-Id: 0b8d2c4e-1f6a-4c0e-9d3b-7a2f5e6c8d90\r\n"
            + "\r\n"
            + "{\"ok\":true,\"items\":[1,2,3]}").getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Counts what a host would look at without keeping anything; or, for the positive control, also
     * materialises every head's fields as a host that keeps them would.
     */
    private static final class CountingListener implements Http1Listener {
        private final boolean materialise;
        long statusSum;
        long bodyBytes;
        int contentLengthSeen;
        Http1Fields last;

        CountingListener(boolean materialise) {
            this.materialise = materialise;
        }

        @Override
        public void onHead(Http1Head head) {
            statusSum += head.status();
            if (head.contains("content-length")) {
                contentLengthSeen++;
            }
            if (materialise) {
                last = head.toFields();
            }
        }

        @Override
        public void onBody(ByteBuffer data) {
            bodyBytes += data.remaining();
        }
    }

    /** Bytes allocated per exchange in steady state, after a warm-up run (JIT, storage growth). */
    private static double bytesPerExchange(CountingListener listener) {
        Http1ClientCodec codec = new Http1ClientCodec();
        Http1Fields request = Http1Fields.of("Host", "backend.test", "Accept", "application/json");
        ByteBuffer out = ByteBuffer.allocate(512);
        ByteBuffer in = ByteBuffer.allocate(RESPONSE.length);
        double perHead = AllocationMeter.bytesPerOperation(HEADS, () -> exchanges(codec, request, out, in, listener, HEADS));
        assertThat(listener.statusSum).isEqualTo(200L * 2 * HEADS);
        assertThat(listener.bodyBytes).isEqualTo(27L * 2 * HEADS);
        assertThat(listener.contentLengthSeen).isEqualTo(2 * HEADS);
        return perHead;
    }

    @Test
    void parsingTypicalResponseHeadsAllocatesAlmostNothing() {
        double perHead = bytesPerExchange(new CountingListener(false));
        System.out.println("Http1AllocationTest: " + perHead + " bytes allocated per exchange");
        assertThat(perHead).as("bytes allocated per request/response exchange").isLessThan(200);
    }

    @Test
    void positiveControlTheSameMeasurementSeesAListenerThatMaterialisesFields() {
        // Ten fields as Strings are well over the bound: the meter must see them.
        assertThat(bytesPerExchange(new CountingListener(true))).isGreaterThanOrEqualTo(200);
    }

    private static void exchanges(Http1ClientCodec codec, Http1Fields request, ByteBuffer out, ByteBuffer in,
                                  CountingListener listener, int count) {
        for (int i = 0; i < count; i++) {
            codec.startRequest("GET", "/api/items", request);
            codec.endRequest();
            out.clear();
            codec.pollOutbound(out);
            in.clear();
            in.put(RESPONSE).flip();
            try {
                codec.onBytes(in, listener);
            } catch (Http1Exception e) {
                throw new AssertionError(e);
            }
            if (codec.state() != Http1CodecState.IDLE || in.hasRemaining()) {
                throw new AssertionError("exchange " + i + " did not complete: " + codec);
            }
        }
    }
}
