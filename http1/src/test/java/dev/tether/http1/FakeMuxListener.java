package dev.tether.http1;

import dev.tether.core.Lease;
import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;
import dev.tether.core.annotations.NotThreadSafe;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MuxListener} that records every report, standing in for the engine's connection.
 *
 * <p>Invariants: lists only grow, in call order.
 *
 * <p>Thread safety: confined to the test thread.
 */
@NotThreadSafe
final class FakeMuxListener implements MuxListener {
    final List<MuxEvent> events = new ArrayList<>();
    final List<String> heads = new ArrayList<>();
    boolean answerPrivate;

    @Override
    public void onMuxEvent(MuxEvent event) {
        events.add(event);
    }

    @Override
    public boolean onResponseHead(Lease lease, int status, List<String> wwwAuthenticate, List<String> proxyAuthenticate) {
        heads.add(((FakeLease) lease).name + " " + status + " www=" + wwwAuthenticate + " proxy=" + proxyAuthenticate);
        return answerPrivate;
    }
}
