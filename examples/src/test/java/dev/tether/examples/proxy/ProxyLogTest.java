package dev.tether.examples.proxy;

import dev.tether.core.ReusePolicy;
import dev.tether.examples.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy logs: state changes at INFO, each backend failure at DEBUG, rate-limited warnings. */
class ProxyLogTest {
    private LogCapture log;

    @BeforeEach
    void capture() {
        log = new LogCapture(ProxyLog.NAME);
    }

    @AfterEach
    void release() {
        log.close();
    }

    @Test
    void backendFailuresAreDebugLinesAndAtMostOneWarningPerTargetPerInterval() {
        long t0 = 1_000;
        for (int i = 0; i < 5; i++) {
            ProxyLog.backendFailure("log-test-a", "connect-failed", t0 + i * 1_000_000_000L);
        }
        ProxyLog.backendFailure("log-test-b", "response-timeout", t0);
        assertThat(log.lines("FINE ")).hasSize(6)
                .allMatch(l -> l.startsWith("FINE backend log-test-"));
        assertThat(log.lines("WARNING ")).containsExactly(
                "WARNING backend log-test-a failed: connect-failed (0 more failures since the last line)",
                "WARNING backend log-test-b failed: response-timeout (0 more failures since the last line)");
        ProxyLog.backendFailure("log-test-a", "backend-closed", t0 + ProxyLog.FAILURE_INTERVAL_NANOS);
        assertThat(log.lines("WARNING ")).hasSize(3).last().asString()
                .isEqualTo("WARNING backend log-test-a failed: backend-closed (4 more failures since the last line)");
        assertThat(log.lines("INFO ")).isEmpty();
    }

    @Test
    void stateChangesAreInfoLinesAndATargetGoingDownIsAWarning() {
        ProxyConfig cfg = ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Backend(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", 9000))), ReusePolicy.SAFE);
        ProxyLog.listening(cfg, 8080);
        ProxyLog.targetDown("h1-127.0.0.1:9000", 3, "connect-failed", 1000);
        ProxyLog.targetUp("h1-127.0.0.1:9000", 1500, "probe connect");
        ProxyLog.stopping(2);
        assertThat(log.lines()).containsExactly(
                "INFO listening on 127.0.0.1:8080",
                "INFO configuration: policy safe, backends h1://127.0.0.1:9000, loops " + cfg.loops()
                        + ", max-idle-per-target -1, max-reuse -1, purge-delay-ms 5000, max-idle-per-session 5, low-idle 0,"
                        + " timeouts (ms) connect 2000 response 30000 idle 60000",
                "WARNING target h1-127.0.0.1:9000 DOWN after 3 consecutive failures (last: connect-failed); probe in 1000 ms",
                "INFO target h1-127.0.0.1:9000 UP after 1500 ms down (probe connect succeeded)",
                "INFO stopping: 2 request(s) in flight finish first");
    }

    @Test
    void theRateLimiterLetsOneEventPerIntervalThroughAndCountsTheRest() {
        RateLimiter limiter = new RateLimiter(100);
        assertThat(limiter.tryAcquire("k", 0)).isEqualTo(1);
        assertThat(limiter.tryAcquire("k", 50)).isZero();
        assertThat(limiter.tryAcquire("other", 50)).isEqualTo(1);
        assertThat(limiter.tryAcquire("k", 99)).isZero();
        assertThat(limiter.tryAcquire("k", 100)).isEqualTo(3);
        assertThat(limiter.tryAcquire("k", 150)).isZero();
        assertThat(limiter.tryAcquire("k", Long.MAX_VALUE)).isEqualTo(2); // no overflow trouble near the wrap
    }
}
