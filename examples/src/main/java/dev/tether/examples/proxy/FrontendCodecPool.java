package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.http1.Http1Config;

/**
 * The {@link FrontendCodec}s of one event loop: lent to the loop's HTTP/1.1 client connections while
 * a request is in progress, as the loop's buffers are.
 *
 * <p>Invariants: at most {@value #MAX_POOLED} codecs wait in the pool, each reset; {@link #lent()}
 * counts the codecs acquired and not released.
 *
 * <p>Thread safety: confined to its loop.
 */
@ThreadConfined("event loop")
final class FrontendCodecPool {
    static final int MAX_POOLED = 64;

    private final FrontendCodec[] free = new FrontendCodec[MAX_POOLED];
    private final Http1Config limits;
    private int freeCount;
    private int lent;

    /** A pool of codecs made with {@code limits}. */
    FrontendCodecPool(Http1Config limits) {
        this.limits = limits;
    }

    /** A codec ready for a connection's next request: a pooled one, or a new one. */
    FrontendCodec acquire() {
        lent++;
        if (freeCount == 0) {
            return new FrontendCodec(limits);
        }
        FrontendCodec c = free[--freeCount];
        free[freeCount] = null;
        return c;
    }

    /**
     * Takes a codec back; the caller drops its reference. A codec in any state is reset here (a
     * connection that closed mid-request gives back a busy one).
     *
     * @param c a codec {@link #acquire() lent} by this pool
     */
    void release(FrontendCodec c) {
        lent--;
        c.codec.reset();
        if (freeCount < MAX_POOLED) {
            free[freeCount++] = c;
        }
    }

    /** Codecs lent and not given back: the loop's HTTP/1.1 connections with a request in progress. */
    int lent() {
        return lent;
    }
}
