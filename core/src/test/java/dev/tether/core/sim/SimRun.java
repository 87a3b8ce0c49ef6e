package dev.tether.core.sim;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.Session;
import dev.tether.core.internal.TestAccess;
import dev.tether.testkit.FakeConnector;
import dev.tether.testkit.FakeMux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulation run: executes {@link Step}s against the real engine ({@link EngineDriver}) and the
 * {@link ReuseModel} side by side, compares what each returned, then runs {@link SimChecks}. The
 * final {@link #finish()} releases every lease, closes every session and lets purge run out.
 *
 * <p>Invariants: after every executed step without a {@link SimViolation}, the model and the engine
 * agree on every compared value.
 *
 * <p>Thread safety: not thread safe; one simulation thread.
 */
final class SimRun {
    final SimConfig config;
    final ReuseModel model;
    final EngineDriver engine;
    final SimChecks checks;
    /** Active model leases by acquire step id, in acquisition order. */
    final Map<Integer, ModelLease> leases = new LinkedHashMap<>();
    /** Model connections by the id of the acquire step that created them. */
    final Map<Integer, ModelConn> connsByCreator = new HashMap<>();
    private final Coverage coverage;
    /** What the last ADVANCE step's {@code maintain} returned (both sides agreed). */
    long lastMaintain;
    /** Model connections already looked at by {@link #registerPreconnects}. */
    private int scanned;

    SimRun(SimConfig config, Coverage coverage) {
        this.config = config;
        this.coverage = coverage;
        this.engine = new EngineDriver(config);
        this.model = new ReuseModel(config, engine.now());
        this.checks = new SimChecks(model, engine);
    }

    /**
     * Executes {@code s} on both sides and compares.
     *
     * @return false if the step was skipped because its subject does not exist (any more)
     */
    boolean execute(Step s) throws SimViolation {
        model.now = engine.now();
        boolean done;
        try {
            done = StepExecutor.execute(this, s);
        } catch (SimViolation v) {
            throw v;
        } catch (Throwable e) {
            throw new SimViolation("exception in " + s.kind, e);
        }
        if (done) {
            settleWaiters();
            checks.afterStep();
            if (coverage != null) {
                coverage.step(s.kind);
            }
        }
        return done;
    }

    void leaksReported(int n) {
        if (coverage != null) {
            coverage.leaks += n;
        }
    }

    /** Names the connections E6 opened (during maintain) for the steps that act on connections. */
    void registerPreconnects(int stepId) {
        for (; scanned < model.conns.size(); scanned++) {
            ModelConn c = model.conns.get(scanned);
            if (c.preconnect) {
                connsByCreator.put(c.createdBy, c);
            }
        }
    }

    /**
     * Releases everything, withdraws the pre-connect wishes, closes every session, runs purge out,
     * and checks that nothing is left (T43).
     */
    void finish() throws SimViolation {
        int id = 1_000_000_000;
        for (ModelTarget t : model.targets) {
            for (int key : new ArrayList<>(t.preconnect.keySet())) {
                execute(Step.preconnect(id++, key, 0));
            }
        }
        if (config.seed % 3 == 0) { // one run in three ends by closing the engine with leases and waiters out
            execute(Step.onTarget(Step.Kind.CLOSE_ENGINE, id++, 0));
            for (ModelSession open : new ArrayList<>(model.sessions.values())) {
                if (!open.closed) { // refused with ENGINE_CLOSED, on each target
                    for (int k = 0; k < config.keys(); k++) {
                        execute(Step.acquire(id++, open.id, k, RequestTraits.NONE, 0, -1));
                    }
                }
            }
        }
        while (true) { // a release or a close may serve a waiter (E3), whose lease is then released too
            if (!leases.isEmpty()) {
                execute(Step.release(id++, leases.keySet().iterator().next(), 0));
                continue;
            }
            ModelSession open = model.sessions.values().stream().filter(s -> !s.closed).findFirst().orElse(null);
            if (open == null) {
                break;
            }
            execute(Step.closeSession(id++, open.id));
        }
        long delay = 1_000_000_000L;
        for (ModelTarget t : model.targets) {
            delay = Math.max(delay, t.purgeDelayNanos);
        }
        boolean quiet = false;
        for (int i = 0; i < 200 && !quiet; i++) {
            execute(Step.advance(id++, delay));
            quiet = lastMaintain < 0;
        }
        for (ModelTarget t : model.targets) {
            var st = engine.harness.engine.stats(engine.targets[t.index]);
            SimChecks.check(quiet && st.used() == 0 && st.idle() == 0 && st.safe() == 0 && st.privateBusy() == 0
                    && st.privateIdle() == 0, "nothing left after sessions closed and purge ran out", st);
        }
        try {
            engine.harness.assertInvariants();
        } catch (AssertionError e) {
            throw new SimViolation("invariant: EngineHarness.assertInvariants", e);
        }
        removeTargets();
        if (coverage != null) {
            coverage.finished(model);
        }
    }

    /** The engine side of an acquire step, compared with the model's. */
    void acquire(Step s, ModelSession ms, Session es) throws SimViolation {
        FakeConnector connector = engine.harness.connector;
        connector.refuseNext = s.has(Step.REFUSE) ? 1 : 0;
        connector.readyAtOnce = !s.has(Step.NOT_READY);
        connector.deferMux = s.has(Step.DEFER_MUX);
        int known = engine.conns.size();
        Lease el = null;
        long handle = Lease.NONE;
        AcquireFailure ef = null;
        LoopLockHolder holder = s.lockedLoop() >= 0 ? LoopLockHolder.get() : null;
        if (holder != null) {
            holder.hold(TestAccess.loopLock(engine.targets[config.keyTarget[s.key]], s.lockedLoop()));
        }
        try {
            handle = engine.harness.engine.acquire(es, engine.keys[s.key], s.traits, engine.now());
            el = engine.harness.engine.lease(handle);
            if (el.isPending()) {
                engine.pending.put(s.id, handle); // E3: waits at the cap
                el = null;
            }
        } catch (AcquireException e) {
            ef = e.failure();
        } finally {
            if (holder != null) {
                holder.release();
            }
            connector.refuseNext = 0;
            connector.readyAtOnce = true;
            connector.deferMux = false;
        }
        engine.sync();
        if (el != null) { // before the model attaches (which may latch the last allowed stream, R49)
            int index = engine.indexOf(el.connection());
            SimChecks.check(!el.reused() || !model.conns.get(index).latched(), SimChecks.LATCHED_HANDED_OUT,
                    el.connection());
        }
        ReuseModel.Request r = new ReuseModel.Request(s.id, ms, s.key, s.traits);
        r.refuse = s.has(Step.REFUSE);
        r.ready = !s.has(Step.NOT_READY);
        r.deferMux = s.has(Step.DEFER_MUX);
        r.lockedLoop = s.lockedLoop();
        r.at = model.now;
        ReuseModel.Acquired ma = model.acquire(r);
        SimChecks.eq("E3: acquire waits", engine.pending.containsKey(s.id), ma == ReuseModel.Acquired.PENDING, r);
        if (ma == ReuseModel.Acquired.PENDING) {
            if (coverage != null) {
                coverage.waited++;
            }
            return;
        }
        SimChecks.eq("acquire failure", ef, ma.failure, ma.lease);
        if (ma.lease == null) {
            if (coverage != null) {
                coverage.acquireFailed(ma.failure);
            }
            return;
        }
        if (coverage != null) {
            coverage.lockedAcquires += s.lockedLoop() >= 0 ? 1 : 0;
        }
        activate(s.id, el, handle, ma.lease, known);
    }

    /**
     * Compares an engine lease that became active with the model's, and records both. {@code known}
     * connections existed before its acquire (−1 for a waiter served by a retry: not checked).
     */
    private void activate(int id, Lease el, long handle, ModelLease ml, int known) throws SimViolation {
        Connection c = el.connection();
        int index = engine.indexOf(c);
        if (known >= 0) {
            SimChecks.check(el.reused() == (index >= 0 && index < known), SimChecks.REUSED_EXISTED, c);
        }
        SimChecks.check(!c.isPrivate() || c.owner() == el.session(), SimChecks.PRIVATE_GIVEN_AWAY, c);
        if (index != ml.conn.index) {
            SimChecks.eq(SimChecks.ACQUIRE_CONNECTION, index, ml.conn.index, "model " + ml + " engine " + el.connection());
        }
        SimChecks.eq("acquire reused", el.reused(), ml.reused, ml);
        SimChecks.eq("acquire anticipated", el.anticipated(), ml.anticipated, ml);
        SimChecks.eq("acquire connectReason", el.connectReason(), ml.reason, ml);
        long ttl = ml.conn.target.maxLifetimeNanos;
        SimChecks.check(ttl == 0 || engine.now() - el.connection().createdAtNanos() < ttl,
                SimChecks.PAST_LIFETIME, ml);
        checks.takeovers();
        leases.put(id, ml);
        engine.leases.put(id, handle);
        if (!ml.reused) {
            connsByCreator.put(id, ml.conn);
        }
        if (coverage != null) {
            coverage.acquired(ml);
        }
    }

    /** R68: with nothing open, each target can be removed, and a removed target refuses acquires. */
    private void removeTargets() throws SimViolation {
        Session any = engine.harness.engine.openSession(0);
        for (int t = 0; t < engine.targets.length; t++) {
            var target = engine.targets[t];
            SimChecks.check(engine.harness.engine.removeTarget(target) && target.isRemoved()
                    && !engine.harness.engine.targets().contains(target), "R68: a target with nothing open is removed", target);
            boolean refused = false;
            for (int k = 0; k < config.keys(); k++) {
                if (config.keyTarget[k] != t) {
                    continue;
                }
                try {
                    engine.harness.engine.acquire(any, engine.keys[k], RequestTraits.NONE, engine.now());
                } catch (IllegalStateException | dev.tether.core.AcquireException e) {
                    refused = e instanceof IllegalStateException && e.getMessage().contains("was removed");
                }
                SimChecks.check(refused, "R68: a removed target refuses acquires", target);
            }
        }
    }

    /**
     * E3: the loops run what the engine scheduled (waiter retries, failures), the model runs its
     * retries; the waiters served and failed must be the same, each served one as the model's.
     */
    private void settleWaiters() throws SimViolation {
        engine.runTasks();
        model.runRetries();
        engine.sync();
        Map<Long, Integer> byHandle = new HashMap<>();
        engine.pending.forEach((id, handle) -> byHandle.put(handle, id));
        Map<Integer, AcquireFailure> failed = new TreeMap<>();
        engine.failed.forEach((handle, f) -> failed.put(byHandle.get(handle), f));
        SimChecks.eq("E3: waiters failed (TIMEOUT, TARGET_DRAINING, SESSION_CLOSED, ENGINE_CLOSED)", failed, model.failed, "waiters");
        List<Integer> ready = new ArrayList<>();
        for (long handle : engine.ready) {
            ready.add(byHandle.get(handle));
        }
        List<Integer> served = new ArrayList<>();
        for (ModelLease ml : model.served) {
            served.add(ml.id);
        }
        SimChecks.eq("E3: waiters served, oldest first", ready, served, "waiters");
        if (coverage != null) {
            coverage.waitersFailed += failed.size();
            coverage.waitersServed += served.size();
        }
        for (int id : failed.keySet()) {
            engine.pending.remove(id);
        }
        for (ModelLease ml : model.served) {
            long handle = engine.pending.remove(ml.id);
            activate(ml.id, engine.harness.engine.lease(handle), handle, ml, -1);
        }
        engine.ready.clear();
        engine.failed.clear();
        model.served.clear();
        model.failed.clear();
    }

    /** The engine side of a release step, compared with the model's. */
    void release(Step s, ModelLease ml) throws SimViolation {
        leases.remove(s.ref);
        long handle = engine.leases.remove(s.ref);
        FakeMux mux = engine.mux(ml.conn.index);
        FakeMux.FakeStream stream = engine.harness.engine.lease(handle).stream(FakeMux.FakeStream.class);
        boolean attached = stream != null; // no stream while the mux is not installed (R27)
        if (attached && s.has(Step.CONN_CLOSE)) {
            mux.closeAfterExchange();
            ml.conn.unusable = dev.tether.core.CloseReason.ERROR;
        }
        if (attached) {
            stream.responseStarted = s.has(Step.RESPONSE_STARTED);
            stream.notProcessed = s.has(Step.NOT_PROCESSED);
            stream.complete = !s.has(Step.INCOMPLETE);
        }
        Outcome outcome = s.has(Step.FAILED) ? Outcome.FAILED : Outcome.COMPLETED;
        ReleaseResult er = engine.harness.engine.release(handle, outcome, engine.now());
        int flags = !attached ? 0 : (s.has(Step.RESPONSE_STARTED) ? Mux.RESPONSE_STARTED : 0)
                | (s.has(Step.NOT_PROCESSED) ? Mux.NOT_PROCESSED : 0);
        ReleaseResult mr = model.releases.release(ml, outcome, flags, attached && s.has(Step.INCOMPLETE));
        SimChecks.eq("release result", er.toString(), mr.toString(), ml);
        if (coverage != null) {
            coverage.released(mr);
        }
    }

    List<Integer> activeLeaseIds() {
        return new ArrayList<>(leases.keySet());
    }
}
