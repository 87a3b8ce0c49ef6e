package dev.tether.http2;

import dev.tether.core.Lease;
import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;
import dev.tether.core.annotations.NotThreadSafe;

import java.util.ArrayList;
import java.util.List;

/**
 * Test fake of the engine side of a mux: records events and response heads.
 *
 * <p>Invariants: lists in arrival order.
 *
 * <p>Thread safety: test thread only.
 */
@NotThreadSafe
final class FakeMuxListener implements MuxListener {
    final List<MuxEvent> events = new ArrayList<>();
    final List<String> heads = new ArrayList<>();

    @Override
    public void onMuxEvent(MuxEvent event) {
        events.add(event);
    }

    @Override
    public boolean onResponseHead(Lease lease, int status, List<String> wwwAuthenticate,
                                  List<String> proxyAuthenticate) {
        heads.add(((FakeLease) lease).name + " " + status + " " + wwwAuthenticate + " " + proxyAuthenticate);
        return false;
    }
}
