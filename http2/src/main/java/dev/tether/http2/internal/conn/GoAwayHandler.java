package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Http2Listener;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.internal.conn.StreamRegistry.ClosedHow;

/**
 * Applies a received GOAWAY (RFC 9113 §6.8): no new stream may start; our streams above the
 * last-stream-id were not processed and are reported refused.
 *
 * <p>Invariants: the effective last-stream-id only decreases over successive GOAWAYs (an increase is
 * ignored); every refused stream is reported as reset with REFUSED_STREAM by the peer, then closed.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
final class GoAwayHandler {
    private final Engine e;

    GoAwayHandler(Engine e) {
        this.e = e;
    }

    void apply(GoAwayFrame f, Http2Listener l) {
        e.goAwayReceived = true;
        int last = Math.min(e.goAwayReceivedLastId, f.lastStreamId());
        e.goAwayReceivedLastId = last;
        H2Stream[] slots = e.streams.slots();
        int n = 0;
        for (H2Stream s : slots) {
            if (s != null && s.local && s.id > last) {
                n++;
            }
        }
        if (n > 0) {
            H2Stream[] refused = new H2Stream[n];
            int k = 0;
            for (H2Stream s : slots) {
                if (s != null && s.local && s.id > last) {
                    refused[k++] = s;
                }
            }
            for (H2Stream s : refused) {
                // RFC 9113 §8.7: streams above last-stream-id were not processed; safe to retry.
                l.onStreamReset(s.id, ErrorCode.REFUSED_STREAM, true);
                e.close(s, ClosedHow.RESET_RECEIVED, l);
            }
        }
        l.onGoAway(last, f.error(), f.debugData());
    }
}
