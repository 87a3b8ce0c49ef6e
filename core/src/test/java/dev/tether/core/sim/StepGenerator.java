package dev.tether.core.sim;

import dev.tether.core.RequestTraits;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the next weighted random {@link Step} of a run from a {@link SplittableRandom} and the
 * current state of the model (which the engine matched at the previous step): weights of steps that
 * have no subject are zero, and releases gain weight as leases pile up, so runs stay small.
 *
 * <p>Invariants: the same seed and the same state give the same step.
 *
 * <p>Thread safety: not thread safe.
 */
final class StepGenerator {
    private static final RequestTraits[] TRAITS = {
        RequestTraits.FIRST, RequestTraits.FIRST, RequestTraits.FIRST, RequestTraits.FIRST,
        RequestTraits.NONE, RequestTraits.NONE, RequestTraits.NONE, RequestTraits.NONE,
        RequestTraits.RETRY_SAFE, RequestTraits.FIRST.with(RequestTraits.RETRY_SAFE),
        RequestTraits.FRESH_ONLY, RequestTraits.UPGRADE_NEEDS_OTHER_PROTOCOL,
    };
    private static final int[] SETTINGS = {0, 1, 1, 2, 3, 100, 100};
    private static final Step.Kind[] CONNECTION_EVENTS = {
        Step.Kind.GOAWAY, Step.Kind.PEER_CLOSE, Step.Kind.TRANSPORT_ERROR, Step.Kind.UNSOLICITED_BYTES,
        Step.Kind.SETTINGS, Step.Kind.READY, Step.Kind.SILENT_AVAILABLE, Step.Kind.STREAM_IDS,
        Step.Kind.INSTALL_MUX, Step.Kind.MIGRATION_FAILS,
    };

    private final SplittableRandom r;
    private final SimRun run;
    private final int[] slots = {0, 1, 2};
    private int nextSession = 3;

    StepGenerator(SplittableRandom r, SimRun run) {
        this.r = r;
        this.run = run;
    }

    Step next(int id) {
        List<List<ModelConn>> candidates = new ArrayList<>();
        for (Step.Kind k : Step.Kind.values()) {
            candidates.add(new ArrayList<>());
        }
        for (ModelTarget t : run.model.targets) {
            for (ModelConn c : t.live) {
                for (Step.Kind k : CONNECTION_EVENTS) {
                    if (StepExecutor.applies(k, c)) {
                        candidates.get(k.ordinal()).add(c);
                    }
                }
            }
        }
        int[] w = weights(candidates);
        Step.Kind kind = Step.Kind.values()[weighted(w)];
        switch (kind) {
            case ACQUIRE:
                return acquire(id);
            case RELEASE:
                return release(id);
            case CHALLENGE: {
                List<Integer> ids = challengeable();
                int head = r.nextInt(5) < 3 ? 0 : r.nextInt(Step.HEADS.length);
                return Step.challenge(id, ids.get(r.nextInt(ids.size())), head);
            }
            case ADVANCE:
                return Step.advance(id, advance());
            case CLOCK:
                return Step.clock(id, advance());
            case CLOSE_SESSION:
                return closeSession(id);
            case PREFERRED_TARGET: {
                List<Integer> closable = closable();
                return Step.preferredTarget(id, slots[closable.get(r.nextInt(closable.size()))],
                        r.nextInt(Step.CANDIDATES.length));
            }
            case DRAIN:
            case UNDRAIN:
                return Step.onTarget(kind, id, r.nextInt(run.model.targets.length));
            case BUDGET:
                return Step.budget(id, budget());
            case PRECONNECT:
                return Step.preconnect(id, r.nextInt(run.config.keys()), r.nextInt(4));
            default: {
                List<ModelConn> from = candidates.get(kind.ordinal());
                ModelConn c = from.get(r.nextInt(from.size()));
                int value = kind == Step.Kind.SETTINGS ? SETTINGS[r.nextInt(SETTINGS.length)]
                        : kind == Step.Kind.STREAM_IDS ? 1 + r.nextInt(3)
                        : kind == Step.Kind.SILENT_AVAILABLE ? (c.override < 0 ? 0 : -1)
                        : kind == Step.Kind.INSTALL_MUX ? (r.nextInt(5) == 0 ? 0 : 1) : 0;
                return Step.onConnection(kind, id, c.createdBy, value);
            }
        }
    }

    /** The weight of each step kind now; zero for kinds with nothing to act on. */
    private int[] weights(List<List<ModelConn>> candidates) {
        int leases = run.leases.size();
        int[] w = new int[Step.Kind.values().length];
        w[Step.Kind.ACQUIRE.ordinal()] = leases > 12 ? 60 : 300;
        w[Step.Kind.RELEASE.ordinal()] = leases == 0 ? 0 : leases > 6 ? 400 : 250;
        w[Step.Kind.CHALLENGE.ordinal()] = challengeable().isEmpty() ? 0 : 30;
        w[Step.Kind.GOAWAY.ordinal()] = 30;
        w[Step.Kind.PEER_CLOSE.ordinal()] = 30;
        w[Step.Kind.TRANSPORT_ERROR.ordinal()] = 10;
        w[Step.Kind.UNSOLICITED_BYTES.ordinal()] = 25;
        w[Step.Kind.SETTINGS.ordinal()] = 35;
        w[Step.Kind.READY.ordinal()] = 60;
        w[Step.Kind.SILENT_AVAILABLE.ordinal()] = 15;
        w[Step.Kind.STREAM_IDS.ordinal()] = 10;
        w[Step.Kind.INSTALL_MUX.ordinal()] = 80;
        w[Step.Kind.MIGRATION_FAILS.ordinal()] = run.config.loops > 1 ? 8 : 0;
        for (Step.Kind k : CONNECTION_EVENTS) {
            if (candidates.get(k.ordinal()).isEmpty()) {
                w[k.ordinal()] = 0;
            }
        }
        w[Step.Kind.ADVANCE.ordinal()] = 60;
        w[Step.Kind.CLOCK.ordinal()] = run.config.extensions ? 30 : 0;
        w[Step.Kind.CLOSE_SESSION.ordinal()] = closable().isEmpty() ? 0 : 20;
        w[Step.Kind.PREFERRED_TARGET.ordinal()] = closable().isEmpty() ? 0 : 20;
        w[Step.Kind.DRAIN.ordinal()] = 4;
        w[Step.Kind.UNDRAIN.ordinal()] = anyDraining() ? 60 : 0;
        w[Step.Kind.BUDGET.ordinal()] = run.config.budget ? 25 : 0;
        w[Step.Kind.PRECONNECT.ordinal()] = run.config.extensions ? 6 : 0;
        return w;
    }

    /** Active leases (of open or closed sessions). */
    private List<Integer> challengeable() {
        return run.activeLeaseIds();
    }

    /** Slots holding an opened session. */
    private List<Integer> closable() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (run.model.sessions.containsKey(slots[i])) {
                out.add(i);
            }
        }
        return out;
    }

    private Step acquire(int id) {
        int flags = (r.nextInt(50) == 0 ? Step.REFUSE : 0) | (r.nextInt(8) == 0 ? Step.NOT_READY : 0)
                | (r.nextInt(16) == 0 ? Step.DEFER_MUX : 0);
        int session = slots[r.nextInt(slots.length)];
        int loops = run.config.loops;
        int locked = loops > 1 && r.nextInt(40) == 0
                ? (run.config.loopOf(session) + 1 + r.nextInt(loops - 1)) % loops : -1;
        return Step.acquire(id, session, r.nextInt(run.config.keys()), TRAITS[r.nextInt(TRAITS.length)], flags,
                locked);
    }

    /** R4: around the thresholds, mostly below {@code low}. */
    private int budget() {
        long low = run.config.budgetLow;
        long high = run.config.budgetHigh;
        long[] choices = {0, 0, low - 1, low - 1, low, (low + high) / 2, high, high + 1, high + 3};
        return (int) Math.max(0, choices[r.nextInt(choices.length)]);
    }

    private Step release(int id) {
        int lease = anyLease();
        ModelConn c = run.leases.get(lease).conn;
        int flags = 0;
        if (!c.muxInstalled) {
            return Step.release(id, lease, r.nextInt(5) == 0 ? Step.FAILED : 0); // no stream yet (R27)
        }
        if (r.nextInt(5) == 0) {
            flags |= Step.FAILED;
            flags |= r.nextBoolean() ? Step.RESPONSE_STARTED : 0;
            flags |= c.h2 && r.nextInt(6) == 0 ? Step.NOT_PROCESSED : 0;
            flags |= !c.h2 && r.nextInt(5) < 2 ? Step.INCOMPLETE : 0;
        }
        if (!c.h2 && c.isOpen() && r.nextInt(8) == 0) {
            flags |= Step.CONN_CLOSE;
        }
        return Step.release(id, lease, flags);
    }

    private int anyLease() {
        List<Integer> ids = run.activeLeaseIds();
        return ids.get(r.nextInt(ids.size()));
    }

    private long advance() {
        long d = 1_000_000_000L;
        for (ModelTarget t : run.model.targets) {
            d = Math.max(d, t.purgeDelayNanos);
        }
        long[] choices = {0, d / 4, d / 2, d - 1, d, d, d + 1, 2 * d, 5 * d};
        return choices[r.nextInt(choices.length)];
    }

    private Step closeSession(int id) {
        List<Integer> closable = closable();
        int slot = closable.get(r.nextInt(closable.size()));
        int session = slots[slot];
        slots[slot] = nextSession++;
        return Step.closeSession(id, session);
    }

    private boolean anyDraining() {
        for (ModelTarget t : run.model.targets) {
            if (t.draining) {
                return true;
            }
        }
        return false;
    }

    private int weighted(int[] w) {
        int total = 0;
        for (int x : w) {
            total += x;
        }
        int pick = r.nextInt(total);
        for (int i = 0; i < w.length; i++) {
            pick -= w[i];
            if (pick < 0) {
                return i;
            }
        }
        throw new IllegalStateException("weights " + java.util.Arrays.toString(w));
    }
}
