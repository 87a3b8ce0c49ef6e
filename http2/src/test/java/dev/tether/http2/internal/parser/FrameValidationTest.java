package dev.tether.http2.internal.parser;

import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.Http2Exception.Scope;
import dev.tether.http2.frame.WindowUpdateFrame;
import dev.tether.http2.internal.generator.FrameWriter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FrameValidationTest {
    static ByteBuffer frame(int type, int flags, int streamId, int... payload) {
        ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        FrameWriter.header(b, payload.length, type, flags, streamId);
        for (int p : payload) {
            b.put((byte) p);
        }
        return b.flip();
    }

    static Http2Exception reject(ByteBuffer in) {
        return catchThrowableOfType(Http2Exception.class,
                () -> new FrameParser(16384).parse(in, new RecordingFrameListener()));
    }

    static void assertError(ByteBuffer in, ErrorCode code, Scope scope) {
        Http2Exception e = reject(in);
        assertThat(e).as("expected %s %s", code, scope).isNotNull();
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.scope()).isEqualTo(scope);
    }

    @Test
    void rejectsFramesLongerThanMaxFrameSizeBeforeReadingTheirBody() {
        ByteBuffer b = ByteBuffer.allocate(9);
        FrameWriter.header(b, 16385, 0, 0, 1);
        assertError(b.flip(), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
    }

    @Test
    void rejectsStreamFramesOnStreamZero() {
        assertError(frame(0x0, 0, 0, 1), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x1, 4, 0, 1), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x2, 0, 0, 0, 0, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x3, 0, 0, 0, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x5, 4, 0, 0, 0, 0, 2), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x9, 4, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    void rejectsConnectionFramesOnAStream() {
        assertError(frame(0x4, 0, 1), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x6, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x7, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    void rejectsPaddingAsLongAsThePayload() {
        assertError(frame(0x0, 0x8, 1, 3, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x1, 0x8 | 0x4, 1, 2, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x5, 0x8 | 0x4, 1, 1, 0, 0, 0, 2), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x0, 0x8, 1), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
    }

    @Test
    void acceptsPaddingThatLeavesAnEmptyBody() throws Exception {
        RecordingFrameListener l = new RecordingFrameListener();
        new FrameParser(16384).parse(frame(0x0, 0x8, 1, 1, 0), l);
        assertThat(l.frames).hasSize(1);
    }

    @Test
    void rejectsWrongFixedLengths() {
        assertError(frame(0x2, 0, 1, 0, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.STREAM);
        assertError(frame(0x3, 0, 1, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertError(frame(0x4, 0, 0, 0, 1, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertError(frame(0x4, 1, 0, 0, 0, 0, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertError(frame(0x6, 0, 0, 0, 0, 0, 0, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertError(frame(0x7, 0, 0, 0, 0, 0, 0, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertError(frame(0x8, 0, 1, 0, 0, 1), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
        assertError(frame(0x1, 0x20 | 0x4, 1, 0, 0, 0), ErrorCode.FRAME_SIZE_ERROR, Scope.CONNECTION);
    }

    @Test
    void rejectsSettingsValuesOutOfRange() {
        assertError(frame(0x4, 0, 0, 0, 2, 0, 0, 0, 2), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x4, 0, 0, 0, 4, 0x80, 0, 0, 0), ErrorCode.FLOW_CONTROL_ERROR, Scope.CONNECTION);
        assertError(frame(0x4, 0, 0, 0, 5, 0, 0, 0x3f, 0xff), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        assertError(frame(0x4, 0, 0, 0, 5, 1, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    void rejectsAWindowIncrementOfZeroWithTheScopeOfItsStream() {
        assertError(frame(0x8, 0, 0, 0, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
        Http2Exception e = reject(frame(0x8, 0, 3, 0x80, 0, 0, 0));
        assertThat(e.scope()).isEqualTo(Scope.STREAM);
        assertThat(e.streamId()).isEqualTo(3);
    }

    @Test
    void rejectsAPushPromiseOfStreamZero() {
        assertError(frame(0x5, 4, 1, 0, 0, 0, 0), ErrorCode.PROTOCOL_ERROR, Scope.CONNECTION);
    }

    @Test
    void goesOnAfterAStreamErrorAtTheNextFrame() throws Exception {
        ByteBuffer in = ByteBuffer.allocate(64);
        in.put(frame(0x8, 0, 3, 0, 0, 0, 0)).put(frame(0x8, 0, 5, 0, 0, 0, 9)).flip();
        FrameParser parser = new FrameParser(16384);
        RecordingFrameListener l = new RecordingFrameListener();
        Http2Exception e = catchThrowableOfType(Http2Exception.class, () -> parser.parse(in, l));
        assertThat(e.scope()).isEqualTo(Scope.STREAM);
        parser.parse(in, l);
        assertThat(l.frames).containsExactly(new WindowUpdateFrame(5, 9));
    }
}
