package dev.tether.examples.proxy;

import dev.tether.core.FailureClass;
import dev.tether.examples.proxy.FailureDecision.Next;
import org.junit.jupiter.api.Test;

import static dev.tether.core.FailureClass.FRESH_FAILURE;
import static dev.tether.core.FailureClass.NOT_PROCESSED;
import static dev.tether.core.FailureClass.REPLAY_SAFE;
import static dev.tether.core.FailureClass.RESPONSE_STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** What a failed request does next: docs/behaviour.md R71, R72, D5 and D10, one case per branch. */
class FailureDecisionTest {
    private static Next once(FailureClass fc, boolean beforeConnected, boolean headSent, boolean get, boolean body,
                             boolean other) {
        return new FailureDecision().decide(fc, beforeConnected, headSent, get, body, other);
    }

    @Test
    void aStartedResponseIsCutWhateverTheClass() {
        for (FailureClass fc : FailureClass.values()) {
            assertThat(once(fc, false, true, true, true, true)).isEqualTo(Next.CUT);
        }
    }

    @Test
    void d10AFailureBeforeConnectedGoesToAnotherTargetWhateverTheMethodAtMostThreeTries() {
        FailureDecision d = new FailureDecision();
        assertThat(d.decide(FRESH_FAILURE, true, false, false, true, true)).isEqualTo(Next.FAILOVER);
        assertThat(d.decide(REPLAY_SAFE, true, false, false, true, true)).as("anticipated on a connecting h2")
                .isEqualTo(Next.FAILOVER);
        assertThat(d.decide(FRESH_FAILURE, true, false, false, true, true)).as("tries spent")
                .isEqualTo(Next.BAD_GATEWAY);
        assertThat(once(FRESH_FAILURE, true, false, true, true, false)).as("no other target")
                .isEqualTo(Next.BAD_GATEWAY);
        assertThat(once(FRESH_FAILURE, true, false, true, false, true)).as("body no longer in hand")
                .isEqualTo(Next.BAD_GATEWAY);
    }

    @Test
    void r72AFreshFailureAfterConnectingIsA502() {
        assertThat(once(FRESH_FAILURE, false, false, true, true, true)).isEqualTo(Next.BAD_GATEWAY);
        assertThat(once(RESPONSE_STARTED, false, false, true, true, true)).isEqualTo(Next.BAD_GATEWAY);
    }

    @Test
    void d5NotProcessedIsReplayedWhateverTheMethodThenRefusedOnceTheBoundIsSpent() {
        FailureDecision d = new FailureDecision();
        assertThat(d.decide(NOT_PROCESSED, false, false, false, true, true)).isEqualTo(Next.REPLAY);
        for (int i = 1; i < FailureDecision.MAX_NOT_PROCESSED; i++) {
            assertThat(d.decide(NOT_PROCESSED, false, false, false, true, true)).isEqualTo(Next.REPLAY_FRESH);
        }
        assertThat(d.decide(NOT_PROCESSED, false, false, false, true, true)).isEqualTo(Next.REFUSE);
    }

    @Test
    void r72NotProcessedWithABodyNoLongerInHandIsRefused() {
        assertThat(once(NOT_PROCESSED, false, false, true, false, true)).isEqualTo(Next.REFUSE);
    }

    @Test
    void d5ReplaySafeGetOrHeadIsReplayedOnceOnANewConnectionOtherMethodsAreRefused() {
        FailureDecision d = new FailureDecision();
        assertThat(d.decide(REPLAY_SAFE, false, false, true, true, true)).isEqualTo(Next.REPLAY_FRESH);
        assertThat(d.decide(REPLAY_SAFE, false, false, true, true, true)).as("only once").isEqualTo(Next.REFUSE);
        assertThat(once(REPLAY_SAFE, false, false, false, true, true)).as("a POST").isEqualTo(Next.REFUSE);
        assertThat(once(REPLAY_SAFE, false, false, true, false, true)).as("a GET whose body is gone")
                .isEqualTo(Next.REFUSE);
    }
}
