package dev.tether.examples.proxy;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.FailureClass;
import dev.tether.core.Lease;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.Session;
import dev.tether.core.Stream;
import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.nio.EventLoop;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One proxied request, from the moment its head was parsed to the end of its response: acquires a
 * backend stream from the engine, streams the request body to it and the response back to its
 * {@link Downstream}, releases the lease exactly once, and on failure replays, refuses, or answers
 * 502/503/504 with an {@code x-tether-error} reason.
 *
 * <p>A request with a body is held until {@link RequestBody#holdOver()} (RFC 9112 §11.2): no backend
 * sees the head of a request whose short body turns out malformed.
 *
 * <p>After a failure, {@link FailureDecision} says what happens: a replay (D5), another target (D10),
 * no response so that the client may replay (R72), a 502, or a cut response.
 *
 * <p>Invariants: each stream held ({@link BackendLease}) is released exactly once; the downstream gets
 * one head (or one error) and one end (or abort); the response is held only up to
 * {@link ResponseBuffer#CAPACITY} bytes ({@link ResponseRelay}), the backend is read no faster.
 *
 * <p>Thread safety: confined to its frontend's loop (the session's loop).
 */
@ThreadConfined("session loop")
public final class ProxyExchange {
    private final ProxyContext ctx;
    private final EventLoop loop;
    private Downstream down; // a tunnel may move the exchange to the downstream that took the client over
    private final RequestHead head; // refilled by the HTTP/1.1 frontend before a reuse
    private RequestTraits traits;
    final RequestBody body = new RequestBody();
    private final ResponseRelay response;
    /** The backend stream held, if any, and the upstream of the last dispatch. */
    private final BackendLease leased;
    /** The one timer: the held body, the response head, or a client that reads nothing. */
    private final ExchangeTimer timer;
    private boolean headSent;
    private boolean backendEnded;
    private boolean done;
    private FailureDecision retries; // made at the first failure: most exchanges never fail
    /** {@link #start()} ran: {@code live} counts this exchange. */
    private boolean started;
    Tunnel tunnel = Tunnel.NONE; // the tunnel the backend accepted; read by the backends

    ProxyExchange(ProxyContext ctx, Session session, EventLoop loop, Downstream down, RequestHead head, boolean first) {
        this.ctx = ctx;
        this.loop = loop;
        this.leased = new BackendLease(ctx);
        this.head = head;
        this.timer = new ExchangeTimer(loop, this);
        this.response = new ResponseRelay(timer, ctx.config.idleTimeoutMs());
        bind(session, down, first);
    }

    private void bind(Session session, Downstream d, boolean first) {
        down = d;
        traits = first ? RequestTraits.FIRST : RequestTraits.NONE;
        leased.reset(session);
        timer.reset(d);
    }

    /**
     * True when this exchange may serve another request ({@link #reuse}): it ended, its backend's
     * response ended (or it was a local answer) and released its lease, and it never failed nor became a
     * tunnel. Then only its frontend holds it: each lease was released and its backend forgot the
     * exchange ({@link BackendConnection#forget}), its timer was cancelled. A late event of a failed or
     * tunnelled exchange's backend or timer may still name it: such an exchange is never reused.
     */
    boolean reusable() {
        return done && backendEnded && retries == null && tunnel == Tunnel.NONE && !leased.held();
    }

    /** This {@link #reusable()} exchange made new: for {@code session}'s request on {@code down}, or nobody's. */
    ProxyExchange reuse(Session session, Downstream down, boolean first) {
        bind(session, down, first);
        body.reset();
        headSent = false;
        backendEnded = false;
        done = down == null; // kept for nobody: still ended, as a late call would find it
        started = false;
        return this;
    }

    /** The forwarded request head. */
    public RequestHead head() {
        return head;
    }

    /** True once the exchange ended. */
    public boolean isDone() {
        return done;
    }

    /** True once a response head was sent to the client. */
    public boolean responding() {
        return headSent;
    }

    /** Starts the exchange: a stats path is answered here, a plain CONNECT refused (405), others proxied. */
    public void start() {
        started = true;
        ctx.live.incrementAndGet();
        byte[] local = ctx.localAnswer(head.path);
        if (local != null) {
            headSent = true;
            down.head(200, ctx.localAnswerFields(head.path, local.length), false);
            backendEnded = true;
            responseBody(ByteBuffer.wrap(local));
            maybeEnd();
            return;
        }
        if ("CONNECT".equals(head.method) && head.protocol == null) {
            fail(405, "connect-not-allowed"); // a reverse proxy opens no tunnel to anywhere
            return;
        }
        if (head.hasBody && !body.holdOver()) {
            // The body is checked by the frontend's codec before the backend sees the head.
            timer.arm(ExchangeTimer.Wait.REQUEST_BODY, ctx.config.responseTimeoutMs());
            return;
        }
        dispatch(ctx.next(null), traits);
    }

    /** Sends the request to {@code up}, or answers 503 at once when no target is up. */
    private void dispatch(ProxyContext.Upstream up, RequestTraits t) {
        if (up == null) {
            fail(503, "all-backends-down"); // D10: prompt, not a wait for each connect timeout
            return;
        }
        Lease l;
        try {
            l = leased.acquire(up, head, t);
        } catch (AcquireException e) {
            if (e.failure() == AcquireFailure.RESOURCE) {
                failed(FailureClass.FRESH_FAILURE, true, "connect-failed"); // the connector could not even start
            } else {
                fail(503, "acquire-" + e.failure().name().toLowerCase(java.util.Locale.ROOT));
            }
            return;
        }
        timer.arm(ExchangeTimer.Wait.RESPONSE_HEAD, ctx.config.responseTimeoutMs());
        body.rewind();
        leased.begin(this, l); // a TLS connection's first stream waits for the handshake (R27)
    }

    /** The held stream's TLS handshake is done and its mux installed ({@code b} speaks its protocol): start. */
    void protocolReady(BackendConnection b) {
        leased.ready(this, b);
    }

    /** The stream held, as its mux made it ({@code Http1Exchange}, {@code Http2Stream}), or {@code null}. */
    <S extends Stream> S stream(Class<S> type) {
        return leased.stream(type);
    }

    /** Request body bytes from the client: {@code src}'s position advances over what was taken. */
    public void requestBody(ByteBuffer src) {
        if (done) {
            int n = src.remaining();
            src.position(src.limit()); // answered already: the rest of the body is discarded
            down.requestBodyConsumed(n); // and credited, so an h2c client's connection window stays open
            return;
        }
        body.offer(src);
        requestProgressed();
    }

    /** The client's request body ended. */
    public void requestEnded() {
        body.end();
        requestProgressed();
    }

    /** More of the body is here: a held request goes once the hold is over, else the backend takes it. */
    private void requestProgressed() {
        if (timer.waitingFor() == ExchangeTimer.Wait.REQUEST_BODY) { // held until RequestBody.holdOver()
            if (body.holdOver()) { // it ended, or is too long to hold whole: streamed from here on
                timer.cancel();
                dispatch(ctx.next(null), traits);
            }
        } else if (leased.backend() != null) { // none while a TLS handshake runs: it pumps when done
            leased.backend().pumpRequest(this);
        }
    }

    /** Free room for request body bytes. */
    public int requestSpace() {
        return done ? Integer.MAX_VALUE : body.space();
    }

    /** Called by the backend when it forwarded {@code n} request body bytes. */
    void requestBodySent(int n) {
        if (n > 0) {
            tunnel.up(n);
            down.requestBodyConsumed(n);
        }
    }

    /** Free room for response body bytes; the backend reads no more than this. */
    int responseSpace() {
        return response.space();
    }

    /** The backend's response head; with {@code protocol}, it accepted a tunnel (see {@link Tunnel}). */
    void responseHead(int status, List<String> fields, boolean noBody, String protocol) {
        if (done || headSent) {
            return;
        }
        timer.cancel();
        headSent = true;
        ctx.health.succeeded(leased.upstream());
        if (protocol == null) {
            down.head(status, fields, noBody || "HEAD".equals(head.method));
        } else {
            tunnel = new Tunnel(ctx, loop, this::cancel); // idle for the tunnel timeout: both sides close
            down = down.switched(protocol, fields);
        }
    }

    /** Response body bytes from the backend: all of them are taken (the backend checked the space). */
    void responseBody(ByteBuffer data) {
        if (done) {
            data.position(data.limit());
            return;
        }
        int before = data.remaining();
        tunnel.down(before);
        int direct = response.pass(data, down, !tunnel.open());
        if (direct < before) {
            ctx.responseStalls.incrementAndGet();
        }
        leased.credit(this, direct);
    }

    /** The backend's response ended (a tunnel's: see {@link Tunnel#backendClosed}); buffered bytes still drain. */
    void responseEnd() {
        if (done) {
            return;
        }
        backendEnded = true;
        if (leased.held() && !tunnel.open()) {
            release(Outcome.COMPLETED); // a tunnel keeps its lease until both directions ended (D11)
        }
        maybeEnd();
    }

    /** The downstream can take more: drain the response buffer. */
    public void downstreamWritable() {
        if (done || response.isEmpty()) {
            return;
        }
        leased.credit(this, response.drain(down));
        maybeEnd();
    }

    private void maybeEnd() {
        if (done || !backendEnded || !response.isEmpty()) {
            return;
        }
        if (!tunnel.open()) {
            down.end();
            finish();
        } else if (tunnel.endClientSide(down)) {
            release(Outcome.COMPLETED);
            finish();
        }
    }

    /**
     * The backend stream failed (connect error, reset, close, protocol error): replays, goes to another
     * target, refuses, answers 502 with {@code reason} or cuts the response, as {@link FailureDecision} says.
     */
    void backendFailed(String reason) {
        if (done || !leased.held()) {
            return;
        }
        timer.cancel();
        boolean beforeConnected = leased.failedBeforeConnected();
        ReleaseResult r = release(Outcome.FAILED);
        failed(r.failureClass(), beforeConnected, reason);
    }

    private void failed(FailureClass fc, boolean beforeConnected, String reason) {
        if (beforeConnected) {
            // D10: a target that cannot be connected to is failing; one that connected and then closed
            // does not count (R73: REPLAY_SAFE, NOT_PROCESSED never do), one that stays silent does (timedOut).
            ctx.health.failed(leased.upstream(), reason, true);
        }
        ProxyContext.Upstream other = beforeConnected ? ctx.next(leased.upstream()) : null;
        boolean replayable = body.replayable() && (beforeConnected || head.protocol == null); // tunnels: once sent
        retries = retries == null ? new FailureDecision() : retries;
        FailureDecision.Next next = retries.decide(fc, beforeConnected, headSent, head.idempotentRead(), replayable,
                other != null);
        switch (next) {
            case FAILOVER, REPLAY, REPLAY_FRESH -> {
                ctx.replayed(reason);
                dispatch(next == FailureDecision.Next.FAILOVER ? other : ctx.next(null),
                        next == FailureDecision.Next.REPLAY_FRESH ? traits.with(RequestTraits.FRESH_ONLY) : traits);
            }
            case CUT -> {
                down.abort();
                finish();
            }
            case REFUSE -> {
                ctx.refusals.incrementAndGet(); // R72: no response, so that the client may send it again
                down.refuse();
                finish();
            }
            default -> fail(502, reason);
        }
    }

    /** The client went away, the proxy is stopping or a tunnel idled out: give the lease back and end. */
    public void cancel() {
        if (done) {
            return;
        }
        if (tunnel.open()) {
            down.abort(); // a tunnel's two sides close together
        }
        timer.cancel();
        leased.abandon(this, response.pending()); // the client's doing, not the backend's
        finish();
    }

    /** The timer ran out (it disarmed itself by running): a 408, a 504, or a cut response. */
    void timedOut() {
        ExchangeTimer.Wait w = timer.fired();
        if (done) {
            return;
        }
        switch (w) {
            case REQUEST_BODY -> fail(408, "request-body-timeout"); // the client stopped sending its body
            case CLIENT_READ -> { // a zero window or a reader that stopped: its backend stream is freed
                ctx.clientReadTimeouts.incrementAndGet();
                leased.abandon(this, response.pending());
                down.abort();
                finish();
            }
            case RESPONSE_HEAD -> {
                if (!leased.held() || headSent) {
                    return;
                }
                if (release(Outcome.FAILED).failureClass() == FailureClass.FRESH_FAILURE) {
                    ctx.health.failed(leased.upstream(), "response-timeout", false);
                }
                fail(504, "response-timeout");
            }
            default -> {
            }
        }
    }

    private void fail(int status, String reason) {
        ctx.errors.incrementAndGet();
        down.error(status, reason);
        finish();
    }

    private ReleaseResult release(Outcome outcome) {
        return leased.release(this, outcome, response.pending());
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        timer.cancel(); // disarmed before the downstream's next exchange may arm a shared timer
        response.clear();
        int unsent = body.unsentBytes();
        if (unsent > 0) {
            down.requestBodyConsumed(unsent); // never forwarded now: give the client its window back
        }
        tunnel.close();
        if (started) {
            ctx.live.decrementAndGet();
        }
        down.exchangeDone();
    }

    @Override
    public String toString() {
        return "ProxyExchange{" + head + (leased.held() ? ",leased" : "") + (headSent ? ",responding" : "")
                + (done ? ",done" : "") + "}";
    }
}
