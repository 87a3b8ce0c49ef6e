package dev.tether.examples.proxy;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuffersTest {
    @Test
    void aBodyThatFitsIsKeptWholeForAReplay() {
        RequestBody b = new RequestBody();
        b.offer(ByteBuffer.wrap(new byte[1000]));
        b.end();
        ByteBuffer v = b.unsent();
        v.position(v.limit());
        b.markSent(1000);
        assertThat(b.allSent()).isTrue();
        b.rewind();
        assertThat(b.unsent().remaining()).isEqualTo(1000);
        assertThat(b.replayable()).isTrue();
    }

    @Test
    void aLongerBodyStreamsThroughTheBoundedBufferAndIsNoLongerReplayable() {
        RequestBody b = new RequestBody();
        b.offer(ByteBuffer.wrap(new byte[RequestBody.CAPACITY]));
        assertThat(b.space()).isZero();
        b.markSent(RequestBody.CAPACITY / 2);
        assertThat(b.space()).isEqualTo(RequestBody.CAPACITY / 2);
        ByteBuffer more = ByteBuffer.wrap(new byte[RequestBody.CAPACITY / 2]);
        b.offer(more);
        assertThat(more.hasRemaining()).isFalse();
        assertThat(b.replayable()).isFalse();
        assertThat(b.unsent().remaining()).isEqualTo(RequestBody.CAPACITY);
    }

    @Test
    void theResponseBufferRefusesMoreThanItsCapacity() {
        ResponseBuffer r = new ResponseBuffer();
        r.add(ByteBuffer.wrap(new byte[ResponseBuffer.CAPACITY]));
        assertThat(r.space()).isZero();
        assertThatThrownBy(() -> r.add(ByteBuffer.wrap(new byte[1]))).isInstanceOf(IllegalStateException.class);
        r.clear();
        assertThat(r.isEmpty()).isTrue();
    }

    @Test
    void backendsParseFromTheCommandLineForm() {
        assertThat(Backend.parse("h1://127.0.0.1:9000").protocol()).isEqualTo(Backend.Protocol.H1);
        assertThat(Backend.parse("h2c://localhost:81").address().getPort()).isEqualTo(81);
        assertThat(Backend.parse("h2c://127.0.0.1:9001").name()).isEqualTo("h2c-127.0.0.1:9001");
        assertThatThrownBy(() -> Backend.parse("ftp://x:1"))
                .hasMessage("unknown scheme ftp://, expected h1://, h2c:// or https://");
        assertThatThrownBy(() -> Backend.parse("127.0.0.1:9000"))
                .hasMessage("expected h1://HOST:PORT, h2c://HOST:PORT or https://HOST:PORT");
        assertThatThrownBy(() -> Backend.parseAddress("host:x")).hasMessage("the port must be a number from 0 to 65535");
    }
}
