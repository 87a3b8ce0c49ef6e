package dev.tether.examples.origin;

import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The origin's browser page for {@code /ws/echo}: {@code GET /ws/page} serves it; the page opens a
 * WebSocket to the host that served it, sends a text, shows the echo and posts it back to
 * {@code POST /ws/posted}, which the origin keeps ({@link OriginServer#posted()}), so that a test sees
 * what a real browser exchanged.
 *
 * <p>Invariants: the page is read once from the class path and never changes.
 *
 * <p>Thread safety: immutable after class initialisation.
 */
@ThreadSafe
final class WebSocketPage {
    static final String PATH = "/ws/page";
    static final String POSTED = "/ws/posted";
    /** The most bytes of a posted body kept. */
    static final int MAX_POSTED = 4096;
    static final byte[] HTML = load();

    private WebSocketPage() {
    }

    private static byte[] load() {
        try (InputStream in = WebSocketPage.class.getResourceAsStream("ws-page.html")) {
            if (in == null) {
                throw new IllegalStateException("ws-page.html missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
