package dev.tether.core;

import dev.tether.testkit.EngineHarness;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.tether.core.RequestTraits.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The engine's JFR events, recorded for a short run and read back from the file: an acquire per
 * lease (reused or new, and why), a close per connection (reason, streams served), a purge per
 * pass (closed count, estimate). The run is the worked purge example of T32.
 */
class FlightEventsTest {
    private static final long DELAY = TimeUnit.SECONDS.toNanos(5);

    @Test
    void aRecordingReadsBackAcquiresClosesAndPurgePasses(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tether.jfr");
        List<Long> connections = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        long reused;
        try (Recording recording = new Recording()) {
            for (String event : new String[] {"dev.tether.Acquire", "dev.tether.ConnectionClosed", "dev.tether.Purge"}) {
                recording.enable(event).withoutThreshold();
            }
            recording.start();
            reused = run(connections, reasons);
            recording.stop();
            recording.dump(file);
        }
        Map<String, List<RecordedEvent>> byType = RecordingFile.readAllEvents(file).stream()
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));

        List<RecordedEvent> acquires = byType.get("dev.tether.Acquire");
        assertThat(acquires).hasSize(11);
        assertThat(acquires).allSatisfy(e -> assertThat(e.getString("target")).isEqualTo("T"));
        assertThat(acquires).filteredOn(e -> !e.getBoolean("reused"))
                .extracting(e -> e.getString("connectReason"), e -> e.getLong("connection"))
                .containsExactlyInAnyOrderElementsOf(zip(reasons, connections));
        assertThat(reasons).startsWith("NO_MATCH").contains("ALL_FULL"); // as the leases reported them (E4)
        assertThat(acquires).filteredOn(e -> e.getBoolean("reused"))
                .extracting(e -> e.getString("connectReason"), e -> e.getLong("connection"))
                .containsExactly(tuple("", reused));

        assertThat(byType.get("dev.tether.Purge"))
                .extracting(e -> e.getString("target"), e -> e.getLong("parked"), e -> e.getLong("closed"),
                        e -> e.getLong("estimate"))
                .containsExactly(tuple("T", 10L, 0L, 10L), tuple("T", 10L, 0L, 5L), tuple("T", 10L, 4L, 2L));

        List<RecordedEvent> closes = byType.get("dev.tether.ConnectionClosed");
        assertThat(closes).extracting(e -> e.getLong("connection")).containsExactlyInAnyOrderElementsOf(connections);
        assertThat(closes).extracting(e -> e.getString("reason")).containsOnly("PURGED", "DRAINED");
        assertThat(closes).filteredOn(e -> e.getString("reason").equals("PURGED")).hasSize(4);
        assertThat(closes).extracting(e -> e.getString("target")).containsOnly("T");
        assertThat(closes).filteredOn(e -> e.getLong("connection") == reused)
                .extracting(e -> e.getInt("streams")).containsExactly(2);
        assertThat(closes.stream().mapToInt(e -> e.getInt("streams")).sum()).isEqualTo(11);
    }

    /** (reason, connection) pairs, as the leases reported them. */
    private static List<Tuple> zip(List<String> reasons, List<Long> connections) {
        List<Tuple> out = new ArrayList<>();
        for (int i = 0; i < reasons.size(); i++) {
            out.add(tuple(reasons.get(i), connections.get(i)));
        }
        return out;
    }

    /**
     * Ten connections busy at once, parked; one reused; three purge passes (0, 0, then 4 closed);
     * close. Returns the id of the reused connection.
     */
    private static long run(List<Long> connections, List<String> reasons) throws Exception {
        EngineHarness h = new EngineHarness();
        Target t = h.target("T", ReusePolicy.SAFE, ReuseLimits.builder().purgeDelay(Duration.ofNanos(DELAY)).build());
        List<Lease> busy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            busy.add(h.acquire(h.session(), t, NONE));
        }
        for (Lease l : busy) {
            connections.add(l.connection().id());
            reasons.add(l.connectReason().name());
            h.release(l);
        }
        Lease again = h.acquire(h.session(), t, NONE);
        long reused = again.connection().id();
        assertThat(again.reused()).isTrue();
        h.release(again);
        h.maintain();
        for (int pass = 0; pass < 3; pass++) {
            h.clock.advanceNanos(DELAY);
            h.maintain();
        }
        assertThat(h.stats(t).parked()).isEqualTo(6);
        h.engine.close();
        return reused;
    }
}
