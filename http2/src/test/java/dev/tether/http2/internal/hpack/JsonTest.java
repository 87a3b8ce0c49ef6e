package dev.tether.http2.internal.hpack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void readsTheCorpusShapeInOrder() {
        Object parsed = Json.parse("{ \"cases\": [ {\"seqno\": 0, \"wire\": \"82\", \"headers\": "
                + "[ {\":method\": \"GET\"}, {\"x\": \"a\\u0026b\\\"\\\\\\/\"} ] } ], \"d\": [1.5e2, -0, true, false, null] }");
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) parsed;
        assertThat(root.keySet()).containsExactly("cases", "d");
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) ((List<Object>) root.get("cases")).get(0);
        assertThat(first.get("seqno")).isEqualTo(0L);
        assertThat(list(first.get("headers"))).containsExactly(Map.of(":method", "GET"), Map.of("x", "a&b\"\\/"));
        assertThat(list(root.get("d"))).containsExactly(150.0, 0L, true, false, null);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    @Test
    void rejectsMalformedDocuments() {
        for (String bad : new String[] {"", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", "-", "\"\\x\"",
            "\"a\nb\"", "\"\\u12\"", "tru", "{} x", "{\"a\":1,\"a\":2}", "[1 2]", "'a'"}) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
