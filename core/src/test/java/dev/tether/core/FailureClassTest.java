package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import static dev.tether.core.RequestTraits.FRESH_ONLY;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T41: failure classes for replays (R71–R73; HAProxy #1423, #3414). */
class FailureClassTest {
    private final EngineHarness h = new EngineHarness();

    private Lease reusedLease(Target t) throws AcquireException {
        Lease a = h.acquire(h.session(), t, NONE);
        h.release(a);
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(b.reused()).isTrue();
        return b;
    }

    @Test
    void aReusedLeaseWithNoResponseByteIsReplaySafe() throws Exception {
        // T41: R71.3
        Target t = h.target("T", ReusePolicy.SAFE);
        assertThat(h.release(reusedLease(t), Outcome.FAILED).failureClass()).isEqualTo(FailureClass.REPLAY_SAFE);
    }

    @Test
    void anAnticipatedLeaseWithNoResponseByteIsReplaySafe() throws Exception {
        // T41: R20, R71.3
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        h.connector.readyAtOnce = false;
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease a = h.acquire(h.session(), t, NONE);
        Lease b = h.acquire(h.session(), t, NONE);
        assertThat(b.anticipated()).isTrue();
        assertThat(h.release(b, Outcome.FAILED).failureClass()).isEqualTo(FailureClass.REPLAY_SAFE);
        assertThat(h.release(a, Outcome.FAILED).failureClass()).isEqualTo(FailureClass.FRESH_FAILURE);
    }

    @Test
    void aNewConnectionWithNoResponseByteIsAFreshFailure() throws Exception {
        // T41: R71.4
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = h.acquire(h.session(), t, NONE);
        assertThat(h.release(l, Outcome.FAILED).failureClass()).isEqualTo(FailureClass.FRESH_FAILURE);
    }

    @Test
    void aRefusedStreamIsNotProcessedEvenWhenReusedAndAStartedResponseIsNeverReplayable() throws Exception {
        // T41: R71.1, R71.2
        h.connector.muxFactory = c -> FakeMux.h2(c, 100);
        Target t = h.target("T", ReusePolicy.ALWAYS);
        Lease l = reusedLease(t);
        l.stream(FakeMux.FakeStream.class).notProcessed = true;
        l.stream(FakeMux.FakeStream.class).responseStarted = true;
        assertThat(h.release(l, Outcome.FAILED).failureClass()).isEqualTo(FailureClass.NOT_PROCESSED);
        Lease m = reusedLease(t);
        m.stream(FakeMux.FakeStream.class).responseStarted = true;
        assertThat(h.release(m, Outcome.FAILED).failureClass()).isEqualTo(FailureClass.RESPONSE_STARTED);
        assertThat(h.stats(t).failures(FailureClass.NOT_PROCESSED)).isEqualTo(1);
    }

    @Test
    void aReplayCountsConnectOrReuseOnce() throws Exception {
        // T41: R73 — the replay is a new acquire, with freshOnly as the example proxy does (D5).
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = reusedLease(t);
        TargetStats before = h.stats(t);
        h.release(l, Outcome.FAILED);
        Lease replay = h.acquire(h.session(), t, FRESH_ONLY);
        assertThat(replay.connectReason()).isEqualTo(ConnectReason.STALE_RETRY);
        TargetStats after = h.stats(t);
        assertThat(after.connect() + after.reuse()).isEqualTo(before.connect() + before.reuse() + 1);
        h.release(replay);
    }

    @Test
    void theEngineNeverReplaysAFailedExchangeItself() throws Exception {
        // R72: classification only; the host decides whether to replay.
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease l = reusedLease(t);
        TargetStats before = h.stats(t);
        int opened = h.opened();
        assertThat(h.release(l, Outcome.FAILED).failureClass()).isEqualTo(FailureClass.REPLAY_SAFE);
        assertThat(h.opened()).isEqualTo(opened);
        assertThat(h.stats(t).connect()).isEqualTo(before.connect());
        assertThat(h.stats(t).reuse()).isEqualTo(before.reuse());
    }
}
