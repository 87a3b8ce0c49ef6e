package dev.tether.examples.proxy;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseBufferTest {
    /**
     * A client whose connection fails while the held bytes are offered to it closes, and the closing
     * ends the exchange, which clears the buffer from inside the offer: the drain reports what was
     * taken and the buffer is empty (it threw a NullPointerException on the cleared storage).
     */
    @Test
    void aDownstreamThatEndsTheExchangeWhileTakingBytesEndsTheDrain() {
        ResponseBuffer held = new ResponseBuffer();
        held.add(ByteBuffer.wrap(new byte[10_000]));
        Downstream closing = new TakingDownstream(held, 4_000);

        assertThat(held.drainTo(closing)).isEqualTo(4_000);
        assertThat(held.isEmpty()).isTrue();
        assertThat(held.space()).isEqualTo(ResponseBuffer.CAPACITY);
    }

    @Test
    void whatTheDownstreamDoesNotTakeStaysHeldInOrder() {
        ResponseBuffer held = new ResponseBuffer();
        byte[] bytes = new byte[10_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        held.add(ByteBuffer.wrap(bytes));

        assertThat(held.drainTo(new TakingDownstream(null, 3_000))).isEqualTo(3_000);
        assertThat(held.pending()).isEqualTo(7_000);
        TakingDownstream rest = new TakingDownstream(null, 7_000);
        held.drainTo(rest);
        assertThat(rest.first).as("the first byte not taken before").isEqualTo((byte) 3_000);
        assertThat(held.isEmpty()).isTrue();
    }

    /**
     * Takes up to {@code take} bytes (remembering the first), then, if given a buffer, clears it as a
     * closing exchange does.
     */
    private static final class TakingDownstream implements Downstream {
        private final ResponseBuffer clearedOnTake;
        private final int take;
        byte first;

        TakingDownstream(ResponseBuffer clearedOnTake, int take) {
            this.clearedOnTake = clearedOnTake;
            this.take = take;
        }

        @Override
        public void body(ByteBuffer src) {
            first = src.get(src.position());
            src.position(src.position() + Math.min(take, src.remaining()));
            if (clearedOnTake != null) {
                clearedOnTake.clear();
            }
        }

        @Override public void head(int status, List<String> fields, boolean noBody) { }
        @Override public void end() { }
        @Override public void abort() { }
        @Override public void refuse() { }
        @Override public void error(int status, String reason) { }
        @Override public void requestBodyConsumed(int n) { }
        @Override public void exchangeDone() { }
    }
}
