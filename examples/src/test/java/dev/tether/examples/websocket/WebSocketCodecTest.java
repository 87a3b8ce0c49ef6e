package dev.tether.examples.websocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** RFC 6455 framing: round trips in both roles, fragmentation, control frames, UTF-8 and close codes. */
class WebSocketCodecTest {
    private static final WebSocketEncoder CLIENT = new WebSocketEncoder(true);
    private static final WebSocketEncoder SERVER = new WebSocketEncoder(false);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 1 << 20})
    void binaryMessagesOfEveryLengthEncodingRoundTripInBothRoles(int length) throws Exception {
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);
        Recorder fromClient = decode(true, CLIENT.frame(WebSocketProtocol.BINARY, true, ByteBuffer.wrap(payload)));
        Recorder fromServer = decode(false, SERVER.frame(WebSocketProtocol.BINARY, true, ByteBuffer.wrap(payload)));
        assertThat(fromClient.binary).containsExactly(payload);
        assertThat(fromServer.binary).containsExactly(payload);
    }

    @Test
    void aClientMasksEveryFrameAndAServerNever() {
        ByteBuffer masked = CLIENT.text("hello");
        ByteBuffer plain = SERVER.text("hello");
        assertThat(masked.get(1) & 0x80).isEqualTo(0x80);
        assertThat(plain.get(1) & 0x80).isZero();
        assertThat(new String(plain.array(), 2, 5, StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(new String(masked.array(), 6, 5, StandardCharsets.UTF_8)).isNotEqualTo("hello");
    }

    @Test
    void fragmentsAreJoinedWithControlFramesBetweenThemAndByteAtATime() throws Exception {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // split across the two fragments
        ByteBuffer wire = concat(CLIENT.frame(WebSocketProtocol.TEXT, false, ByteBuffer.wrap(new byte[] {'a', euro[0]})),
                CLIENT.frame(WebSocketProtocol.PING, true, ascii("p")),
                CLIENT.frame(WebSocketProtocol.CONTINUATION, false, ByteBuffer.wrap(new byte[] {euro[1], euro[2]})),
                CLIENT.frame(WebSocketProtocol.CONTINUATION, true, ascii("b")));
        Recorder r = new Recorder();
        WebSocketDecoder d = new WebSocketDecoder(true, 1 << 20);
        ByteBuffer window = ByteBuffer.allocate(wire.remaining());
        for (int i = 0; i < wire.limit(); i++) {
            window.put(wire.get(i)).flip();
            d.onBytes(window, r);
            window.compact(); // an incomplete head stays for the next byte
        }
        assertThat(r.events).containsExactly("ping p", "text a€b");
    }

    @Test
    void closeFramesCarryTheirCodeAndReasonAndEndTheInput() throws Exception {
        Recorder r = decode(true, concat(CLIENT.close(4001, "bye"), CLIENT.text("ignored")));
        assertThat(r.events).containsExactly("close 4001 bye");
        assertThat(decode(true, CLIENT.close(WebSocketProtocol.NO_STATUS, "")).events).containsExactly("close 1005 ");
        assertThatThrownBy(() -> CLIENT.close(1006, "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CLIENT.frame(WebSocketProtocol.PING, true, ByteBuffer.allocate(126)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framingErrorsAreProtocolErrors() {
        // §5.2 reserved bits and opcodes, §5.1 masking by role, §5.5 control frames, §5.4 fragments.
        assertProtocolError(true, raw(0xC1, true, "x"));
        assertProtocolError(true, raw(0x83, true, "x"));
        assertProtocolError(true, raw(0x81, false, "x"));
        assertProtocolError(false, raw(0x81, true, "x"));
        assertProtocolError(true, raw(0x09, true, "x"));
        assertProtocolError(true, raw(0x80, true, "x"));
        assertProtocolError(true, concat(raw(0x01, true, "a"), raw(0x81, true, "b")));
        assertProtocolError(true, concat(raw(0x88, true, "\u0003")));
        // §5.2: a length that fits in 7 bits written with 16, and a 64-bit length with its top bit set.
        assertProtocolError(false, ByteBuffer.wrap(new byte[] {(byte) 0x82, 126, 0, 5, 1, 2, 3, 4, 5}));
        assertProtocolError(false, ByteBuffer.wrap(new byte[] {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void closeCodesThatMayNotBeSentAreProtocolErrors() throws Exception {
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            ByteBuffer p = ByteBuffer.allocate(2).putShort((short) code).flip();
            assertProtocolError(true, CLIENT.frame(WebSocketProtocol.CLOSE, true, p));
        }
        for (int code : new int[] {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999}) {
            assertThat(decode(true, CLIENT.close(code, "")).events).containsExactly("close " + code + " ");
        }
    }

    @Test
    void textThatIsNotUtf8IsInvalidData() {
        byte[][] bad = {{(byte) 0xFF}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}};
        for (byte[] b : bad) {
            WebSocketException e = catchThrowableOfType(WebSocketException.class,
                    () -> decode(true, CLIENT.frame(WebSocketProtocol.TEXT, true, ByteBuffer.wrap(b))));
            assertThat(e.closeCode()).as(java.util.Arrays.toString(b)).isEqualTo(WebSocketException.INVALID_DATA);
        }
        ByteBuffer reason = ByteBuffer.allocate(3).putShort((short) 1000).put((byte) 0xFF).flip();
        WebSocketException e = catchThrowableOfType(WebSocketException.class,
                () -> decode(true, CLIENT.frame(WebSocketProtocol.CLOSE, true, reason)));
        assertThat(e.closeCode()).isEqualTo(WebSocketException.INVALID_DATA);
    }

    @Test
    void aMessageOverTheLimitIsTooBigEvenWhenFragmented() {
        WebSocketDecoder d = new WebSocketDecoder(true, 1000);
        ByteBuffer wire = concat(CLIENT.frame(WebSocketProtocol.BINARY, false, ByteBuffer.allocate(600)),
                CLIENT.frame(WebSocketProtocol.CONTINUATION, true, ByteBuffer.allocate(600)));
        WebSocketException e = catchThrowableOfType(WebSocketException.class, () -> d.onBytes(wire, new Recorder()));
        assertThat(e.closeCode()).isEqualTo(WebSocketException.TOO_BIG);
        assertThat(d.done()).isTrue();
    }

    @Test
    void theEchoAnswersMessagesPingsAndTheCloseHandshake() throws Exception {
        List<ByteBuffer> sent = new ArrayList<>();
        boolean[] ended = new boolean[1];
        WebSocketEcho echo = new WebSocketEcho(new FrameSink() {
            @Override
            public void send(ByteBuffer frame) {
                sent.add(frame);
            }

            @Override
            public void end() {
                ended[0] = true;
            }
        });
        ByteBuffer wire = concat(CLIENT.text("hi"), CLIENT.frame(WebSocketProtocol.PING, true, ascii("p")),
                CLIENT.frame(WebSocketProtocol.BINARY, true, ascii("b")), CLIENT.close(4000, "done"));
        echo.onBytes(wire.slice(0, 5)); // a frame split across reads
        echo.onBytes(wire.slice(5, wire.limit() - 5));
        Recorder r = decode(false, concat(sent.toArray(new ByteBuffer[0])));
        assertThat(r.events).containsExactly("text hi", "pong p", "binary 1", "close 4000 done");
        assertThat(ended[0]).isTrue();
        assertThat(echo.messages()).isEqualTo(2);
    }

    @Test
    void theHandshakeAcceptValueIsTheRfcExample() {
        // RFC 6455 §1.3.
        assertThat(WebSocketProtocol.accept("dGhlIHNhbXBsZSBub25jZQ==")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        assertThat(WebSocketProtocol.validKey(WebSocketProtocol.newKey())).isTrue();
        assertThat(WebSocketProtocol.validKey("c2hvcnQ=")).isFalse();
    }

    private static void assertProtocolError(boolean fromClient, ByteBuffer wire) {
        WebSocketException e = catchThrowableOfType(WebSocketException.class,
                () -> new WebSocketDecoder(fromClient, 1 << 20).onBytes(wire, new Recorder()));
        assertThat(e).as("no error for %s", wire).isNotNull();
        assertThat(e.closeCode()).isEqualTo(WebSocketException.PROTOCOL_ERROR);
    }

    /** A frame with a raw first byte and a short payload, masked with a zero key when asked. */
    private static ByteBuffer raw(int b0, boolean masked, String payload) {
        byte[] p = payload.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(2 + (masked ? 4 : 0) + p.length);
        b.put((byte) b0).put((byte) ((masked ? 0x80 : 0) | p.length));
        if (masked) {
            b.putInt(0);
        }
        return b.put(p).flip();
    }

    private static Recorder decode(boolean fromClient, ByteBuffer wire) throws WebSocketException {
        Recorder r = new Recorder();
        new WebSocketDecoder(fromClient, 2 << 20).onBytes(wire, r);
        return r;
    }

    private static ByteBuffer concat(ByteBuffer... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer p : parts) {
            byte[] b = new byte[p.remaining()];
            p.duplicate().get(b);
            out.writeBytes(b);
        }
        return ByteBuffer.wrap(out.toByteArray());
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Records decoder events as text. */
    private static final class Recorder implements WebSocketListener {
        final List<String> events = new ArrayList<>();
        final List<byte[]> binary = new ArrayList<>();

        @Override
        public void onMessage(boolean text, ByteBuffer payload) {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            if (text) {
                events.add("text " + new String(b, StandardCharsets.UTF_8));
            } else {
                binary.add(b);
                events.add("binary " + b.length);
            }
        }

        @Override
        public void onPing(ByteBuffer payload) {
            events.add("ping " + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void onPong(ByteBuffer payload) {
            events.add("pong " + StandardCharsets.UTF_8.decode(payload));
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close " + code + " " + reason);
        }
    }
}
