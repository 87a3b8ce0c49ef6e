package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;

import static dev.tether.core.RequestTraits.FIRST;
import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** docs/behaviour.md T18: equal hashes never make keys compatible (R8, D1). */
class HashCollisionTest {
    private static final long SAME_HASH = 42L;

    private static ReuseKey forced(Target t, int port) {
        return ReuseKey.builder(t).destination(new InetSocketAddress("127.0.0.1", port)).buildWithHash(SAME_HASH);
    }

    @ParameterizedTest
    @EnumSource(ReusePolicy.class)
    void aConnectionIsNeverGivenToAKeyWithTheSameHashButOtherInputs(ReusePolicy policy) throws Exception {
        // T18: R8, D1 — parked (IDLE, SAFE), AVAILABLE, and on the session's list.
        for (boolean multiplexed : new boolean[] {false, true}) {
            EngineHarness h = new EngineHarness();
            if (multiplexed) {
                h.connector.muxFactory = c -> FakeMux.h2(c, 100);
            }
            Target t = h.target("T", policy);
            ReuseKey k1 = forced(t, 1);
            ReuseKey k2 = forced(t, 2);
            assertThat(k1.hash64()).isEqualTo(k2.hash64());
            assertThat(k1).isNotEqualTo(k2);
            Session a = h.session();
            Lease busy = h.acquire(a, k1, NONE);           // on A's list (NEVER, SAFE+h2) or AVAILABLE
            Lease parked = h.acquire(h.session(), k1, NONE);
            Connection p = parked.connection();
            h.release(parked);                                 // IDLE or SAFE, or private idle
            for (RequestTraits traits : new RequestTraits[] {FIRST, NONE}) {
                Lease other = h.acquire(a, k2, traits);
                assertThat(other.connection()).isNotSameAs(busy.connection()).isNotSameAs(p);
                assertThat(other.connection().key()).isEqualTo(k2);
                h.release(other);
            }
            h.release(busy);
        }
    }

    @Test
    void equalKeysWithForcedEqualHashesStillShare() throws Exception {
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE);
        Lease a = h.acquire(h.session(), forced(t, 1), NONE);
        Connection x = a.connection();
        h.release(a);
        assertThat(h.acquire(h.session(), forced(t, 1), NONE).connection()).isSameAs(x);
    }
}
