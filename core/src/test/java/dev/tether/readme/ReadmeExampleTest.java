package dev.tether.readme;

import dev.tether.core.CloseReason;
import dev.tether.core.Connector;
import dev.tether.core.ConnectionState;
import dev.tether.core.Outcome;
import dev.tether.core.ReleaseResult;
import dev.tether.core.RequestTraits;
import dev.tether.core.ReuseEngine;
import dev.tether.core.ReuseKey;
import dev.tether.core.ReuseLimits;
import dev.tether.core.ReusePolicy;
import dev.tether.core.Session;
import dev.tether.core.Stream;
import dev.tether.core.Target;
import dev.tether.core.TargetConfig;
import dev.tether.testkit.FakeMux;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's embedding example, compiled and run here so that it cannot rot: the test fails if
 * the README's code block and the block below differ.
 */
class ReadmeExampleTest {
    private static final String START = "// readme-example:start";
    private static final String END = "// readme-example:end";
    private static final String README_START = "<!-- readme-example:start -->";
    private static final String README_END = "<!-- readme-example:end -->";

    @Test
    void theReadmeExampleRunsAndReusesTheConnection() throws Exception {
        Connector connector = connection -> {              // the host's: opens a socket, installs a mux
            FakeMux mux = FakeMux.h1(connection);
            mux.ready = true;                              // connected at once, for the example
            connection.installMux(mux);
            return () -> { };
        };
        List<Stream> streams = new ArrayList<>();
        List<ReleaseResult> log = new ArrayList<>();
        ReuseEngine engine = embed(connector, streams::add, log);
        assertThat(streams).hasSize(2).doesNotContainNull();
        assertThat(log).extracting(ReleaseResult::state).containsExactly(ConnectionState.IDLE, ConnectionState.SAFE);
        assertThat(engine.stats().reuse()).isEqualTo(1);
        assertThat(engine.stats().connect()).isEqualTo(1);
        assertThat(engine.stats().openSessions()).isZero();
        assertThat(engine.stats().closes(CloseReason.DRAINED)).as("the parked connection, closed by close()").isEqualTo(1);
    }

    private static ReuseEngine embed(Connector connector, Consumer<Stream> sendAndReceive, List<ReleaseResult> log)
            throws Exception {
        // readme-example:start
        ReuseEngine engine = ReuseEngine.builder(connector).build();  // your Connector opens the sockets
        Target api = engine.addTarget(TargetConfig.builder("api")
                .policy(ReusePolicy.SAFE)
                .limits(ReuseLimits.builder().purgeDelay(Duration.ofSeconds(5)).build())
                .build());
        ReuseKey key = ReuseKey.builder(api).destination(new InetSocketAddress("127.0.0.1", 8080)).build();

        Session client = engine.openSession(0);     // one per frontend client connection, on its loop
        for (int i = 0; i < 2; i++) {
            // A client connection's first request may only reuse what the policy deems safe for it.
            RequestTraits traits = i == 0 ? RequestTraits.FIRST : RequestTraits.NONE;
            // Which connection carries this request? One the policy lets it reuse, or a new one.
            long lease = engine.acquire(client, key, traits, System.nanoTime());
            sendAndReceive.accept(engine.lease(lease).stream()); // your code: send, read the response
            // Where does the connection go now? Parked for the next request, or closed.
            ReleaseResult where = engine.release(lease, Outcome.COMPLETED, System.nanoTime());
            log.add(where);                         // ReleaseResult{IDLE}, then ReleaseResult{SAFE}
        }
        long nextDeadline = engine.maintain(System.nanoTime()); // on your timer: purge idle connections
        engine.closeSession(client);
        engine.close();                             // on shutdown: idle connections close, acquires fail
        // readme-example:end
        assertThat(nextDeadline).isPositive();
        return engine;
    }

    @Test
    void theReadmeShowsExactlyThisExample() throws IOException {
        String readme = Files.readString(projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        String source = Files.readString(projectRoot().resolve(
                "core/src/test/java/dev/tether/readme/ReadmeExampleTest.java"), StandardCharsets.UTF_8);
        assertThat(block(readme, README_START, README_END)).isEqualTo(block(source, START, END));
    }

    /** The lines between the markers, without code fences, with common indentation removed. */
    private static List<String> block(String text, String start, String end) {
        List<String> lines = new ArrayList<>();
        boolean in = false;
        for (String line : text.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.equals(start)) {
                in = true;
            } else if (trimmed.equals(end)) {
                break;
            } else if (in && !trimmed.startsWith("```")) {
                lines.add(line.stripTrailing());
            }
        }
        int indent = lines.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        lines.replaceAll(l -> l.isBlank() ? "" : l.substring(indent));
        assertThat(lines).as("example block markers").isNotEmpty();
        return lines;
    }

    private static Path projectRoot() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("project root with README.md").isNotNull();
        return dir;
    }
}
