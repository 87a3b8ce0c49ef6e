package dev.tether.core;

import dev.tether.core.annotations.NotThreadSafe;

/**
 * The protocol engine on one backend connection (HTTP/1 or HTTP/2), as the reuse engine sees it.
 * Implemented by {@code tether-http1} and {@code tether-http2}, or by the host.
 *
 * <p>A mux reports facts and decides nothing: the engine reads them after every attach, detach and
 * {@link MuxEvent}, and alone decides which list the connection goes to, or whether it closes
 * (docs/behaviour.md D2). When a fact changes outside an attach or detach (SETTINGS, GOAWAY, peer close,
 * error), the mux reports it to the {@link MuxListener} it was given: its {@link Connection}.
 *
 * <p>Invariants a mux keeps: {@link #multiplexed()} never changes; {@link #ready()} only goes from
 * false to true; once {@link #unusableReason()} is non-null it stays non-null;
 * {@link #availableStreams()} is at most 0 once unusable.
 *
 * <p>Thread safety: confined to the thread that drives the connection's transport (its home event
 * loop). The engine calls a mux only from that thread and never while it holds a lock.
 *
 * @param <S> the type of its streams
 */
@NotThreadSafe
public interface Mux<S extends Stream> {
    /** {@link #detach} flag: at least one byte of the stream's response was received. */
    int RESPONSE_STARTED = 1;
    /**
     * {@link #detach} flag: the peer did not process the stream (HTTP/2 {@code REFUSED_STREAM}, or
     * a stream id above a received GOAWAY's last-stream-id, RFC 9113 §8.7).
     */
    int NOT_PROCESSED = 1 << 1;

    /** True if the connection may carry more than one stream at once (HTTP/2). Never changes. */
    boolean multiplexed();

    /** True once the transport and the protocol handshake are done. Only goes from false to true. */
    boolean ready();

    /**
     * How many more streams may be attached now: 0 or less means none. HTTP/1: 1 while idle and
     * reusable, else 0 (R45). HTTP/2: {@code min(limit − open, streamsLeft)}, 0 after GOAWAY or an
     * error (R46), less under a stream budget (D12). The engine additionally applies {@code maxReuse} (R49).
     */
    int availableStreams();

    /** How many streams are attached and not yet detached. */
    int usedStreams();

    /**
     * Why this connection can carry no further exchange, or {@code null} while it can:
     * {@link CloseReason#PEER_CLOSED}, {@link CloseReason#GOAWAY}, {@link CloseReason#MAX_REUSE} (stream
     * identifiers exhausted, or a stream budget spent, D12) or {@link CloseReason#ERROR} (an error, an incomplete or aborted exchange,
     * keep-alive not agreed, unread bytes after a response). Once non-null it stays non-null.
     */
    CloseReason unusableReason();

    /** True while {@link #unusableReason()} is {@code null}. */
    default boolean reusable() {
        return unusableReason() == null;
    }

    /**
     * True if the exchange that ended last was the first one ever carried by this connection. The
     * engine reads it after a detach to choose between the IDLE and SAFE lists for HTTP/1 (R41).
     */
    boolean firstExchange();

    /**
     * Attaches a new stream for a lease and returns it; the host sends the request and reads the
     * response through it. Called by the engine only (inside {@link ReuseEngine#acquire}, or inside
     * {@link Connection#installMux} for a connection's first stream), when {@link #availableStreams()}
     * is positive or for the first stream of a new connection.
     *
     * @param lease the handle of the lease the stream serves; the mux passes it back to
     *     {@link MuxListener#onResponseHead}
     * @return the stream, never {@code null}; its {@link Stream#lease()} is {@code lease}
     */
    S attach(long lease);

    /**
     * Detaches a stream previously returned by {@link #attach}; the stream may be complete, failed or
     * still in flight (then the mux aborts it). Called by the engine only, inside
     * {@link ReuseEngine#release}.
     *
     * @param stream a stream returned by {@link #attach} on this mux and not detached since
     * @return a combination of {@link #RESPONSE_STARTED} and {@link #NOT_PROCESSED}
     */
    int detach(S stream);

    /**
     * A capability of a mux whose connection another event loop may take over (docs/behaviour.md
     * R59–R61): only parked connections whose mux implements it are taken from other loops.
     */
    interface Migratable {
        /**
         * Moves the connection to {@code toLoop}. Called on {@code toLoop}'s thread, after the engine
         * claimed the connection and with no lock held.
         *
         * @param toLoop the event loop index that takes the connection over
         * @return true if the connection now lives on {@code toLoop}; false if migration failed, and
         *     the engine then closes it
         */
        boolean migrateTo(int toLoop);
    }
}
