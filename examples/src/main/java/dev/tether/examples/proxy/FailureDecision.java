package dev.tether.examples.proxy;

import dev.tether.core.FailureClass;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;

/**
 * What one proxied request does after its backend stream failed, and the bounds on how often it may
 * try again (docs/behaviour.md R71, R72, D5, D10). First match wins:
 * <ol>
 *   <li>a response head was already sent to the client: {@link Next#CUT} the response;</li>
 *   <li>the failure came before the transport reported connected (refused, unreachable, timed out,
 *       or a failed TLS handshake): no request byte left the proxy, so {@link Next#FAILOVER} to
 *       another target whatever the method, at most {@link #MAX_CONNECT_TRIES} tries in all, then
 *       {@link Next#BAD_GATEWAY} with the last failure's reason (D10);</li>
 *   <li>{@code NOT_PROCESSED} (RFC 9113 §8.7): {@link Next#REPLAY} the first time, then
 *       {@link Next#REPLAY_FRESH}, at most {@link #MAX_NOT_PROCESSED} times in all (D5);</li>
 *   <li>{@code REPLAY_SAFE} of a GET or HEAD: {@link Next#REPLAY_FRESH} once (D5);</li>
 *   <li>{@code NOT_PROCESSED} or {@code REPLAY_SAFE} that may not be replayed (another method, a
 *       body no longer in hand, the bound spent): {@link Next#REFUSE}, so that the client may replay
 *       (R72);</li>
 *   <li>{@code FRESH_FAILURE} and {@code RESPONSE_STARTED} with no head sent: {@link Next#BAD_GATEWAY}.</li>
 * </ol>
 * Every replay and failover needs the whole request body still in hand.
 *
 * <p>Invariants: the counters only grow; at most {@link #MAX_CONNECT_TRIES} − 1 failovers, at most
 * {@link #MAX_NOT_PROCESSED} {@code NOT_PROCESSED} replays and at most one fresh replay per request.
 *
 * <p>Thread safety: confined to its exchange's loop.
 */
@ThreadConfined("session loop")
final class FailureDecision {
    /** Targets one request tries when connects fail before "connected", the first included. */
    static final int MAX_CONNECT_TRIES = 3;
    /** Replays of a request that a backend did not process. */
    static final int MAX_NOT_PROCESSED = 4;

    /**
     * The next step of a failed request.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    enum Next {
        /** Send the request to another target: nothing was sent yet. */
        FAILOVER,
        /** Send the request again, with its own traits. */
        REPLAY,
        /** Send the request again on a new connection ({@code freshOnly}). */
        REPLAY_FRESH,
        /** Send no response: close the HTTP/1 client connection or reset the h2 stream REFUSED_STREAM. */
        REFUSE,
        /** Answer 502 with the failure's reason. */
        BAD_GATEWAY,
        /** The response was started: cut it (close the client connection or reset the stream). */
        CUT
    }

    private int connectTries = 1;
    private int notProcessedReplays;
    private boolean freshReplayed;

    /**
     * Decides, and counts the try it allows.
     *
     * @param failure how the engine classified the failed exchange (R71)
     * @param beforeConnected the transport failed before it reported connected
     * @param headSent a response head was already sent to the client
     * @param idempotentRead the request is a GET or HEAD
     * @param bodyReplayable the whole request body is still in hand
     * @param otherTarget another target may take the request
     * @return the next step
     */
    Next decide(FailureClass failure, boolean beforeConnected, boolean headSent, boolean idempotentRead,
                boolean bodyReplayable, boolean otherTarget) {
        if (headSent) {
            return Next.CUT;
        }
        if (beforeConnected) {
            if (otherTarget && bodyReplayable && connectTries < MAX_CONNECT_TRIES) {
                connectTries++;
                return Next.FAILOVER;
            }
            return Next.BAD_GATEWAY;
        }
        if (failure == FailureClass.NOT_PROCESSED) {
            if (bodyReplayable && notProcessedReplays < MAX_NOT_PROCESSED) {
                // From the second refusal on, a new connection: its first stream is below any GOAWAY's
                // last-stream-id the peer can send.
                return notProcessedReplays++ == 0 ? Next.REPLAY : Next.REPLAY_FRESH;
            }
            return Next.REFUSE;
        }
        if (failure == FailureClass.REPLAY_SAFE) {
            if (idempotentRead && bodyReplayable && !freshReplayed) {
                freshReplayed = true;
                return Next.REPLAY_FRESH;
            }
            return Next.REFUSE;
        }
        return Next.BAD_GATEWAY;
    }

    @Override
    public String toString() {
        return "tries=" + connectTries + ",notProcessed=" + notProcessedReplays + ",fresh=" + freshReplayed;
    }
}
