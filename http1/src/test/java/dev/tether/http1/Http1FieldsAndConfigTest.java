package dev.tether.http1;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The immutable value types: fields (validation, lookup) and configuration (bounds). */
class Http1FieldsAndConfigTest {
    @Test
    void aPresizedBuilderFilledExactlyBuildsFieldsThatLaterAddsLeaveAlone() {
        Http1Fields.Builder b = Http1Fields.builder(2).add("a", "1").add("b", "2");
        Http1Fields first = b.build();
        Http1Fields second = b.add("c", "3").build(); // the builder goes on after a build
        assertThat(first.size()).isEqualTo(2);
        assertThat(first.get("a")).isEqualTo("1");
        assertThat(first.contains("c")).as("a later add does not reach fields already built").isFalse();
        assertThat(second.size()).isEqualTo(3);
        assertThat(second.get("c")).isEqualTo("3");
        assertThat(Http1Fields.builder(0).add("x", "y").build().get("x")).isEqualTo("y");
        assertThat(Http1Fields.builder(1).build()).isSameAs(Http1Fields.EMPTY);
    }

    @Test
    void looksUpFieldsIgnoringAsciiCaseInOrder() {
        Http1Fields f = Http1Fields.of("Set-Cookie", "a=1", "Host", "h", "set-cookie", "b=2");
        assertThat(f.get("SET-COOKIE")).isEqualTo("a=1");
        assertThat(f.getAll("set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(f.getAll("missing")).isEmpty();
        assertThat(f.contains("host")).isTrue();
        assertThat(f.size()).isEqualTo(3);
        assertThat(f).isEqualTo(Http1Fields.of("Set-Cookie", "a=1", "Host", "h", "set-cookie", "b=2"))
                .hasSameHashCodeAs(Http1Fields.of("Set-Cookie", "a=1", "Host", "h", "set-cookie", "b=2"));
    }

    @Test
    void rejectsValuesThatWouldSplitAMessage() {
        assertThatThrownBy(() -> Http1Fields.of("X", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xd");
        assertThatThrownBy(() -> Http1Fields.of("X", "a\nb")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http1Fields.of("X", "a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http1Fields.of("X", " padded")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http1Fields.of("X", "\u20ac")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNamesThatAreNotTokens() {
        assertThatThrownBy(() -> Http1Fields.of("Bad Name", "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad Name");
        assertThatThrownBy(() -> Http1Fields.of("", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http1Fields.of("X:", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Http1Fields.of("odd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configDefaultsAreSane() {
        Http1Config c = Http1Config.DEFAULTS;
        assertThat(c.maxStartLineLength()).isEqualTo(8192);
        assertThat(c.maxHeaderSectionSize()).isEqualTo(65536);
        assertThat(c.maxFieldCount()).isEqualTo(128);
        assertThat(c.maxChunkExtensionLength()).isEqualTo(4096);
        assertThat(c.maxTrailerSize()).isEqualTo(8192);
        assertThat(c.maxBufferedBytes()).isEqualTo(8192 + 2 + 65536);
    }

    @Test
    void configRejectsOutOfBoundsValuesNamingTheSettingAndValue() {
        assertThatThrownBy(() -> Http1Config.builder().maxFieldCount(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxFieldCount < 1: 0");
        assertThatThrownBy(() -> Http1Config.builder().maxStartLineLength(-3).build())
                .hasMessage("maxStartLineLength < 16: -3");
        assertThatThrownBy(() -> Http1Config.builder().maxHeaderSectionSize(Integer.MAX_VALUE).build())
                .hasMessage("maxHeaderSectionSize > 16777216: 2147483647");
        assertThatThrownBy(() -> Http1Config.builder().maxTrailerSize(1).build()).hasMessage("maxTrailerSize < 2: 1");
        assertThatThrownBy(() -> Http1Config.builder().maxChunkExtensionLength(-1).build())
                .hasMessage("maxChunkExtensionLength < 0: -1");
    }
}
