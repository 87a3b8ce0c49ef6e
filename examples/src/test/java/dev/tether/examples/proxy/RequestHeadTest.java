package dev.tether.examples.proxy;

import dev.tether.http1.Http1Fields;
import dev.tether.http2.Header;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHeadTest {
    @Test
    void hopByHopFieldsAndFieldsNamedByConnectionAreNotForwarded() {
        RequestHead h = RequestHead.forward("GET", "example", "/a", List.of("Connection", "keep-alive, X-Secret",
                "Keep-Alive", "timeout=5", "X-Secret", "s", "TE", "trailers", "Accept", "*/*", "Host", "example"), -1,
                false, "10.0.0.1");
        Http1Fields f = h.toHttp1();
        assertThat(f.contains("connection")).isFalse();
        assertThat(f.contains("keep-alive")).isFalse();
        assertThat(f.contains("x-secret")).isFalse();
        assertThat(f.contains("te")).isFalse();
        assertThat(f.get("accept")).isEqualTo("*/*");
        assertThat(f.getAll("host")).containsExactly("example");
    }

    @Test
    void viaAndForwardedForAreAppendedToWhatTheClientSent() {
        RequestHead h = RequestHead.forward("GET", "example", "/", List.of("Via", "1.0 edge", "X-Forwarded-For",
                "192.0.2.7"), -1, false, "127.0.0.1");
        Http1Fields f = h.toHttp1();
        assertThat(f.get("via")).isEqualTo("1.0 edge, 1.1 tether");
        assertThat(f.get("x-forwarded-for")).isEqualTo("192.0.2.7, 127.0.0.1");
    }

    @Test
    void aBodyWithoutLengthIsChunkedForHttp1AndLengthIsKeptForHttp2() {
        assertThat(RequestHead.forward("POST", "h", "/", List.of(), -1, true, "ip").toHttp1().get("transfer-encoding"))
                .isEqualTo("chunked");
        List<Header> h2 = RequestHead.forward("POST", "h", "/p", List.of(), 5, true, "ip").toHttp2();
        assertThat(h2.subList(0, 4)).extracting(Header::name).containsExactly(":method", ":scheme", ":authority", ":path");
        assertThat(h2).contains(Header.of("content-length", "5"));
    }

    @Test
    void aRefilledHeadIsTheNextRequestAndKeepsItsHttp2HeadersWhereTheFieldsRepeat() {
        RequestHead h = RequestHead.forward("POST", "h", "/a", List.of("accept", "*/*", "x-a", "1"), 5, true, "ip");
        List<Header> first = List.copyOf(h.toHttp2());
        assertThat(h.refill("GET", "h", "/b", List.of("accept", "*/*", "x-b", "2"), -1, false, "ip")).isSameAs(h);
        assertThat(h.method()).isEqualTo("GET");
        assertThat(h.path()).isEqualTo("/b");
        assertThat(h.hasBody).isFalse();
        assertThat(h.toHttp1().contains("x-a")).as("nothing of the previous request").isFalse();
        List<Header> second = h.toHttp2();
        assertThat(second).containsExactly(Header.of(":method", "GET"), Header.of(":scheme", "http"),
                Header.of(":authority", "h"), Header.of(":path", "/b"), Header.of("accept", "*/*"),
                Header.of("x-b", "2"), Header.of("via", RequestHead.VIA), Header.of("x-forwarded-for", "ip"));
        assertThat(second.get(4)).as("the repeated field's Header").isSameAs(first.get(4));
        assertThat(second.get(2)).isSameAs(first.get(2));
    }

    @Test
    void onlyGetAndHeadAreReplayedAfterAStaleReuse() {
        assertThat(RequestHead.forward("GET", "h", "/", List.of(), -1, false, "ip").idempotentRead()).isTrue();
        assertThat(RequestHead.forward("HEAD", "h", "/", List.of(), -1, false, "ip").idempotentRead()).isTrue();
        assertThat(RequestHead.forward("POST", "h", "/", List.of(), 0, false, "ip").idempotentRead()).isFalse();
    }
}
