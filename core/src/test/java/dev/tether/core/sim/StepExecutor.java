package dev.tether.core.sim;

import dev.tether.core.ConnectionState;
import dev.tether.core.Lease;
import dev.tether.core.Session;
import dev.tether.core.Target;
import dev.tether.testkit.FakeConnector;
import dev.tether.testkit.FakeMux;

import java.util.List;

/**
 * Executes one {@link Step} of a {@link SimRun} on the engine and on the model, and compares their
 * direct results; a step whose subject is missing or in the wrong state is skipped on both sides.
 *
 * <p>Invariants: a skipped step touches neither side.
 *
 * <p>Thread safety: stateless.
 */
final class StepExecutor {
    private StepExecutor() {
    }

    static boolean execute(SimRun run, Step s) throws SimViolation {
        switch (s.kind) {
            case ACQUIRE:
                return acquire(run, s);
            case RELEASE: {
                ModelLease ml = run.leases.get(s.ref);
                if (ml == null) {
                    return false;
                }
                run.release(s, ml);
                return true;
            }
            case CHALLENGE:
                return challenge(run, s);
            case ADVANCE: {
                run.engine.harness.clock.advanceNanos(s.nanos);
                long now = run.engine.now();
                run.model.now = now;
                long e = run.engine.harness.engine.maintain(now);
                long m = run.model.events.maintain(now, s.id, run.leases.values());
                SimChecks.eq("R54, E1, E2, E3, E5: maintain result (the next deadline)", e, m, "at " + now);
                run.lastMaintain = m;
                run.checks.leaks(run.model.events.leaked);
                run.checks.afterMaintain();
                run.leaksReported(run.model.events.leaked.size());
                run.registerPreconnects(s.id);
                return true;
            }
            case PRECONNECT:
                return preconnect(run, s);
            case CLOCK:
                run.engine.harness.clock.advanceNanos(s.nanos);
                return true;
            case CLOSE_SESSION: {
                ModelSession ms = run.model.sessions.get(s.session);
                if (ms == null || ms.closed) {
                    return false;
                }
                run.engine.harness.engine.closeSession(run.engine.sessions.get(s.session));
                run.model.events.closeSession(ms);
                return true;
            }
            case PREFERRED_TARGET:
                return preferredTarget(run, s);
            case BUDGET:
                run.engine.inUse = s.value;
                run.model.inUse = s.value;
                return true;
            case CLOSE_ENGINE:
                run.engine.harness.engine.close();
                run.model.events.closeEngine();
                return true;
            case DRAIN:
            case UNDRAIN: {
                Target t = run.engine.targets[s.ref];
                if (s.kind == Step.Kind.DRAIN) {
                    run.engine.harness.engine.drain(t);
                    run.model.events.drain(run.model.targets[s.ref]);
                } else {
                    run.engine.harness.engine.undrain(t);
                    run.model.events.undrain(run.model.targets[s.ref]);
                }
                return true;
            }
            default:
                return connectionEvent(run, s);
        }
    }

    private static boolean acquire(SimRun run, Step s) throws SimViolation {
        ModelSession ms = run.model.sessions.get(s.session);
        if (ms != null && ms.closed) {
            return false;
        }
        if (ms == null) {
            ms = new ModelSession(s.session, run.config.loopOf(s.session));
            run.model.sessions.put(s.session, ms);
        }
        Session es = run.engine.session(s.session);
        run.acquire(s, ms, es);
        return true;
    }

    /** E6: each key of a target keeps its own wish; 0 withdraws it. */
    private static boolean preconnect(SimRun run, Step s) {
        ModelTarget t = run.model.targetOf(s.key);
        run.engine.harness.engine.preconnect(run.engine.keys[s.key], s.value);
        if (s.value == 0) {
            t.preconnect.remove(s.key);
        } else {
            t.preconnect.put(s.key, s.value);
        }
        return true;
    }

    private static boolean challenge(SimRun run, Step s) throws SimViolation {
        ModelLease ml = run.leases.get(s.ref);
        if (ml == null || !ml.conn.muxInstalled) {
            return false; // no response head without a mux
        }
        long handle = run.engine.leases.get(s.ref);
        Lease el = run.engine.harness.engine.lease(handle);
        Object[] head = Step.HEADS[s.value];
        @SuppressWarnings("unchecked")
        boolean e = el.connection().onResponseHead(handle, (Integer) head[0], (List<String>) head[1],
                (List<String>) head[2]);
        boolean m = run.model.events.responseHead(ml, (Boolean) head[3]);
        SimChecks.eq("onResponseHead result", e, m, ml);
        return true;
    }

    private static boolean preferredTarget(SimRun run, Step s) throws SimViolation {
        ModelSession ms = run.model.sessions.get(s.session);
        if (ms == null || ms.closed) {
            return false;
        }
        List<Target> engineCandidates = new java.util.ArrayList<>();
        List<ModelTarget> modelCandidates = new java.util.ArrayList<>();
        for (int t : Step.CANDIDATES[s.value]) {
            engineCandidates.add(run.engine.targets[t]);
            modelCandidates.add(run.model.targets[t]);
        }
        Target e = run.engine.harness.engine.preferredTarget(run.engine.sessions.get(s.session), engineCandidates);
        ModelTarget m = run.model.events.preferredTarget(ms, modelCandidates);
        SimChecks.eq("preferredTarget", e == null ? null : e.name(), m == null ? null : m.name(), "s" + ms.id);
        return true;
    }

    /** Whether a connection event applies to {@code c} at all (else the step is skipped). */
    static boolean applies(Step.Kind kind, ModelConn c) {
        if (c == null || !c.isOpen()) {
            return false;
        }
        if (kind == Step.Kind.INSTALL_MUX || !c.muxInstalled) {
            return kind == Step.Kind.INSTALL_MUX && !c.muxInstalled; // R27: events need a mux
        }
        switch (kind) {
            case UNSOLICITED_BYTES:
                return !c.h2 && c.streams == 0 && (c.isParked() || c.state == ConnectionState.PRIVATE_IDLE);
            case SETTINGS:
                return c.h2 && c.ready;
            case STREAM_IDS:
                return c.h2 && c.streamsLeft > 3;
            case READY:
                return !c.ready;
            case MIGRATION_FAILS:
                return !c.pinned && !c.failMigration;
            default:
                return true;
        }
    }

    private static boolean connectionEvent(SimRun run, Step s) {
        ModelConn c = run.connsByCreator.get(s.ref);
        if (!applies(s.kind, c)) {
            return false;
        }
        ModelEvents model = run.model.events;
        if (s.kind == Step.Kind.INSTALL_MUX) {
            FakeConnector connector = run.engine.harness.connector;
            connector.readyAtOnce = s.value != 0;
            try {
                connector.installMux(run.engine.opened(c.index));
            } finally {
                connector.readyAtOnce = true;
            }
            model.installMux(c, s.value != 0);
            return true;
        }
        FakeMux mux = run.engine.mux(c.index);
        switch (s.kind) {
            case GOAWAY:
                mux.goAway();
                model.goAway(c);
                break;
            case PEER_CLOSE:
                mux.peerClose();
                model.peerClose(c);
                break;
            case TRANSPORT_ERROR:
                mux.fail();
                model.transportError(c);
                break;
            case UNSOLICITED_BYTES:
                mux.unsolicitedBytes();
                model.unsolicitedBytes(c);
                break;
            case SETTINGS:
                mux.peerSettings(s.value, c.target.h2Cap);
                model.settings(c, s.value);
                break;
            case SILENT_AVAILABLE:
                mux.availableOverride = s.value;
                model.silentOverride(c, s.value);
                break;
            case STREAM_IDS:
                mux.streamsLeft = Math.min(mux.streamsLeft, s.value);
                model.streamIdsLeft(c, s.value);
                break;
            case MIGRATION_FAILS:
                mux.failMigration = true;
                c.failMigration = true;
                break;
            default:
                mux.becomeReady();
                model.becomeReady(c);
                break;
        }
        return true;
    }
}
