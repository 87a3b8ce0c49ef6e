package dev.tether.http2.internal.hpack;

import dev.tether.http2.internal.hpack.HpackException.Reason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HpackIntegerTest {

    @Test
    void encodesTheExamplesOfRfc7541AppendixC1() throws HpackException {
        assertThat(write(0xE0, 5, 10)).isEqualTo("ea");        // C.1.1: 10 on a 5-bit prefix
        assertThat(write(0x00, 5, 1337)).isEqualTo("1f9a0a");  // C.1.2: 1337 on a 5-bit prefix
        assertThat(write(0x00, 8, 42)).isEqualTo("2a");        // C.1.3: 42 on 8 bits
        assertThat(read(Hex.decode("1f9a0a"), 5)).isEqualTo(1337);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void roundTripsBoundaryValuesAtEveryPrefixLength(int prefixBits) throws HpackException {
        int mask = (1 << prefixBits) - 1;
        int flags = 0xFF & ~mask & 0xA5;  // some pattern bits above the prefix, which must survive
        int[] values = {0, 1, mask - 1, mask, mask + 1, mask + 126, mask + 127, mask + 128,
            mask + 16383, mask + 16384, (1 << 21) + mask, (1 << 28) - 1, 1 << 28, Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE};
        for (int value : values) {
            if (value < 0) {
                continue;
            }
            byte[] bytes = Hex.decode(write(flags, prefixBits, value));
            assertThat(bytes.length).as("length of %d", value).isEqualTo(HpackWriter.intLength(prefixBits, value));
            assertThat(bytes.length).isLessThanOrEqualTo(HpackWriter.MAX_INT_LENGTH);
            assertThat(bytes[0] & ~mask & 0xFF).as("pattern bits of %d", value).isEqualTo(flags);
            assertThat(bytes.length == 1).as("fits the prefix: %d", value).isEqualTo(value < mask);
            assertThat(read(bytes, prefixBits)).as("value %d on %d bits", value, prefixBits).isEqualTo(value);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void rejectsValuesAbove2To31Minus1AtEveryPrefixLength(int prefixBits) {
        for (long value : new long[] {1L << 31, (1L << 32) - 1, (1L << 35) - 1}) {
            byte[] bytes = encodeLong(prefixBits, value);
            assertThatThrownBy(() -> read(bytes, prefixBits))
                    .isInstanceOfSatisfying(HpackException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.INTEGER_OVERFLOW);
                        assertThat(e.offset()).isZero();
                    });
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 5, 6, 7, 8})
    void acceptsFiveContinuationOctetsButRejectsSix(int prefixBits) throws HpackException {
        int mask = (1 << prefixBits) - 1;
        // Zero-valued continuation octets: not the shortest form, but within 5 octets it is accepted.
        assertThat(read(new byte[] {(byte) mask, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0}, prefixBits))
                .isEqualTo(mask);
        byte[] six = {(byte) mask, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
        assertThatThrownBy(() -> read(six, prefixBits))
                .isInstanceOfSatisfying(HpackException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INTEGER_OVERFLOW));
        byte[] endless = new byte[1000];
        java.util.Arrays.fill(endless, (byte) 0xFF);
        assertThatThrownBy(() -> read(endless, prefixBits))
                .isInstanceOfSatisfying(HpackException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INTEGER_OVERFLOW));
    }

    @Test
    void rejectsAnIntegerCutShortByTheEndOfTheBlock() {
        for (String hex : new String[] {"1f", "1f9a", "1fff", "1fffffffff"}) {
            assertThatThrownBy(() -> read(Hex.decode(hex), 5))
                    .isInstanceOfSatisfying(HpackException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
                        assertThat(e.offset()).isZero();
                    });
        }
    }

    @Test
    void readerConsumesExactlyTheIntegersOctets() throws HpackException {
        HpackReader reader = new HpackReader();
        byte[] bytes = Hex.decode("00 1f9a0a 2a");
        reader.reset(bytes, 1, bytes.length);
        assertThat(reader.readInt(5)).isEqualTo(1337);
        assertThat(reader.offset()).isEqualTo(3);
        assertThat(reader.readInt(8)).isEqualTo(42);
        assertThat(reader.hasRemaining()).isFalse();
    }

    private static String write(int flags, int prefixBits, int value) {
        ByteBuffer out = ByteBuffer.allocate(16);
        HpackWriter.writeInt(out, flags, prefixBits, value);
        return Hex.encode(out.flip());
    }

    private static int read(byte[] bytes, int prefixBits) throws HpackException {
        HpackReader reader = new HpackReader();
        reader.reset(bytes, 0, bytes.length);
        int value = reader.readInt(prefixBits);
        assertThat(reader.hasRemaining()).as("octets left after the integer").isFalse();
        return value;
    }

    /** RFC 7541 §5.1's encoding algorithm, with no upper bound on the value. */
    private static byte[] encodeLong(int prefixBits, long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long mask = (1L << prefixBits) - 1;
        out.write((int) mask);
        long rest = value - mask;
        while (rest >= 128) {
            out.write((int) (rest % 128 + 128));
            rest /= 128;
        }
        out.write((int) rest);
        return out.toByteArray();
    }
}
