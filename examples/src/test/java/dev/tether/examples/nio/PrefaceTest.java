package dev.tether.examples.nio;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PrefaceTest {
    private static Preface.Kind detect(String s) {
        return Preface.detect(ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void thePrefaceIsH2cAndAPrefixOfItIsUndecided() {
        assertThat(detect("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).isEqualTo(Preface.Kind.H2C);
        assertThat(detect("PRI * HTTP/2")).isEqualTo(Preface.Kind.UNKNOWN);
        assertThat(detect("")).isEqualTo(Preface.Kind.UNKNOWN);
    }

    @Test
    void anythingElseIsHttp1AndNothingIsConsumed() {
        ByteBuffer in = ByteBuffer.wrap("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(Preface.detect(in)).isEqualTo(Preface.Kind.HTTP1);
        assertThat(in.position()).isZero();
        assertThat(detect("PRIX")).isEqualTo(Preface.Kind.HTTP1);
    }
}
