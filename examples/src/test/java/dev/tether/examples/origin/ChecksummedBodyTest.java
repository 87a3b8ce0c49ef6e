package dev.tether.examples.origin;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chaos body tells a right answer from one for another request and from a corrupted one. */
class ChecksummedBodyTest {
    @Test
    void anIntactBodyForItsRequestPassesAndAnyChangeIsSeen() {
        byte[] b = ChecksummedBody.build("c3-17", 1000);
        assertThat(ChecksummedBody.verify(b, "c3-17")).isNull();
        assertThat(ChecksummedBody.verify(b, "c3-18")).isEqualTo("other-request");
        for (int i : new int[] {0, 5, 500, b.length - 3}) {
            byte[] bad = b.clone();
            bad[i] ^= 1;
            assertThat(ChecksummedBody.verify(bad, "c3-17")).as("byte %d flipped", i).isEqualTo("corrupt");
        }
        assertThat(ChecksummedBody.verify(java.util.Arrays.copyOf(b, b.length - 1), "c3-17")).isEqualTo("corrupt");
        assertThat(ChecksummedBody.verify(new byte[0], "c3-17")).isEqualTo("corrupt");
        assertThat(ChecksummedBody.verify(ChecksummedBody.build("x", 0), "x")).isNull();
    }

    @Test
    void faultListsParseByTheirFlagsAndAnUnknownOneIsNamed() {
        assertThat(Fault.parse("all")).isEqualTo(EnumSet.allOf(Fault.class));
        assertThat(Fault.parse("none")).isEmpty();
        assertThat(Fault.parse("stall, goaway-low")).containsExactly(Fault.STALL, Fault.GOAWAY_LOW);
        assertThatThrownBy(() -> Fault.parse("stall,explode")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown fault: explode");
    }

    @Test
    void aMixDrawsTheSameFaultsForTheSameSeedAndConnectionAndNoneWhenOff() {
        Faults f = new Faults(EnumSet.allOf(Fault.class), 0.5, 7, 10, 1);
        java.util.SplittableRandom a = f.sequence(3);
        java.util.SplittableRandom b = f.sequence(3);
        for (int i = 0; i < 100; i++) {
            assertThat(f.draw(a)).isEqualTo(f.draw(b));
        }
        f.enabled(false);
        for (int i = 0; i < 100; i++) {
            assertThat(f.draw(a)).isNull();
        }
    }
}
