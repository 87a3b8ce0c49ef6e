package dev.tether.http2.frame;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;

/**
 * A SETTINGS frame (RFC 9113 §6.5), on stream 0.
 *
 * <p>Invariants: an ACK carries no setting; the list is unmodifiable and in wire order.
 *
 * <p>Thread safety: immutable.
 *
 * @param ack the ACK flag
 * @param settings the parameters, in wire order
 */
@ThreadSafe
public record SettingsFrame(boolean ack, List<Setting> settings) implements Frame {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException if an ACK carries settings
     */
    public SettingsFrame {
        settings = List.copyOf(settings);
        if (ack && !settings.isEmpty()) {
            throw new IllegalArgumentException("SETTINGS ACK with parameters");
        }
    }

    @Override
    public int streamId() {
        return 0;
    }

    @Override
    public int typeCode() {
        return FrameType.SETTINGS.code();
    }

    @Override
    public int flags() {
        return ack ? FLAG_ACK : 0;
    }
}
