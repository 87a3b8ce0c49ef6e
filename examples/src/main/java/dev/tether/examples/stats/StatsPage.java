package dev.tether.examples.stats;

import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page of {@code GET /tether/stats.html}: it polls {@code /tether/stats} every second and shows,
 * refreshed in place, the engine-wide counters, one table per target, the reasons new connections
 * were opened, and a small live chart of the reuse ratio. Self-contained (no external script).
 *
 * <p>Invariants: the page is read once from the class path and never changes.
 *
 * <p>Thread safety: immutable after class initialisation.
 */
@ThreadSafe
public final class StatsPage {
    private static final String HTML = load();

    private StatsPage() {
    }

    /** The page's HTML. */
    public static String html() {
        return HTML;
    }

    private static String load() {
        try (InputStream in = StatsPage.class.getResourceAsStream("stats.html")) {
            if (in == null) {
                throw new IllegalStateException("stats.html missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
