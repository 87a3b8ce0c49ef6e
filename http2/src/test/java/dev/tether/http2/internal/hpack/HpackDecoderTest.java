package dev.tether.http2.internal.hpack;

import dev.tether.http2.internal.hpack.HpackException.Reason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HpackDecoderTest {

    @Test
    void reportsEachLiteralKindWithItsNeverIndexedFlag() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        // without indexing, never indexed, incremental indexing: all with name index 1 (:authority)
        List<Field> fields = decode(decoder, "0101 61 1101 62 4101 63");
        assertThat(fields).containsExactly(new Field(":authority", "a", false), new Field(":authority", "b", true),
                new Field(":authority", "c", false));
        assertThat(RfcAppendixCTest.entries(decoder.table())).containsExactly(":authority: c");
    }

    @Test
    void mapsOctetsToCharsOneToOne() throws HpackException {
        List<Field> fields = decode(new HpackDecoder(4096, 16384, 4096), "00 02 ff80 02 e900");
        assertThat(fields).containsExactly(Field.of("\u00ff\u0080", "\u00e9\u0000"));
    }

    @Test
    void indexedFieldsHandOverTheTablesOwnStrings() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        List<String[]> seen = new java.util.ArrayList<>();
        HeaderListener keep = (name, value, neverIndexed) -> seen.add(new String[] {name, value});
        decoder.decode(ByteBuffer.wrap(Hex.decode("82 400161 0162 be be 7e0163")), keep);
        assertThat(seen.get(0)[0]).isSameAs(StaticTable.name(2));
        assertThat(seen.get(0)[1]).isSameAs(StaticTable.value(2));
        assertThat(seen.get(2)[0]).isSameAs(seen.get(1)[0]);  // same instances as the literal that was indexed
        assertThat(seen.get(2)[1]).isSameAs(seen.get(1)[1]);
        assertThat(seen.get(3)[1]).isSameAs(seen.get(1)[1]);
        assertThat(seen.get(4)[0]).isSameAs(seen.get(1)[0]);  // a name taken from the dynamic table
        assertThat(seen.get(4)[1]).isEqualTo("c");
    }

    @Test
    void decodesTheDensestHuffmanStringIntoAFreshDecoder() throws HpackException {
        // '0' has a 5-bit code: 625 octets decode to 1,000, the most any Huffman string expands.
        String zeros = "0".repeat(1000);
        ByteBuffer block = ByteBuffer.allocate(700);
        block.put((byte) 0x41);
        HpackWriter.writeString(block, zeros, HpackEncoder.StringCoding.HUFFMAN_WHEN_SHORTER);
        assertThat(block.position()).isEqualTo(1 + 3 + 625);
        RecordingListener listener = new RecordingListener();
        new HpackDecoder(4096, 16384, 4096).decode(block.flip(), listener);
        assertThat(listener.fields).containsExactly(Field.of(":authority", zeros));
    }

    @Test
    void decodesTheEmptyBlock() throws HpackException {
        assertThat(decode(new HpackDecoder(4096, 16384, 4096), "")).isEmpty();
    }

    @Test
    void rejectsIndexZeroAndIndexesPastTheDynamicTable() {
        assertFailure(new HpackDecoder(4096, 16384, 4096), "80", Reason.INVALID_INDEX, 0);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 be", Reason.INVALID_INDEX, 1);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 7e 0161", Reason.INVALID_INDEX, 1);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 0f2f 0161", Reason.INVALID_INDEX, 1);  // index 62
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 400161 0162 bf", Reason.INVALID_INDEX, 6);
    }

    @Test
    void rejectsBlocksThatEndInsideARepresentation() {
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 40", Reason.TRUNCATED, 2);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 4001", Reason.TRUNCATED, 2);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 400161", Reason.TRUNCATED, 4);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 4105 6162", Reason.TRUNCATED, 2);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 ff", Reason.TRUNCATED, 1);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "3f", Reason.TRUNCATED, 0);
    }

    @Test
    void rejectsBadHuffmanStringsAtTheStringsOffset() {
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 41 8118", Reason.HUFFMAN_PADDING, 2);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 41 82ffff", Reason.HUFFMAN_PADDING, 2);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "82 41 84ffffffff", Reason.HUFFMAN_EOS, 2);
    }

    @Test
    void acceptsSizeUpdatesOnlyAtTheStartOfABlock() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        decode(decoder, "400161 0162");
        // two updates before the first field: to 0 (empties the table), then back to 4096
        assertThat(decode(decoder, "20 3fe11f 82")).containsExactly(Field.of(":method", "GET"));
        assertThat(decoder.dynamicTableSize()).isZero();
        assertThat(decoder.dynamicTableCapacity()).isEqualTo(4096);
        assertFailure(decoder, "82 20", Reason.TABLE_SIZE_UPDATE_NOT_AT_START, 1);
        assertFailure(new HpackDecoder(4096, 16384, 4096), "20 82 3f11", Reason.TABLE_SIZE_UPDATE_NOT_AT_START, 2);
    }

    @Test
    void rejectsSizeUpdatesAboveTheAdvertisedSetting() throws HpackException {
        assertFailure(new HpackDecoder(4096, 16384, 4096), "3fe21f", Reason.TABLE_SIZE_UPDATE_TOO_LARGE, 0);
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        decoder.setMaxTableSize(8192);
        assertThat(decode(decoder, "82")).hasSize(1);  // raising the setting requires no update
        assertThat(decode(decoder, "3fe13f 82")).hasSize(1);  // 8192 is allowed now
        assertThat(decoder.dynamicTableCapacity()).isEqualTo(8192);
    }

    @Test
    void sizeUpdateEvictsOldestEntriesFirst() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        decode(decoder, "400161 0131 400162 0132 400163 0133");  // three entries of 34 octets
        decode(decoder, "3f2f");  // size update to 31 + 47 = 78: room for two
        assertThat(RfcAppendixCTest.entries(decoder.table())).containsExactly("c: 3", "b: 2");
        assertThat(decoder.dynamicTableSize()).isEqualTo(68);
    }

    @Test
    void requiresASizeUpdateAfterTheSettingWasLoweredBelowTheTableSize() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        decoder.setMaxTableSize(100);
        assertFailure(decoder, "82", Reason.TABLE_SIZE_UPDATE_MISSING, 0);

        HpackDecoder tooLarge = new HpackDecoder(4096, 16384, 4096);
        tooLarge.setMaxTableSize(100);
        assertFailure(tooLarge, "3f46 82", Reason.TABLE_SIZE_UPDATE_TOO_LARGE, 0);  // 101 > 100

        HpackDecoder obeyed = new HpackDecoder(4096, 16384, 4096);
        obeyed.setMaxTableSize(100);
        assertThat(decode(obeyed, "3f45 82")).hasSize(1);  // update to 100
        assertThat(obeyed.dynamicTableCapacity()).isEqualTo(100);
        assertThat(decode(obeyed, "82")).hasSize(1);  // later blocks need none
    }

    @Test
    void zeroCapacityTableDecodesLiteralsButIndexesNothing() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(0, 16384, 4096);
        assertThat(decode(decoder, "400161 0162")).containsExactly(Field.of("a", "b"));
        assertThat(decoder.dynamicTableSize()).isZero();
        assertFailure(decoder, "be", Reason.INVALID_INDEX, 0);
    }

    @Test
    void acceptsAHeaderListOfExactlyTheLimitAndRejectsOneOctetMore() throws HpackException {
        // ":method: GET" counts 7 + 3 + 32 = 42 octets (RFC 9113 §6.5.2).
        assertThat(decode(new HpackDecoder(4096, 84, 4096), "82 82")).hasSize(2);
        assertFailure(new HpackDecoder(4096, 83, 4096), "82 82", Reason.HEADER_LIST_TOO_LARGE, 1);
        // A literal name alone already over the limit fails before its value is read.
        assertFailure(new HpackDecoder(4096, 40, 4096), "00 09 616161616161616161 ff", Reason.HEADER_LIST_TOO_LARGE, 0);
    }

    @Test
    void failedDecoderRefusesFurtherBlocksAndDropsItsTable() throws HpackException {
        HpackDecoder decoder = new HpackDecoder(4096, 16384, 4096);
        decode(decoder, "400161 0162");
        assertFailure(decoder, "80", Reason.INVALID_INDEX, 0);
        assertThat(decoder.dynamicTableSize()).isZero();
        assertThatThrownBy(() -> decode(decoder, "82"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FAILED");
    }

    @Test
    void listenerErrorsPassThroughAndUncheckedOnesBecomeInternal() {
        HpackDecoder rejecting = new HpackDecoder(4096, 16384, 4096);
        HeaderListener refuse = (name, value, neverIndexed) -> {
            throw new HpackException(Reason.INVALID_HEADER_NAME, 0, "no");
        };
        assertThatThrownBy(() -> rejecting.decode(ByteBuffer.wrap(Hex.decode("82")), refuse))
                .isInstanceOfSatisfying(HpackException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_HEADER_NAME));

        HpackDecoder crashing = new HpackDecoder(4096, 16384, 4096);
        IllegalStateException bug = new IllegalStateException("bug");
        HeaderListener crash = (name, value, neverIndexed) -> {
            throw bug;
        };
        assertThatThrownBy(() -> crashing.decode(ByteBuffer.wrap(Hex.decode("82 86")), crash))
                .isInstanceOfSatisfying(HpackException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INTERNAL);
                    assertThat(e.offset()).isZero();
                    assertThat(e.getCause()).isSameAs(bug);
                });
    }

    @Test
    void decodesHeapSlicesDirectAndReadOnlyBuffersAlikeAndConsumesThem() throws HpackException {
        byte[] wire = Hex.decode("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff");
        List<Field> expected = decode(new HpackDecoder(4096, 16384, 4096), Hex.encode(wire, 0, wire.length));

        byte[] padded = new byte[wire.length + 10];
        System.arraycopy(wire, 0, padded, 5, wire.length);
        ByteBuffer slice = ByteBuffer.wrap(padded, 3, wire.length + 4).position(5).limit(5 + wire.length).slice();
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        ByteBuffer readOnly = ByteBuffer.wrap(wire).asReadOnlyBuffer();
        for (ByteBuffer block : List.of(slice, direct, readOnly)) {
            RecordingListener listener = new RecordingListener();
            new HpackDecoder(4096, 16384, 4096).decode(block, listener);
            assertThat(listener.fields).isEqualTo(expected);
            assertThat(block.hasRemaining()).isFalse();
        }
    }

    @Test
    void rejectsNegativeLimits() {
        assertThatThrownBy(() -> new HpackDecoder(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxTableSize < 0: -1");
        assertThatThrownBy(() -> new HpackDecoder(1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HpackDecoder(1, 1, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HpackDecoder(1, 1, 1).setMaxTableSize(-5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    static List<Field> decode(HpackDecoder decoder, String hex) throws HpackException {
        RecordingListener listener = new RecordingListener();
        decoder.decode(ByteBuffer.wrap(Hex.decode(hex)), listener);
        return listener.fields;
    }

    static void assertFailure(HpackDecoder decoder, String hex, Reason reason, int offset) {
        assertThatThrownBy(() -> decode(decoder, hex)).as(hex)
                .isInstanceOfSatisfying(HpackException.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
                });
    }
}
