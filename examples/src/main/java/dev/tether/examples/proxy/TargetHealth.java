package dev.tether.examples.proxy;

import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The health of one target as the proxy sees it (docs/behaviour.md D10). {@code UP} takes traffic;
 * {@link HealthConfig#fall()} consecutive failures make it {@code DOWN} for a back-off (doubling
 * after each failed probe, ±20 % jitter, capped); then it is {@code PROBING} while one probe (a TCP
 * connect, a probe request, or the active check) decides: success makes it {@code UP}, failure
 * {@code DOWN} again.
 * A request that got a response head resets the count. Failures the rules say are no fault of the
 * target ({@code REPLAY_SAFE}, {@code NOT_PROCESSED}, R73) are never reported here.
 *
 * <p>Invariants: transitions are UP → DOWN → PROBING → UP | DOWN, each made once under the lock by
 * the caller that wins it (so each is logged once); {@link #available()} is true exactly in UP.
 *
 * <p>Thread safety: thread-safe: requests on every loop report to it; reads of the state are
 * lock-free.
 */
@ThreadSafe
public final class TargetHealth {
    /**
     * Whether a target takes traffic.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    public enum State {
        /** Takes traffic. */
        UP,
        /** Takes none until its back-off ends and a probe passes. */
        DOWN,
        /** Its probe is running; still takes no traffic. */
        PROBING
    }

    private final HealthConfig config;
    private volatile State state = State.UP;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    @GuardedBy("this")
    private long backoffNanos;
    @GuardedBy("this")
    private long downSinceNanos;
    @GuardedBy("this")
    private String lastFailure = "";
    @GuardedBy("this")
    private long timesDown;
    /** The failure that marked the target down came before connecting: a probe connect will do. */
    private volatile boolean downBeforeConnect;

    TargetHealth(HealthConfig config) {
        this.config = config;
        this.backoffNanos = TimeUnit.MILLISECONDS.toNanos(config.backoffMs());
    }

    /** The current state. */
    public State state() {
        return state;
    }

    /** True when the target takes traffic. */
    public boolean available() {
        return state == State.UP;
    }

    /** Consecutive failures since the last success. */
    public int consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** How many times the target went down. */
    public synchronized long timesDown() {
        return timesDown;
    }

    /** The failure that last marked it down, or {@code ""}. */
    public synchronized String lastFailure() {
        return lastFailure;
    }

    /**
     * True when the failure that marked the target down came before connecting (a probe connect
     * shows it is back); false when it connected and then failed to answer (a probe request must).
     */
    boolean downBeforeConnect() {
        return downBeforeConnect;
    }

    /** A request to the target got a response head. Allocation-free. */
    void succeeded() {
        if (consecutiveFailures.get() != 0) {
            consecutiveFailures.set(0);
        }
    }

    /**
     * A request to the target failed in a way that counts (a connect failure, or a request on a new
     * connection that timed out with no response).
     *
     * @param reason the failure
     * @param beforeConnect the failure came before the transport connected
     * @param nowNanos the time
     * @return the back-off in nanoseconds when this failure marked the target down (the caller logs
     *     and schedules the probe), else −1
     */
    long failed(String reason, boolean beforeConnect, long nowNanos) {
        int n = consecutiveFailures.incrementAndGet();
        if (n < config.fall() || state != State.UP) {
            return -1;
        }
        synchronized (this) {
            if (state != State.UP) {
                return -1;
            }
            state = State.DOWN;
            downBeforeConnect = beforeConnect;
            downSinceNanos = nowNanos;
            lastFailure = reason;
            timesDown++;
            backoffNanos = TimeUnit.MILLISECONDS.toNanos(config.backoffMs());
            return jittered(backoffNanos);
        }
    }

    /**
     * The back-off ended: the probe starts.
     *
     * @return false if the target is not down (nothing to probe)
     */
    synchronized boolean probeStarting() {
        if (state != State.DOWN) {
            return false;
        }
        state = State.PROBING;
        return true;
    }

    /**
     * The probe passed: the target is up.
     *
     * @param nowNanos the time
     * @return how long it was down, in nanoseconds, or −1 if it was not probing
     */
    synchronized long probePassed(long nowNanos) {
        if (state != State.PROBING) {
            return -1;
        }
        consecutiveFailures.set(0);
        state = State.UP;
        return nowNanos - downSinceNanos;
    }

    /**
     * The probe failed: down again, for a longer back-off.
     *
     * @return the next back-off in nanoseconds
     */
    synchronized long probeFailed() {
        state = State.DOWN;
        backoffNanos = Math.min(backoffNanos * 2, TimeUnit.MILLISECONDS.toNanos(config.backoffMaxMs()));
        return jittered(backoffNanos);
    }

    /** {@code nanos} ± 20 %, so that targets that failed together are not probed in step. */
    private static long jittered(long nanos) {
        long spread = nanos / 5;
        return nanos - spread + ThreadLocalRandom.current().nextLong(2 * spread + 1);
    }

    @Override
    public String toString() {
        return state + "(" + consecutiveFailures.get() + ")";
    }
}
