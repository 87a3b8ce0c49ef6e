package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** docs/behaviour.md T21: which response heads make a connection private (R29, R30; HAProxy #511, #581). */
class AuthChallengeTest {

    static Stream<Arguments> heads() {
        List<String> none = List.of();
        return Stream.of(
                arguments(401, List.of("NTLM"), none, true),
                arguments(401, List.of("ntlm abc"), none, true),
                arguments(401, List.of("Negotiate xyz"), none, true),
                arguments(401, List.of("Nego2 x"), none, true),
                arguments(401, List.of("Basic realm=\"a,b\", NTLM"), none, true),
                arguments(401, List.of("Basic realm=x", "NTLM"), none, true),
                arguments(407, none, List.of("NTLM"), true),
                arguments(401, List.of("Basic realm=x"), none, false),
                arguments(401, List.of("Bearer"), none, false),
                arguments(401, List.of("Basic realm=\"NTLM, x\""), none, false),
                arguments(401, none, List.of("NTLM"), false),
                arguments(407, List.of("NTLM"), none, false),
                arguments(200, List.of("NTLM"), none, false));
    }

    @ParameterizedTest(name = "{0} www={1} proxy={2} -> private {3}")
    @MethodSource("heads")
    void connectionBecomesPrivateOnlyOnConnectionBoundChallenges(int status, List<String> www, List<String> proxy,
                                                                 boolean becomesPrivate) throws Exception {
        // T21: R29, R30
        assertThat(AuthChallenge.isConnectionBound(status, www, proxy)).isEqualTo(becomesPrivate);
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE);
        Session a = h.session();
        Lease l = h.acquire(a, t, NONE);
        Connection x = l.connection();
        assertThat(l.connection().onResponseHead(l.handle(), status, www, proxy)).isEqualTo(becomesPrivate);
        h.assertInvariants();
        assertThat(x.isPrivate()).isEqualTo(becomesPrivate);
        assertThat(a.preferLastTarget()).isEqualTo(becomesPrivate);
        assertThat(x.state()).isEqualTo(becomesPrivate ? ConnectionState.PRIVATE_BUSY : ConnectionState.EXCLUSIVE);
        h.release(l);
        assertThat(x.state()).isEqualTo(becomesPrivate ? ConnectionState.PRIVATE_IDLE : ConnectionState.IDLE);
    }
}
