package dev.tether.http1;

import dev.tether.core.CloseReason;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;
import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The HTTP/1 {@link Mux}: one exchange at a time over an {@link Http1ClientCodec}, reporting the
 * facts the reuse engine decides from (docs/behaviour.md §2.8, R40, R41, R45, R62, R63). It decides
 * nothing: it never closes, parks or pools; it reports to its {@link MuxListener} (normally the
 * {@code Connection}).
 *
 * <p>Host duties: call {@link #transportConnected()} once the transport is up (the mux then reports
 * {@link MuxEvent#READY} itself); feed every received byte to {@link #onBytes}; call
 * {@link #onEndOfInput()} when the peer closes and {@link #onTransportError()} on a transport failure.
 * Response events go to the listener the host installs on the {@link Http1Exchange}.
 *
 * <p>Reports: {@code onResponseHead(lease, status, wwwAuthenticate, proxyAuthenticate)} for every
 * final response head (101 and 2xx..5xx; the engine matches NTLM/Negotiate, R29);
 * {@code UNSOLICITED_BYTES} when bytes arrive with no exchange attached or after the response ended
 * (R63, R40: never parsed as a response); {@code PEER_CLOSED} at end of input (R62); {@code ERROR} on
 * a parse or transport error.
 *
 * <p>Invariants: {@link #multiplexed()} is false; {@link #usedStreams()} is 1 exactly while an
 * exchange is attached; {@link #availableStreams()} is 1 only when nothing is attached, the codec is
 * idle and the connection is reusable; {@link #unusableReason()} never returns to {@code null}; the
 * exchange handle is allocated once, so attach and detach allocate nothing.
 *
 * <p>Thread safety: not thread-safe; confined to the connection's home event loop, like every mux.
 */
@NotThreadSafe
public final class Http1Mux implements Mux<Http1Exchange> {
    private final MuxListener listener;
    private final Http1ClientCodec codec;
    private final Http1Exchange exchange;
    private final Relay relay = new Relay();
    private boolean ready;
    private boolean attached;
    /** Set once by an event (peer close, error, unsolicited bytes); never cleared. */
    private CloseReason unusable;
    private int exchangesStarted;
    private boolean lastEndedWasFirst;

    /**
     * Creates a mux with {@link Http1Config#DEFAULTS}.
     *
     * @param listener where facts are reported, normally the connection
     */
    public Http1Mux(MuxListener listener) {
        this(listener, Http1Config.DEFAULTS);
    }

    /**
     * Creates a mux.
     *
     * @param listener where facts are reported, normally the connection
     * @param config the codec's parsing limits
     */
    public Http1Mux(MuxListener listener, Http1Config config) {
        this.listener = java.util.Objects.requireNonNull(listener, "listener");
        this.codec = new Http1ClientCodec(config);
        this.exchange = new Http1Exchange(codec);
    }

    @Override
    public boolean multiplexed() {
        return false;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    /** R45: 1 − usedStreams, but 0 while the connection cannot carry another exchange. */
    @Override
    public int availableStreams() {
        return attached || unusableReason() != null || codec.state() != Http1CodecState.IDLE ? 0 : 1;
    }

    /** R45: 1 while an exchange is attached, else 0. */
    @Override
    public int usedStreams() {
        return attached ? 1 : 0;
    }

    /**
     * {@code PEER_CLOSED} after end of input; {@code ERROR} after a parse or transport error,
     * unsolicited or unread bytes, an aborted or failed exchange, an exchange without keep-alive on
     * both sides, a tunnel, or an upgrade offer however it was answered (R11, D11: the connection was
     * opened for it); else {@code null} (R40). The first reported event (end of input, error,
     * unsolicited bytes) fixes the reason for good; until one is reported, the reason derived from the
     * codec's terminal state is {@code ERROR}, so a peer that closes after {@code Connection: close}
     * turns {@code ERROR} into {@code PEER_CLOSED} (never back to {@code null}).
     */
    @Override
    public CloseReason unusableReason() {
        if (unusable != null) {
            return unusable;
        }
        Http1CodecState s = codec.state();
        return s == Http1CodecState.CLOSED || s == Http1CodecState.FAILED || s == Http1CodecState.TUNNEL
                ? CloseReason.ERROR : null;
    }

    /** R41: true if the exchange detached last was the first this connection carried. */
    @Override
    public boolean firstExchange() {
        return lastEndedWasFirst;
    }

    /**
     * Attaches the next exchange and returns its (reused) handle.
     *
     * @param lease the handle of the lease the exchange serves
     * @return the exchange handle
     * @throws IllegalStateException if an exchange is attached or the connection cannot carry another
     */
    @Override
    public Http1Exchange attach(long lease) {
        if (lease == Lease.NONE) {
            throw new IllegalArgumentException("attach for no lease (Lease.NONE)");
        }
        if (attached) {
            throw new IllegalStateException("attach while an exchange is attached");
        }
        if (unusableReason() != null || codec.state() != Http1CodecState.IDLE) {
            throw new IllegalStateException("attach on connection in state " + codec.state()
                    + ", unusable: " + unusableReason());
        }
        attached = true;
        exchange.bind(lease, ++exchangesStarted);
        return exchange;
    }

    /**
     * Detaches the exchange; one still in flight is aborted, which makes the connection unusable.
     *
     * @param stream the handle {@link #attach} returned
     * @return {@link Mux#RESPONSE_STARTED} if any response byte arrived, else 0
     * @throws IllegalStateException if {@code stream} is not this mux's attached exchange
     */
    @Override
    public int detach(Http1Exchange stream) {
        if (stream != exchange || !attached) {
            throw new IllegalStateException("detach of an exchange that is not attached: " + stream);
        }
        int flags = codec.responseStarted() ? RESPONSE_STARTED : 0;
        if (codec.state() == Http1CodecState.BUSY || codec.state() == Http1CodecState.TUNNEL) {
            codec.abort(); // R40: aborted or incomplete exchange
        }
        if (codec.upgradeOffered()) {
            markUnusable(CloseReason.ERROR); // R11, D11: opened for this upgrade, switched or refused
        }
        lastEndedWasFirst = exchange.ordinal == 1;
        attached = false;
        exchange.unbind();
        return flags;
    }

    /** Reports that the transport connected: {@link #ready()} becomes true and READY is reported. */
    public void transportConnected() {
        if (!ready) {
            ready = true;
            listener.onMuxEvent(MuxEvent.READY);
        }
    }

    /**
     * Handles received bytes. With an exchange whose response is in progress, they are parsed and
     * reported to the exchange's listener, stopping at the end of the response. Bytes that no response
     * in progress can claim (no exchange attached, or left after the response) are not parsed and not
     * consumed: the connection becomes unusable and {@code UNSOLICITED_BYTES} is reported (R63, R40).
     *
     * @param in received bytes; its position advances past the parsed ones
     * @throws Http1Exception if the response is malformed; the connection is then unusable and
     *     {@code ERROR} was reported
     */
    public void onBytes(ByteBuffer in) throws Http1Exception {
        if (!in.hasRemaining()) {
            return;
        }
        Http1CodecState s = codec.state();
        boolean inProgress = attached
                && (s == Http1CodecState.TUNNEL || (s == Http1CodecState.BUSY && !codec.responseComplete()));
        if (!inProgress) {
            unsolicited(); // R63: never parsed as a response
            return;
        }
        try {
            codec.onBytes(in, relay);
        } catch (Http1Exception e) {
            markUnusable(CloseReason.ERROR);
            listener.onMuxEvent(MuxEvent.ERROR);
            throw e;
        }
        if (in.hasRemaining() && codec.state() != Http1CodecState.TUNNEL) {
            unsolicited(); // R40: bytes from the peer left unread after the response
        }
    }

    /**
     * Reports that the peer closed its side (R62): completes a close-delimited response, makes the
     * connection unusable ({@code PEER_CLOSED}) and reports {@code PEER_CLOSED}. In a tunnel with its
     * exchange attached, it is the peer's half-close: the reason is recorded but nothing is reported,
     * since the tunnel belongs to its exchange until detach (D11) and may still carry bytes the other
     * way.
     *
     * @throws Http1Exception {@link Http1Exception.Reason#INCOMPLETE_MESSAGE} if the attached
     *     exchange's response was cut short (reported after {@code PEER_CLOSED})
     */
    public void onEndOfInput() throws Http1Exception {
        Http1Exception cut = null;
        if (attached && codec.state() == Http1CodecState.BUSY && !codec.responseComplete()) {
            try {
                codec.onEndOfInput(relay);
            } catch (Http1Exception e) {
                cut = e;
            }
        }
        markUnusable(CloseReason.PEER_CLOSED);
        if (attached && codec.state() == Http1CodecState.TUNNEL) {
            return;
        }
        listener.onMuxEvent(MuxEvent.PEER_CLOSED);
        if (cut != null) {
            throw cut;
        }
    }

    /** Reports a transport failure: the connection becomes unusable and {@code ERROR} is reported. */
    public void onTransportError() {
        codec.abort();
        markUnusable(CloseReason.ERROR);
        listener.onMuxEvent(MuxEvent.ERROR);
    }

    private void unsolicited() {
        markUnusable(CloseReason.ERROR);
        listener.onMuxEvent(MuxEvent.UNSOLICITED_BYTES);
    }

    private void markUnusable(CloseReason reason) {
        if (unusable == null) {
            unusable = reason;
        }
    }

    @Override
    public String toString() {
        return "Http1Mux{ready=" + ready + ",streams=" + usedStreams() + "/1,exchanges=" + exchangesStarted
                + ",codec=" + codec.state() + ",unusable=" + unusableReason() + "}";
    }

    /**
     * Forwards codec events to the exchange's listener and reports final heads to the engine.
     *
     * <p>Invariants: stateless; it only runs inside {@link #onBytes} or {@link #onEndOfInput}.
     *
     * <p>Thread safety: confined to the mux's thread.
     */
    @NotThreadSafe
    private final class Relay implements Http1Listener {
        @Override
        public void onInformational(Http1Head head) {
            exchange.listenerOrNoop().onInformational(head);
        }

        @Override
        public void onHead(Http1Head head) {
            exchange.finalStatus = head.status();
            List<String> www = head.values("WWW-Authenticate");
            List<String> proxy = head.values("Proxy-Authenticate");
            listener.onResponseHead(exchange.lease(), head.status(), www, proxy);
            exchange.listenerOrNoop().onHead(head);
        }

        @Override
        public void onBody(ByteBuffer data) {
            exchange.listenerOrNoop().onBody(data);
        }

        @Override
        public void onTrailers(Http1FieldView trailers) {
            exchange.listenerOrNoop().onTrailers(trailers);
        }

        @Override
        public void onMessageComplete() {
            exchange.listenerOrNoop().onMessageComplete();
        }

        @Override
        public void onTunnelData(ByteBuffer data) {
            exchange.listenerOrNoop().onTunnelData(data);
        }
    }
}
