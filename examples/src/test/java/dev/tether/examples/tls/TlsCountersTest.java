package dev.tether.examples.tls;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlsCountersTest {
    @Test
    void percentilesAreTheUpperBoundOfTheBucketWithinNineteenPercent() {
        TlsCounters c = new TlsCounters();
        for (int i = 1; i <= 100; i++) {
            c.handshakeDone(i * 100_000L, false, "h2"); // 100 µs .. 10 ms
        }
        assertThat(c.handshakeMicros(50)).isBetween(5_000L, 5_950L);
        assertThat(c.handshakeMicros(99)).isBetween(9_900L, 11_800L);
        assertThat(c.handshakeMicros(100)).isBetween(10_000L, 11_900L);
    }

    @Test
    void everyValueFallsInABucketWhoseUpperBoundHoldsIt() {
        for (long v = 1; v < 1L << 36; v = v * 3 / 2 + 1) {
            int b = TlsCounters.bucket(v);
            assertThat(TlsCounters.upperBound(b)).as("v=%d", v).isGreaterThanOrEqualTo(v);
            if (b > 0 && b != 8 * 4) {
                assertThat(TlsCounters.upperBound(b - 1)).as("v=%d", v).isLessThan(v);
            }
        }
    }

    @Test
    void handshakesAreCountedByResumptionProtocolAndFailureKind() {
        TlsCounters c = new TlsCounters();
        c.handshakeDone(1_000, false, "h2");
        c.handshakeDone(1_000, true, "http/1.1");
        c.handshakeDone(1_000, true, "");
        c.handshakeFailed(new TlsException(TlsFailure.UNTRUSTED, "x", null));
        assertThat(c.fullHandshakes()).isEqualTo(1);
        assertThat(c.resumedHandshakes()).isEqualTo(2);
        assertThat(c.negotiated("h2")).isEqualTo(1);
        assertThat(c.negotiated("http/1.1")).isEqualTo(1);
        assertThat(c.negotiated("")).isEqualTo(1);
        assertThat(c.failures(TlsFailure.UNTRUSTED)).isEqualTo(1);
        assertThat(c.failures(TlsFailure.TIMEOUT)).isZero();
        assertThat(new TlsCounters().handshakeMicros(99)).isZero();
    }
}
