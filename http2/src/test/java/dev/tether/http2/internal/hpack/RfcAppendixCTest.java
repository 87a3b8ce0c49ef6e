package dev.tether.http2.internal.hpack;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples of RFC 7541 Appendix C, decoded and encoded byte for byte. */
class RfcAppendixCTest {
    private static final String DATE_21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    private static final String DATE_22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    private static final String LOCATION = "https://www.example.com";
    private static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

    /** One header block of an example, with the dynamic table the RFC shows after it. */
    private record Step(String wire, List<Field> headers, List<String> table, int tableSize) {
    }

    private static final List<List<Field>> REQUESTS = List.of(
            List.of(Field.of(":method", "GET"), Field.of(":scheme", "http"), Field.of(":path", "/"),
                    Field.of(":authority", "www.example.com")),
            List.of(Field.of(":method", "GET"), Field.of(":scheme", "http"), Field.of(":path", "/"),
                    Field.of(":authority", "www.example.com"), Field.of("cache-control", "no-cache")),
            List.of(Field.of(":method", "GET"), Field.of(":scheme", "https"), Field.of(":path", "/index.html"),
                    Field.of(":authority", "www.example.com"), Field.of("custom-key", "custom-value")));
    private static final List<List<String>> REQUEST_TABLES = List.of(
            List.of(":authority: www.example.com"),
            List.of("cache-control: no-cache", ":authority: www.example.com"),
            List.of("custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com"));
    private static final int[] REQUEST_SIZES = {57, 110, 164};

    private static final List<List<Field>> RESPONSES = List.of(
            List.of(Field.of(":status", "302"), Field.of("cache-control", "private"), Field.of("date", DATE_21),
                    Field.of("location", LOCATION)),
            List.of(Field.of(":status", "307"), Field.of("cache-control", "private"), Field.of("date", DATE_21),
                    Field.of("location", LOCATION)),
            List.of(Field.of(":status", "200"), Field.of("cache-control", "private"), Field.of("date", DATE_22),
                    Field.of("location", LOCATION), Field.of("content-encoding", "gzip"),
                    Field.of("set-cookie", COOKIE)));
    private static final List<List<String>> RESPONSE_TABLES = List.of(
            List.of("location: " + LOCATION, "date: " + DATE_21, "cache-control: private", ":status: 302"),
            List.of(":status: 307", "location: " + LOCATION, "date: " + DATE_21, "cache-control: private"),
            List.of("set-cookie: " + COOKIE, "content-encoding: gzip", "date: " + DATE_22));
    private static final int[] RESPONSE_SIZES = {222, 222, 215};

    @Test
    void c21LiteralWithIndexingDecodesAndEncodes() throws HpackException {
        String wire = "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572";
        List<Step> steps = List.of(new Step(wire, List.of(Field.of("custom-key", "custom-header")),
                List.of("custom-key: custom-header"), 55));
        runDecoder(4096, steps);
        runEncoder(4096, false, steps);
    }

    @Test
    void c22LiteralWithoutIndexingDecodesAndEncodes() throws HpackException {
        List<Step> steps = List.of(new Step("040c 2f73 616d 706c 652f 7061 7468",
                List.of(Field.of(":path", "/sample/path")), List.of(), 0));
        runDecoder(4096, steps);
        HpackEncoder encoder = new HpackEncoder(4096, HpackEncoder.StringCoding.RAW, IndexingPolicy.NONE);
        assertThat(encodeBlock(encoder, steps.get(0).headers())).isEqualTo(Hex.normalize(steps.get(0).wire()));
    }

    @Test
    void c23NeverIndexedLiteralDecodesWithItsFlagAndEncodesFromTheSensitiveFlag() throws HpackException {
        List<Step> steps = List.of(new Step("1008 7061 7373 776f 7264 0673 6563 7265 74",
                List.of(new Field("password", "secret", true)), List.of(), 0));
        runDecoder(4096, steps);
        runEncoder(4096, false, steps);
    }

    @Test
    void c24IndexedFieldDecodesAndEncodes() throws HpackException {
        List<Step> steps = List.of(new Step("82", List.of(Field.of(":method", "GET")), List.of(), 0));
        runDecoder(4096, steps);
        runEncoder(4096, false, steps);
    }

    @Test
    void c3RequestsWithoutHuffmanShareOneContext() throws HpackException {
        List<Step> steps = requests(
                "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
                "8286 84be 5808 6e6f 2d63 6163 6865",
                "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65");
        runDecoder(4096, steps);
        runEncoder(4096, false, steps);
    }

    @Test
    void c4RequestsWithHuffmanShareOneContext() throws HpackException {
        List<Step> steps = requests(
                "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
                "8286 84be 5886 a8eb 1064 9cbf",
                "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
        runDecoder(4096, steps);
        runEncoder(4096, true, steps);
    }

    @Test
    void c5ResponsesWithoutHuffmanEvictFromA256OctetTable() throws HpackException {
        List<Step> steps = responses(
                "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133"
                        + "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70"
                        + "6c65 2e63 6f6d",
                "4803 3330 37c1 c0bf",
                "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d"
                        + "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049"
                        + "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e"
                        + "3d31");
        runDecoder(256, steps);
        runEncoder(256, false, steps);
    }

    @Test
    void c6ResponsesWithHuffmanEvictFromA256OctetTable() throws HpackException {
        List<Step> steps = responses(
                "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6"
                        + "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
                "4883 640e ffc1 c0bf",
                "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab"
                        + "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f"
                        + "9587 3160 65c0 03ed 4ee5 b106 3d50 07");
        runDecoder(256, steps);
        runEncoder(256, true, steps);
    }

    private static List<Step> requests(String... wires) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < wires.length; i++) {
            steps.add(new Step(wires[i], REQUESTS.get(i), REQUEST_TABLES.get(i), REQUEST_SIZES[i]));
        }
        return steps;
    }

    private static List<Step> responses(String... wires) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < wires.length; i++) {
            steps.add(new Step(wires[i], RESPONSES.get(i), RESPONSE_TABLES.get(i), RESPONSE_SIZES[i]));
        }
        return steps;
    }

    private static void runDecoder(int tableSize, List<Step> steps) throws HpackException {
        HpackDecoder decoder = new HpackDecoder(tableSize, 16384, 4096);
        for (Step step : steps) {
            RecordingListener listener = new RecordingListener();
            ByteBuffer block = ByteBuffer.wrap(Hex.decode(step.wire()));
            decoder.decode(block, listener);
            assertThat(block.hasRemaining()).isFalse();
            assertThat(listener.fields).containsExactlyElementsOf(step.headers());
            assertThat(entries(decoder.table())).containsExactlyElementsOf(step.table());
            assertThat(decoder.dynamicTableSize()).isEqualTo(step.tableSize());
        }
    }

    private static void runEncoder(int tableSize, boolean huffman, List<Step> steps) {
        // The RFC indexes every field and Huffman-codes strings unless that is longer.
        HpackEncoder encoder = new HpackEncoder(tableSize,
                huffman ? HpackEncoder.StringCoding.HUFFMAN_UNLESS_LONGER : HpackEncoder.StringCoding.RAW,
                IndexingPolicy.ALWAYS);
        for (Step step : steps) {
            assertThat(encodeBlock(encoder, step.headers())).isEqualTo(Hex.normalize(step.wire()));
            assertThat(entries(encoder.table())).containsExactlyElementsOf(step.table());
            assertThat(encoder.dynamicTableSize()).isEqualTo(step.tableSize());
        }
    }

    static String encodeBlock(HpackEncoder encoder, List<Field> headers) {
        ByteBuffer out = ByteBuffer.allocate(4096);
        encoder.beginBlock(out);
        for (Field field : headers) {
            encoder.encode(field.name(), field.value(), field.neverIndexed(), out);
        }
        return Hex.encode(out.flip());
    }

    static List<String> entries(DynamicTable table) {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < table.length(); i++) {
            entries.add(table.name(i) + ": " + table.value(i));
        }
        return entries;
    }
}
