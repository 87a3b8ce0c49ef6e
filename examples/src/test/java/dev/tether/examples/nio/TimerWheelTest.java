package dev.tether.examples.nio;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's timer wheel, driven by a fake clock: exact firing, O(1) cancel that forgets the timer. */
class TimerWheelTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private long now = 1_000 * MS;
    private final TimerWheel wheel = new TimerWheel(() -> now);
    private final List<String> fired = new ArrayList<>();

    private EventLoop.Timer timer(String name) {
        return new EventLoop.Timer(wheel, () -> fired.add(name));
    }

    private void advanceTo(long nanos) {
        now = nanos;
        wheel.runDue(now, Runnable::run);
    }

    @Test
    void timersRunInDeadlineOrderAndNeverBeforeTheirDeadline() {
        timer("c").arm(30 * MS);
        timer("a").arm(10 * MS);
        timer("b").arm(20 * MS + 1);
        long start = now;
        advanceTo(start + 10 * MS - 1);
        assertThat(fired).isEmpty();
        advanceTo(start + 10 * MS);
        assertThat(fired).containsExactly("a");
        advanceTo(start + 20 * MS);
        assertThat(fired).containsExactly("a"); // b is due 1 ns later
        advanceTo(start + 31 * MS);
        assertThat(fired).containsExactly("a", "b", "c");
        assertThat(wheel.size()).isZero();
        assertThat(wheel.nanosToNext(now)).isEqualTo(-1);
    }

    @Test
    void aCancelledTimerNeverRunsAndRearmingMovesItEitherWay() {
        EventLoop.Timer t = timer("t");
        long start = now;
        t.arm(50 * MS);
        t.cancel();
        assertThat(t.isArmed()).isFalse();
        advanceTo(start + 60 * MS);
        assertThat(fired).isEmpty();
        t.arm(5_000 * MS);
        t.arm(10 * MS); // earlier
        advanceTo(now + 10 * MS);
        assertThat(fired).containsExactly("t");
        t.arm(10 * MS);
        t.arm(90_000 * MS); // later: a connection's idle timer re-armed after a request
        advanceTo(now + 89_999 * MS);
        assertThat(fired).containsExactly("t");
        advanceTo(now + MS);
        assertThat(fired).containsExactly("t", "t");
    }

    @Test
    void aTimerArmedWithNoDelayIsDueAtOnce() {
        timer("now").arm(0);
        assertThat(wheel.nanosToNext(now)).isZero();
        wheel.runDue(now, Runnable::run);
        assertThat(fired).containsExactly("now");
    }

    @Test
    void aTaskMayCancelOrRearmTimersThatAreDueWithIt() {
        EventLoop.Timer second = timer("second");
        EventLoop.Timer first = new EventLoop.Timer(wheel, () -> {
            fired.add("first");
            second.cancel();
        });
        first.arm(5 * MS);
        second.arm(5 * MS);
        EventLoop.Timer again = new EventLoop.Timer(wheel, null);
        EventLoop.Timer self = new EventLoop.Timer(wheel, () -> {
            fired.add("self");
            again.arm(MS);
        });
        self.arm(5 * MS);
        advanceTo(now + 5 * MS);
        assertThat(fired).containsExactly("first", "self");
        assertThat(second.isArmed()).isFalse();
        assertThat(again.isArmed()).isTrue();
    }

    /** The leak of issue 16: a closed connection's cancelled timer kept it reachable until it fired. */
    @Test
    void aCancelledTimerKeepsNothingReachable() {
        List<WeakReference<Object>> owners = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Object connection = new byte[1024];
            owners.add(new WeakReference<>(connection));
            EventLoop.Timer idle = new EventLoop.Timer(wheel, () -> fired.add(connection.toString()));
            idle.arm(60_000 * MS);
            idle.cancel();
        }
        assertThat(wheel.size()).isZero();
        assertThat(wheel.nanosToNext(now)).isEqualTo(-1);
        for (int attempt = 0; attempt < 50 && owners.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
        }
        assertThat(owners).allMatch(r -> r.get() == null);
    }

    /**
     * Seeded random arms, re-arms, cancels and clock jumps (from 0 to hours) against a model that
     * knows each timer's deadline: after every step exactly the timers whose deadline passed have run,
     * and the wheel never asks the loop to sleep past the earliest deadline.
     */
    @Test
    void agreesWithAModelOverRandomSchedules() {
        for (int seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            TimerWheelTest t = new TimerWheelTest();
            t.runModel(r, seed);
        }
    }

    private void runModel(Random r, int seed) {
        int n = 200;
        EventLoop.Timer[] timers = new EventLoop.Timer[n];
        Map<Integer, Long> due = new HashMap<>(); // armed timer -> deadline in nanos
        List<Integer> ran = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            timers[i] = new EventLoop.Timer(wheel, () -> ran.add(id));
        }
        for (int step = 0; step < 2_000; step++) {
            int id = r.nextInt(n);
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    long delay = randomDelay(r);
                    timers[id].arm(delay);
                    due.put(id, now + delay);
                }
                case 2 -> {
                    timers[id].cancel();
                    due.remove(id);
                }
                default -> {
                    long earliest = due.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
                    long wait = wheel.nanosToNext(now);
                    String where = "seed " + seed + " step " + step;
                    if (earliest != Long.MAX_VALUE) {
                        // Never oversleep: the loop is woken no later than the first tick after the deadline.
                        assertThat(now + wait).as(where).isLessThanOrEqualTo(roundUpToTick(earliest));
                    } else {
                        assertThat(wait).as(where).isEqualTo(-1);
                    }
                    now += r.nextInt(3) == 0 ? Math.max(0, wait) : randomDelay(r);
                    wheel.runDue(now, Runnable::run);
                    List<Integer> expected = new ArrayList<>();
                    due.entrySet().removeIf(e -> {
                        boolean d = roundUpToTick(e.getValue()) <= now - now % MS;
                        if (d) {
                            expected.add(e.getKey());
                        }
                        return d;
                    });
                    assertThat(ran).as(where).containsExactlyInAnyOrderElementsOf(expected);
                    ran.clear();
                }
            }
            assertThat(wheel.size()).isEqualTo(due.size());
        }
    }

    private long roundUpToTick(long nanos) {
        return (nanos + MS - 1) / MS * MS;
    }

    private static long randomDelay(Random r) {
        switch (r.nextInt(5)) {
            case 0: return r.nextInt(3) * MS + r.nextInt((int) MS);
            case 1: return r.nextInt(100) * MS;
            case 2: return r.nextInt(70_000) * MS;
            case 3: return (long) r.nextInt(10_000_000) * MS;
            default: return r.nextLong() & ((1L << 50) - 1);
        }
    }
}
