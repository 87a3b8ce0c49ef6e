package dev.tether.core.sim;

import dev.tether.core.AcquireException;
import dev.tether.core.AcquireFailure;
import dev.tether.core.Connection;
import dev.tether.core.Lease;
import dev.tether.core.Mux;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.Session;
import dev.tether.core.internal.TestAccess;
import dev.tether.testkit.FakeConnector;
import dev.tether.testkit.FakeMux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            if (t.preconnectKey >= 0) {
                execute(Step.preconnect(id++, t.preconnectKey, 0));
            }
        }
        for (Integer lease : new ArrayList<>(leases.keySet())) {
            execute(Step.release(id++, lease, 0));
        }
        for (ModelSession s : new ArrayList<>(model.sessions.values())) {
            if (!s.closed) {
                execute(Step.closeSession(id++, s.id));
            }
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
        int index = -1;
        if (el != null) {
            Connection c = el.connection();
            index = engine.indexOf(c);
            SimChecks.check(el.reused() == (index >= 0 && index < known),
                    SimChecks.REUSED_EXISTED, c);
            SimChecks.check(!el.reused() || !model.conns.get(index).latched(), SimChecks.LATCHED_HANDED_OUT, c);
            SimChecks.check(!c.isPrivate() || c.owner() == es, SimChecks.PRIVATE_GIVEN_AWAY, c);
        }
        ReuseModel.Request r = new ReuseModel.Request(s.id, ms, s.key, s.traits);
        r.refuse = s.has(Step.REFUSE);
        r.ready = !s.has(Step.NOT_READY);
        r.deferMux = s.has(Step.DEFER_MUX);
        r.lockedLoop = s.lockedLoop();
        ReuseModel.Acquired ma = model.acquire(r);
        SimChecks.eq("acquire failure", ef, ma.failure, ma.lease);
        if (ma.lease == null) {
            if (coverage != null) {
                coverage.acquireFailed(ma.failure);
            }
            return;
        }
        ModelLease ml = ma.lease;
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
        leases.put(s.id, ml);
        engine.leases.put(s.id, handle);
        if (!ml.reused) {
            connsByCreator.put(s.id, ml.conn);
        }
        if (coverage != null) {
            coverage.acquired(ml);
            coverage.lockedAcquires += s.lockedLoop() >= 0 ? 1 : 0;
        }
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
