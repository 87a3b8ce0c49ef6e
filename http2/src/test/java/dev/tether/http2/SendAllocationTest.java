package dev.tether.http2;

import dev.tether.testkit.AllocationMeter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What sending a DATA frame on an open stream allocates on the sending thread, counted with the
 * thread's allocation counter ({@link AllocationMeter}), not a clock: a send is on every request's
 * and every response's path, and makes no string (its error messages are made only when thrown).
 */
class SendAllocationTest {
    private static final int SENDS = 2_000;

    @Test
    void sendingDataOnAnOpenStreamMakesNoMessage() throws Exception {
        Pair p = new Pair().pump();
        int id = p.client.newStream(Wire.REQUEST, false);
        ByteBuffer one = ByteBuffer.allocate(1);
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        double perSend = AllocationMeter.bytesPerOperation(SENDS, () -> {
            for (int i = 0; i < SENDS; i++) {
                one.clear();
                p.client.sendData(id, one, false);
                sink.clear();
                p.client.pollOutbound(sink); // drained: no frame waits in the queue
            }
        });
        assertThat(perSend).as("bytes per sendData").isLessThan(8);
    }
}
