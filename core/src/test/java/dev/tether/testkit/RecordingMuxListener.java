package dev.tether.testkit;

import dev.tether.core.Lease;
import dev.tether.core.MuxEvent;
import dev.tether.core.MuxListener;

import java.util.ArrayList;
import java.util.List;

/** A {@link MuxListener} that records what a mux reports. Thread safety: for one test thread. */
public final class RecordingMuxListener implements MuxListener {
    public final List<MuxEvent> events = new ArrayList<>();
    public final List<Integer> statuses = new ArrayList<>();
    public final List<List<String>> wwwAuthenticate = new ArrayList<>();
    public final List<List<String>> proxyAuthenticate = new ArrayList<>();

    @Override
    public void onMuxEvent(MuxEvent event) {
        events.add(event);
    }

    @Override
    public boolean onResponseHead(Lease lease, int status, List<String> www, List<String> proxy) {
        statuses.add(status);
        wwwAuthenticate.add(List.copyOf(www));
        proxyAuthenticate.add(List.copyOf(proxy));
        return false;
    }
}
