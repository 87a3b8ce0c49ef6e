package dev.tether.testkit;

import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;
import dev.tether.core.annotations.NotThreadSafe;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MuxListener} that records every report, standing in for the engine's connection when a
 * mux is tested on its own. Response heads are recorded as {@code "<lease> <status> www=[...]
 * proxy=[...]"}.
 *
 * <p>Invariants: the lists only grow, in call order.
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
public final class RecordingMuxListener implements MuxListener {
    public final List<MuxEvent> events = new ArrayList<>();
    public final List<String> heads = new ArrayList<>();
    /** What {@link #onResponseHead} answers, as the engine would if the connection became private. */
    public boolean answerPrivate;

    @Override
    public void onMuxEvent(MuxEvent event) {
        events.add(event);
    }

    @Override
    public boolean onResponseHead(long lease, int status, List<String> www, List<String> proxy) {
        heads.add(lease + " " + status + " www=" + www + " proxy=" + proxy);
        return answerPrivate;
    }
}
