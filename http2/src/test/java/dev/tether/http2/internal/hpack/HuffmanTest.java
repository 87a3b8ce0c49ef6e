package dev.tether.http2.internal.hpack;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HuffmanTest {

    @Test
    void codeHas257CompleteCanonicalCodeWords() {
        assertThat(Huffman.LENGTHS).hasSize(257);
        long kraft = 0;  // sum of 2^(30 - length): exactly 2^30 for a complete prefix code
        for (int s = 0; s <= Huffman.EOS; s++) {
            assertThat((int) Huffman.LENGTHS[s]).as("length of %d", s).isBetween(5, 30);
            kraft += 1L << (30 - Huffman.LENGTHS[s]);
        }
        assertThat(kraft).isEqualTo(1L << 30);
    }

    @Test
    void derivedCodesMatchRowsOfRfc7541AppendixB() {
        int[][] rows = {  // symbol, code as hex aligned to LSB, length: copied from the appendix
            {0, 0x1ff8, 13}, {1, 0x7fffd8, 23}, {9, 0xffffea, 24}, {10, 0x3ffffffc, 30},
            {22, 0x3ffffffe, 30}, {31, 0xffffffb, 28}, {' ', 0x14, 6}, {'!', 0x3f8, 10}, {'&', 0xf8, 8},
            {'/', 0x18, 6}, {'0', 0x0, 5}, {'9', 0x1f, 6}, {':', 0x5c, 7}, {'<', 0x7ffc, 15},
            {'?', 0x3fc, 10}, {'@', 0x1ffa, 13}, {'A', 0x21, 6}, {'X', 0xfc, 8}, {'Z', 0xfd, 8},
            {'\\', 0x7fff0, 19}, {'^', 0x3ffc, 14}, {'a', 0x3, 5}, {'t', 0x9, 5}, {'z', 0x7b, 7},
            {'{', 0x7ffe, 15}, {'~', 0x1ffd, 13}, {127, 0xffffffc, 28}, {128, 0xfffe6, 20},
            {142, 0xffffeb, 24}, {153, 0x1fffdc, 21}, {192, 0x3ffffe0, 26}, {195, 0x7fff1, 19},
            {199, 0x1ffffec, 25}, {203, 0x7ffffde, 27}, {220, 0xffffffd, 28}, {249, 0xffffffe, 28},
            {254, 0x7fffff0, 27}, {255, 0x3ffffee, 26}, {256, 0x3fffffff, 30},
        };
        for (int[] row : rows) {
            assertThat(Huffman.CODES[row[0]]).as("code of %d", row[0]).isEqualTo(row[1]);
            assertThat((int) Huffman.LENGTHS[row[0]]).as("length of %d", row[0]).isEqualTo(row[2]);
        }
    }

    @Test
    void encodesTheStringsOfRfc7541AppendixC() {
        assertThat(encode("www.example.com")).isEqualTo("f1e3c2e5f23a6ba0ab90f4ff");
        assertThat(encode("no-cache")).isEqualTo("a8eb10649cbf");
        assertThat(encode("custom-key")).isEqualTo("25a849e95ba97d7f");
        assertThat(encode("custom-value")).isEqualTo("25a849e95bb8e8b4bf");
        assertThat(encode("302")).isEqualTo("6402");
        assertThat(encode("307")).isEqualTo("640eff");
        assertThat(encode("private")).isEqualTo("aec3771a4b");
        assertThat(encode("gzip")).isEqualTo("9bd9ab");
        assertThat(encode("Mon, 21 Oct 2013 20:13:21 GMT"))
                .isEqualTo("d07abe941054d444a8200595040b8166e082a62d1bff");
        assertThat(encode("https://www.example.com")).isEqualTo("9d29ad171863c78f0b97c8e9ae82ae43d3");
        assertThat(encode("foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1")).isEqualTo(
                "94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007");
    }

    @Test
    void everyOctetValueRoundTripsAloneAndTogether() {
        StringBuilder all = new StringBuilder();
        for (int b = 0; b < 256; b++) {
            String one = String.valueOf((char) b);
            assertThat(decode(Hex.decode(encode(one)))).as("octet %d", b).isEqualTo(one);
            all.append((char) b);
        }
        String everything = all.toString() + all.reverse();
        assertThat(decode(Hex.decode(encode(everything)))).isEqualTo(everything);
    }

    @Test
    void randomStringsRoundTripAndEncodedLengthIsExact() {
        SplittableRandom random = new SplittableRandom(7541);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) random.nextInt(256);
            }
            String s = new String(chars);
            byte[] encoded = Hex.decode(encode(s));
            assertThat(encoded.length).isEqualTo(Huffman.encodedLength(s));
            assertThat(decode(encoded)).isEqualTo(s);
        }
    }

    @Test
    void decodesTheEmptyString() {
        assertThat(HuffmanDecoder.decode(new byte[0], 0, 0, new byte[0])).isZero();
    }

    @Test
    void acceptsSevenBitsOfPadding() {
        // "00000" is 5 × 5 = 25 bits, so the fourth octet carries 7 bits of EOS prefix.
        assertThat(encode("00000")).isEqualTo("0000007f");
        assertThat(decode(Hex.decode("0000007f"))).isEqualTo("00000");
    }

    @Test
    void rejectsEosInsideAString() {
        // 'a' (00011) then EOS (30 ones) then 5 padding ones.
        assertThat(decodeResult("1fffffffff")).isEqualTo(HuffmanDecoder.ERROR_EOS);
        // EOS alone.
        assertThat(decodeResult("ffffffff")).isEqualTo(HuffmanDecoder.ERROR_EOS);
        // EOS between two symbols: 'a' EOS 'a' = 5 + 30 + 5 bits, one padding bit.
        assertThat(decodeResult("1fffffffff8f")).isEqualTo(HuffmanDecoder.ERROR_EOS);
    }

    @Test
    void rejectsPaddingLongerThanSevenBits() {
        assertThat(decodeResult("ff")).isEqualTo(HuffmanDecoder.ERROR_PADDING);      // 8 ones, no symbol
        assertThat(decodeResult("1fff")).isEqualTo(HuffmanDecoder.ERROR_PADDING);    // 'a' + 11 ones
        assertThat(decodeResult("1fffff")).isEqualTo(HuffmanDecoder.ERROR_PADDING);  // 'a' + 19 ones
    }

    @Test
    void rejectsPaddingThatIsNotAPrefixOfEos() {
        assertThat(decodeResult("18")).isEqualTo(HuffmanDecoder.ERROR_PADDING);  // 'a' + 000
        assertThat(decodeResult("1b")).isEqualTo(HuffmanDecoder.ERROR_PADDING);  // 'a' + 011
        assertThat(decodeResult("1e")).isEqualTo(HuffmanDecoder.ERROR_PADDING);  // 'a' + 110
        assertThat(decodeResult("1f")).isEqualTo(1);                            // 'a' + 111 is fine
    }

    private static String encode(String s) {
        ByteBuffer out = ByteBuffer.allocate((int) Huffman.encodedLength(s));
        Huffman.encode(s, out);
        assertThat(out.hasRemaining()).isFalse();
        return Hex.encode(out.flip());
    }

    private static String decode(byte[] encoded) {
        byte[] dst = new byte[encoded.length * 8 / 5];
        int n = HuffmanDecoder.decode(encoded, 0, encoded.length, dst);
        assertThat(n).isNotNegative();
        return new String(dst, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static int decodeResult(String hex) {
        byte[] encoded = Hex.decode(hex);
        return HuffmanDecoder.decode(encoded, 0, encoded.length, new byte[encoded.length * 8 / 5 + 1]);
    }
}
