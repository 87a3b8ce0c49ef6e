package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.nio.EventLoop;

import java.util.concurrent.TimeUnit;

/**
 * The one timer of a {@link ProxyExchange} and what it is armed for: the client's body while the
 * request is held, the backend's response head after a dispatch, or a client that takes none of the
 * response it is sent. The timer is the downstream's own when it carries one exchange at a time (no
 * allocation per request), else the exchange's.
 *
 * <p>Invariants: {@link #waitingFor()} is {@code NOTHING} exactly when the timer is not armed by this
 * exchange; arming replaces what it waited for.
 *
 * <p>Thread safety: confined to the exchange's loop.
 */
@ThreadConfined("session loop")
final class ExchangeTimer {
    /**
     * What the timer is armed for.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    enum Wait {
        /** Not armed. */
        NOTHING,
        /** The rest of a held request body (408 when it does not come). */
        REQUEST_BODY,
        /** The backend's response head (504). */
        RESPONSE_HEAD,
        /** A client that takes no byte of its response: a zero window, a slow reader (the response is cut). */
        CLIENT_READ
    }

    private final EventLoop loop;
    private Downstream down;
    /** Told when the timer runs out ({@link ProxyExchange#timedOut()}). */
    private final ProxyExchange owner;
    private EventLoop.Timer timer;
    private Wait waiting = Wait.NOTHING;

    /** Not armed; {@link #reset} names the downstream before the first arm. */
    ExchangeTimer(EventLoop loop, ProxyExchange owner) {
        this.loop = loop;
        this.owner = owner;
    }

    /** Arms the timer for {@code what}, {@code millis} from now. */
    void arm(Wait what, long millis) {
        if (timer == null) {
            EventLoop.Timer shared = down.responseTimer();
            timer = shared != null ? shared : loop.timer(owner::timedOut); // its callback made only here
        }
        waiting = what;
        timer.arm(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /**
     * For the exchange's (next) request on {@code d} ({@link ProxyExchange#reuse}): the timer is taken
     * from {@code d} again at the next arm.
     */
    void reset(Downstream d) {
        waiting = Wait.NOTHING; // not cancel(): the timer was cancelled at the end, and may be another's now
        down = d;
        timer = null;
    }

    /** Disarms it (kept: a replay arms it again). */
    void cancel() {
        waiting = Wait.NOTHING;
        if (timer != null) {
            timer.cancel();
        }
    }

    /** What it is armed for. */
    Wait waitingFor() {
        return waiting;
    }

    /** The timer ran: what it was armed for; it is disarmed now. */
    Wait fired() {
        Wait w = waiting;
        waiting = Wait.NOTHING;
        return w;
    }
}
