package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;

import java.nio.ByteBuffer;

/**
 * A response on its way to the client: bytes go straight to the {@link Downstream} while it takes
 * them; what it does not take is held (at most {@link ResponseBuffer#CAPACITY}; the backend is read no
 * faster); and while bytes are held, the client must take some within the idle timeout or the
 * exchange's timer fires ({@link ExchangeTimer.Wait#CLIENT_READ}: a zero window, a reader that stopped).
 *
 * <p>Invariants: the timer waits for {@code CLIENT_READ} only while bytes are held; every byte passes
 * in order, held ones before new ones.
 *
 * <p>Thread safety: confined to the exchange's loop.
 */
@ThreadConfined("session loop")
final class ResponseRelay {
    private final ResponseBuffer held = new ResponseBuffer();
    private final ExchangeTimer timer;
    private final long idleMs;

    ResponseRelay(ExchangeTimer timer, long idleMs) {
        this.timer = timer;
        this.idleMs = idleMs;
    }

    /**
     * Passes {@code data} on, holding what the downstream does not take.
     *
     * @param data the bytes; all of them are taken
     * @param down where they go
     * @param watchReader arm the timer while bytes are held (not for a tunnel, which has its own)
     * @return the bytes the downstream took at once
     */
    int pass(ByteBuffer data, Downstream down, boolean watchReader) {
        int before = data.remaining();
        if (held.isEmpty()) {
            down.body(data); // the common case: straight through, nothing held
        }
        int direct = before - data.remaining();
        held.add(data);
        if (watchReader && !held.isEmpty() && timer.waitingFor() != ExchangeTimer.Wait.CLIENT_READ) {
            timer.arm(ExchangeTimer.Wait.CLIENT_READ, idleMs); // the client must read on
        }
        return direct;
    }

    /**
     * Offers the held bytes to the downstream again.
     *
     * @return how many it took
     */
    int drain(Downstream down) {
        int n = held.drainTo(down);
        if (held.isEmpty()) {
            if (timer.waitingFor() == ExchangeTimer.Wait.CLIENT_READ) {
                timer.cancel(); // caught up
            }
        } else if (n > 0 && timer.waitingFor() == ExchangeTimer.Wait.CLIENT_READ) {
            timer.arm(ExchangeTimer.Wait.CLIENT_READ, idleMs); // progress: wait anew
        }
        return n;
    }

    boolean isEmpty() {
        return held.isEmpty();
    }

    /** Room for more bytes. */
    int space() {
        return held.space();
    }

    /** Bytes held. */
    int pending() {
        return held.pending();
    }

    void clear() {
        held.clear();
    }
}
