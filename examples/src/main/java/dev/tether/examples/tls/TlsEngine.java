package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.BufferPool;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

/**
 * A sans-IO TLS connection over the JDK's {@link SSLEngine}: the host feeds the bytes it read with
 * {@link #receive}, writes what {@link #pollOutbound} gives it, encrypts with {@link #send}, and passes
 * time in as {@link #expire}. The engine never touches a socket, a clock or a thread of its own.
 *
 * <p>State: {@code NEW} → {@link #beginHandshake} → {@code HANDSHAKING} → {@code OPEN} (reported once
 * by {@link TlsListener#onHandshakeDone()}) → {@code CLOSED} when both directions have exchanged
 * {@code close_notify}; any state → {@code FAILED} on a {@link TlsException}, reported once by
 * {@link TlsListener#onFailure}. Delegated tasks (certificate checks, key agreement) run on the task
 * executor; their completion is posted to the loop executor, which resumes the engine.
 *
 * <p>Invariants: the three buffers are borrowed from the pool only while they hold bytes (an idle
 * engine holds none) and all go back by {@link #release()}; plaintext is handed to the listener in
 * order, and no more network input is decrypted while the listener leaves plaintext unconsumed; once
 * {@code OPEN}, a TLS 1.2 renegotiation is a {@link TlsFailure#RENEGOTIATION_REFUSED} failure (TLS 1.3
 * post-handshake messages such as key updates and session tickets are processed); a client that offers
 * ALPN without {@code http/1.1} fails with {@link TlsFailure#ALPN_MISMATCH} if the server chose none.
 *
 * <p>Thread safety: confined to the loop thread; only the delegated tasks run elsewhere, and they
 * touch nothing but the {@code SSLEngine}'s own task.
 */
@ThreadConfined("event loop")
public final class TlsEngine {
    private final SSLEngine ssl;
    private final TlsRecords records;
    private final TlsTasks tasks;
    private final TlsListener listener;
    private final boolean alpnRequired;
    private TlsState state = TlsState.NEW;
    private long deadlineNanos;
    private int recordSize; // the session's packet size once OPEN, the pool's buffer size before
    private TlsException failure;

    /**
     * Wraps an engine configured by the caller ({@link TlsContexts} builds them).
     *
     * @param ssl the engine, not yet handshaking
     * @param buffers the loop's buffer pool, with buffers at least the engine's packet size
     * @param tasks where delegated tasks run (off the loop)
     * @param loop where their completion resumes the engine (the loop)
     * @param listener the owner
     */
    public TlsEngine(SSLEngine ssl, BufferPool buffers, Executor tasks, Executor loop, TlsListener listener) {
        int need = Math.max(ssl.getSession().getPacketBufferSize(), ssl.getSession().getApplicationBufferSize());
        if (buffers.bufferSize() < need) {
            throw new IllegalArgumentException("TLS buffers of " + buffers.bufferSize() + " bytes < packet size " + need);
        }
        this.ssl = ssl;
        this.recordSize = buffers.bufferSize();
        this.records = new TlsRecords(ssl, buffers);
        this.tasks = new TlsTasks(ssl, tasks, loop);
        this.listener = listener;
        this.alpnRequired = TlsChecks.alpnRequired(ssl);
    }

    /**
     * Starts the handshake; a client's first flight is then ready in {@link #pollOutbound}.
     *
     * @param handshakeDeadlineNanos the time, on the caller's clock, after which {@link #expire} fails it
     */
    public void beginHandshake(long handshakeDeadlineNanos) {
        if (state != TlsState.NEW) {
            throw new IllegalStateException("beginHandshake in state " + state);
        }
        deadlineNanos = handshakeDeadlineNanos;
        state = TlsState.HANDSHAKING;
        try {
            ssl.beginHandshake();
        } catch (SSLException e) {
            fail(e);
            return;
        }
        drive();
    }

    /**
     * Takes network bytes and decrypts them. Bytes stay in {@code in} only while the listener leaves
     * plaintext unconsumed or delegated tasks run: offer them again after {@link #resume()} or
     * {@link TlsListener#onTasksDone()}. After the end ({@code CLOSED}, {@code FAILED}, or the peer's
     * {@code close_notify}) input is dropped. Afterwards, poll outbound bytes.
     *
     * @param in bytes read from the socket, in read mode
     */
    public void receive(ByteBuffer in) {
        if (!records.hasInput()) { // nothing held: whole records are unwrapped where they are, without a copy
            records.readFrom(in);
            try {
                drive();
            } finally {
                records.readFrom(null);
            }
        }
        while (in.hasRemaining() && live() && !ssl.isInboundDone()) {
            if (!records.takeInput(in)) {
                return; // full: the listener or the tasks hold it up
            }
            drive();
        }
        if (!live() || ssl.isInboundDone()) {
            in.position(in.limit()); // nothing more is read after the end
        }
    }

    /** From inside {@link TlsListener#onPlaintext}: that plaintext's buffer itself, now the caller's to give back to the pool. */
    ByteBuffer takePlaintext() {
        return records.takePlaintext();
    }

    /** Continues after the listener consumed plaintext it had left. */
    public void resume() {
        drive();
    }

    /**
     * Fails the handshake with {@link TlsFailure#TIMEOUT} if it is still running at {@code nowNanos}.
     *
     * @param nowNanos the caller's clock
     * @return true if it failed now
     */
    public boolean expire(long nowNanos) {
        if (state != TlsState.HANDSHAKING || nowNanos - deadlineNanos < 0) {
            return false;
        }
        fail(new TlsException(TlsFailure.TIMEOUT, "handshake not done by its deadline", null));
        return true;
    }

    /** The peer closed the TCP connection: a handshake still running fails ({@link TlsFailure#HANDSHAKE_FAILED}). */
    public void endOfInput() {
        if (state == TlsState.HANDSHAKING) {
            fail(new TlsException(TlsFailure.HANDSHAKE_FAILED, "the peer closed the connection during the handshake", null));
        }
    }

    /**
     * Encrypts as much of {@code plaintext} as there is room for. Records go straight into {@code out}
     * (the socket's output) while nothing waits in {@link #pollOutbound} and {@code out} has room for a
     * whole record ({@link #recordSize()}); the rest waits in {@link #pollOutbound}. Only when {@code OPEN}.
     *
     * @param plaintext the bytes, in read mode; consumed as far as encrypted
     * @param out the socket's output, write mode; {@code null} to leave every record in {@link #pollOutbound}
     * @return the number of plaintext bytes consumed
     */
    public int send(ByteBuffer plaintext, ByteBuffer out) {
        if (state != TlsState.OPEN) {
            throw new IllegalStateException("send in state " + state);
        }
        int start = plaintext.position();
        if (out != null && !hasOutbound()) {
            try {
                records.wrapInto(plaintext, out, recordSize);
            } catch (SSLException e) {
                fail(e);
            }
        }
        while (plaintext.hasRemaining() && state == TlsState.OPEN && wrap(plaintext)) {
            // what did not go straight into out waits in pollOutbound, one record per wrap
        }
        return plaintext.position() - start;
    }

    /**
     * Moves encrypted bytes into {@code out}, producing more handshake or close records as room allows.
     *
     * @param out the socket's output, in write mode
     * @return bytes moved
     */
    public int pollOutbound(ByteBuffer out) {
        int moved = 0;
        while (out.hasRemaining()) {
            if (!records.hasOutput() && !(wantsWrap() && wrap(null))) {
                break;
            }
            moved += records.pollOutput(out);
        }
        if (!tasks.running() && state == TlsState.HANDSHAKING && ssl.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
            tasks.run(this::tasksDone); // a wrap made way for the next step
        }
        return moved;
    }

    /** The room one record needs in an output buffer: the session's packet size, once {@code OPEN}. */
    public int recordSize() {
        return recordSize;
    }

    /** True while encrypted bytes wait for {@link #pollOutbound}. */
    public boolean hasOutbound() {
        return records.hasOutput() || wantsWrap();
    }

    /** Queues our {@code close_notify}; the connection may be closed once {@link #isOutboundDone()}. */
    public void closeOutbound() {
        if (state == TlsState.NEW) {
            state = TlsState.CLOSED;
        }
        if (live()) {
            ssl.closeOutbound();
        }
    }

    /** True once our {@code close_notify} (or failure alert) was polled: nothing more will be sent. */
    public boolean isOutboundDone() {
        return !records.hasOutput() && (ssl.isOutboundDone() || state == TlsState.CLOSED || state == TlsState.NEW);
    }

    /**
     * True when the connection may move to another loop: {@code OPEN}, no delegated task running, no
     * handshake message (a key update, a ticket) owed, and no byte of a record, plaintext or output held.
     */
    public boolean idle() {
        return state == TlsState.OPEN && !tasks.running() && records.empty()
                && ssl.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && !ssl.isInboundDone() && !ssl.isOutboundDone();
    }

    /**
     * Borrows from {@code pool} from now on: the connection moved to that pool's loop. Only while
     * {@link #idle()}, on the new loop's thread.
     *
     * @param pool the new loop's buffers, of the same buffer size
     * @throws IllegalStateException if a buffer is borrowed
     */
    public void moveTo(BufferPool pool) {
        records.moveTo(pool);
    }

    /** Gives every buffer back to the pool; call once the socket is closed. Idempotent. */
    public void release() {
        records.releaseAll();
        if (state != TlsState.FAILED) {
            state = TlsState.CLOSED;
        }
    }

    /** The state. */
    public TlsState state() {
        return state;
    }

    /** The failure, or {@code null}. */
    public TlsException failure() {
        return failure;
    }

    /** The negotiated application protocol once {@code OPEN}, or {@code ""} when none was chosen. */
    public String applicationProtocol() {
        String p = ssl.getApplicationProtocol();
        return p == null ? "" : p;
    }

    /** The JDK engine (for its session: protocol, cipher, peer certificates, creation time). */
    public SSLEngine sslEngine() {
        return ssl;
    }

    private boolean live() {
        return state == TlsState.HANDSHAKING || state == TlsState.OPEN;
    }

    /** Handshake records, a key update or our {@code close_notify} wait to be wrapped. */
    private boolean wantsWrap() {
        return !tasks.running() && live() && ssl.getHandshakeStatus() == HandshakeStatus.NEED_WRAP;
    }

    /** Advances the handshake and decrypts as far as bytes, buffer room and the listener allow. */
    private void drive() {
        while (!tasks.running() && live()) {
            HandshakeStatus hs = ssl.getHandshakeStatus();
            boolean progressed;
            if (hs == HandshakeStatus.NEED_TASK) {
                tasks.run(this::tasksDone);
                progressed = false;
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                progressed = wrap(null);
            } else if (state == TlsState.HANDSHAKING && (hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED)) {
                progressed = handshakeDone();
            } else {
                progressed = unwrap();
            }
            if (state == TlsState.OPEN && ssl.isInboundDone() && ssl.isOutboundDone()) {
                state = TlsState.CLOSED;
            }
            if (!progressed) {
                break;
            }
        }
    }

    private boolean handshakeDone() {
        TlsException refused = TlsChecks.alpnMissing(ssl, alpnRequired);
        if (refused != null) {
            fail(refused);
            return false;
        }
        state = TlsState.OPEN;
        recordSize = ssl.getSession().getPacketBufferSize();
        listener.onHandshakeDone();
        return true;
    }

    private void tasksDone() {
        drive();
        listener.onTasksDone();
    }

    /** One wrap; false when the output buffer has no room for a record or nothing was produced. */
    private boolean wrap(ByteBuffer src) {
        try {
            return records.wrap(src) > 0;
        } catch (SSLException e) {
            fail(e);
            return false;
        }
    }

    /** One unwrap; false when more bytes, a consumed plaintext buffer or tasks are needed. */
    private boolean unwrap() {
        if (!deliver()) {
            return false;
        }
        if (!records.hasInput() || ssl.isInboundDone()) {
            records.dropInput(); // nothing after close_notify counts
            return false;
        }
        SSLEngineResult r;
        try {
            r = records.unwrap();
        } catch (SSLException e) {
            fail(e);
            return false;
        }
        TlsException refused = state == TlsState.OPEN ? TlsChecks.renegotiation(ssl, r) : null;
        if (refused != null) {
            fail(refused);
            return false;
        }
        boolean delivered = deliver();
        switch (r.getStatus()) {
            case CLOSED -> {
                records.dropInput();
                listener.onCloseNotify();
                return delivered && live(); // TLS 1.2 answers with its own close_notify
            }
            case BUFFER_UNDERFLOW -> {
                if (records.inputFull()) {
                    fail(new TlsException(TlsFailure.PROTOCOL_ERROR, "a record larger than the buffer", null));
                }
                return false;
            }
            default -> {
                return delivered && (r.bytesConsumed() > 0 || r.bytesProduced() > 0);
            }
        }
    }

    /** Offers pending plaintext to the listener (once {@code OPEN}); true when none is left. */
    private boolean deliver() {
        ByteBuffer p = records.plaintext();
        if (p != null && state == TlsState.OPEN) {
            listener.onPlaintext(p);
        }
        return records.plaintextConsumed();
    }

    private void fail(SSLException e) {
        fail(new TlsException(TlsFailures.classify(e, state == TlsState.HANDSHAKING), String.valueOf(e.getMessage()), e));
    }

    private void fail(TlsException e) {
        if (state == TlsState.FAILED) {
            return;
        }
        state = TlsState.FAILED;
        failure = e;
        records.dropInput();
        ssl.closeOutbound();
        records.wrapAlerts();
        listener.onFailure(e);
    }

    @Override
    public String toString() {
        return "TlsEngine{" + state + (tasks.running() ? ",tasks" : "") + ",alpn=" + applicationProtocol() + records
                + (failure != null ? ",failed=" + failure.kind() : "") + "}";
    }
}
