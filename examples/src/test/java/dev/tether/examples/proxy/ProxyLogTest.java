package dev.tether.examples.proxy;

import dev.tether.core.ReusePolicy;
import org.junit.jupiter.api.Test;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** What the proxy logs: state changes at INFO, each backend failure at DEBUG, rate-limited warnings. */
class ProxyLogTest {
    /** A {@code System.Logger} that keeps every line it is given at or above a level. */
    static final class RecordingLogger implements System.Logger {
        final List<String> lines = new ArrayList<>();
        private final Level threshold;

        RecordingLogger(Level threshold) {
            this.threshold = threshold;
        }

        @Override
        public String getName() {
            return ProxyLog.NAME;
        }

        @Override
        public boolean isLoggable(Level level) {
            return level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                lines.add(level + " " + msg);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            log(level, bundle, params == null ? format : MessageFormat.format(format, params), (Throwable) null);
        }

        List<String> at(Level level) {
            return lines.stream().filter(l -> l.startsWith(level + " ")).toList();
        }
    }

    @Test
    void backendFailuresAreDebugLinesAndAtMostOneWarningPerTargetPerInterval() {
        RecordingLogger logger = new RecordingLogger(Level.DEBUG);
        AtomicLong now = new AtomicLong(1_000);
        ProxyLog log = new ProxyLog(logger, now::get, Duration.ofSeconds(10));
        for (int i = 0; i < 5; i++) {
            log.backendFailure("a", "connect-failed");
            now.addAndGet(Duration.ofSeconds(1).toNanos());
        }
        log.backendFailure("b", "response-timeout");
        assertThat(logger.at(Level.DEBUG)).hasSize(6).allMatch(l -> l.contains("backend failure on target "));
        assertThat(logger.at(Level.WARNING)).containsExactly(
                "WARNING target a: 1 backend failure(s) since the last warning (at most one per 10 s), latest: connect-failed",
                "WARNING target b: 1 backend failure(s) since the last warning (at most one per 10 s), latest: response-timeout");
        now.addAndGet(Duration.ofSeconds(5).toNanos()); // 10 s after a's first warning
        log.backendFailure("a", "backend-closed");
        assertThat(logger.at(Level.WARNING)).hasSize(3).last().asString()
                .isEqualTo("WARNING target a: 5 backend failure(s) since the last warning (at most one per 10 s), latest: backend-closed");
        assertThat(logger.at(Level.INFO)).isEmpty();
    }

    @Test
    void stateChangesAreInfoLines() {
        RecordingLogger logger = new RecordingLogger(Level.INFO);
        ProxyLog log = new ProxyLog(logger, System::nanoTime, ProxyLog.DEFAULT_WARNING_INTERVAL);
        ProxyConfig cfg = ProxyConfig.defaults(new InetSocketAddress("127.0.0.1", 0),
                List.of(new Backend(Backend.Protocol.H1, new InetSocketAddress("127.0.0.1", 9000))), ReusePolicy.SAFE);
        log.listening(cfg, 8080);
        log.targetDown("h1-127.0.0.1:9000", "3 consecutive connect failures");
        log.targetUp("h1-127.0.0.1:9000");
        log.stopping(2);
        log.backendFailure("h1-127.0.0.1:9000", "connect-failed"); // DEBUG: not kept at INFO; WARNING: kept
        assertThat(logger.lines).containsExactly(
                "INFO listening on 127.0.0.1:8080",
                "INFO configuration: policy safe, backends h1://127.0.0.1:9000, loops " + cfg.loops()
                        + ", max-idle-per-target -1, max-reuse -1, purge-delay-ms 5000, max-idle-per-session 5, low-idle 0,"
                        + " timeouts (ms) connect 2000 response 30000 idle 60000",
                "INFO target h1-127.0.0.1:9000 down: 3 consecutive connect failures",
                "INFO target h1-127.0.0.1:9000 up",
                "INFO stopping: 2 request(s) in flight finish first",
                "WARNING target h1-127.0.0.1:9000: 1 backend failure(s) since the last warning (at most one per 10 s),"
                        + " latest: connect-failed");
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
