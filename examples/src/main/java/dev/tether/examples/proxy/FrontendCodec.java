package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.http1.Http1ServerCodec;

import java.util.ArrayList;
import java.util.List;

/**
 * What an HTTP/1.1 client connection needs only while a request is in progress: the server codec
 * (its head storage is most of a connection's state) and the caches that spare per-request strings.
 * A connection borrows one from its loop's {@link FrontendCodecPool} when request bytes arrive and
 * gives it back when the exchange is over, so that a keep-alive connection that waits holds none.
 *
 * <p>Invariants: lent to at most one connection at a time; back in the pool, {@code codec} is
 * {@code IDLE} and no reference to it is held outside the pool. The caches stay filled across
 * loans: connections of one loop mostly send the same fields, and a miss only costs a string.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class FrontendCodec {
    final Http1ServerCodec codec = new Http1ServerCodec();
    /** The strings of the requests' fields, reused while they repeat. */
    final FieldStrings requestStrings = new FieldStrings();
    /** The received request fields, refilled for every head ({@link RequestHead#forward} copies them). */
    final List<String> requestFields = new ArrayList<>();
    /** The response heads sent, reused while they repeat. */
    final Http1FieldsCache responseFields = new Http1FieldsCache();
}
