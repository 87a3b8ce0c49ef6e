package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A listener that records what a codec reported as text, one line per event, with body and tunnel
 * bytes coalesced, so that two parses of the same bytes at different splits compare equal.
 *
 * <p>Invariants: the transcript only grows; body bytes are flushed as one {@code BODY} line before
 * the next non-body event.
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
final class Transcript implements Http1Listener {
    private final StringBuilder lines = new StringBuilder();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final ByteArrayOutputStream tunnel = new ByteArrayOutputStream();
    int completed;
    int lastStatus;

    @Override
    public void onInformational(Http1Head head) {
        flushBody();
        lines.append("INFO ").append(head.status()).append(' ').append(head.toFields()).append('\n');
    }

    @Override
    public void onHead(Http1Head head) {
        flushBody();
        if (head.isRequest()) {
            lines.append("REQ ").append(head.method()).append(' ').append(head.target()).append(' ')
                    .append(head.version().text());
        } else {
            lastStatus = head.status();
            lines.append("RES ").append(head.version().text()).append(' ').append(head.status()).append(' ')
                    .append(head.reasonPhrase());
        }
        lines.append(' ').append(head.toFields()).append('\n');
    }

    @Override
    public void onBody(ByteBuffer data) {
        if (!data.isReadOnly()) {
            throw new AssertionError("body slice must be read-only");
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        body.write(b, 0, b.length);
    }

    @Override
    public void onTrailers(Http1FieldView trailers) {
        flushBody();
        lines.append("TRAILERS ").append(trailers.toFields()).append('\n');
    }

    @Override
    public void onMessageComplete() {
        flushBody();
        completed++;
        lines.append("END\n");
    }

    @Override
    public void onTunnelData(ByteBuffer data) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        tunnel.write(b, 0, b.length);
    }

    private void flushBody() {
        if (body.size() > 0) {
            lines.append("BODY ").append(body.toString(StandardCharsets.ISO_8859_1)).append('\n');
            body.reset();
        }
    }

    /** The events so far, body flushed, tunnel bytes last. */
    String text() {
        flushBody();
        String t = tunnel.size() == 0 ? "" : "TUNNEL " + tunnel.toString(StandardCharsets.ISO_8859_1) + "\n";
        return lines + t;
    }

    @Override
    public String toString() {
        return text();
    }
}
