package dev.tether.http2;

import dev.tether.core.CloseReason;
import dev.tether.core.Mux;
import dev.tether.http2.frame.Frame;
import dev.tether.http2.frame.GoAwayFrame;
import dev.tether.http2.frame.HeadersFrame;
import dev.tether.http2.frame.Setting;
import dev.tether.testkit.RecordingMuxListener;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D12: the streams a target's connections admit fit what its backend really takes: a ramp instead of
 * the whole advertised limit, and, once a GOAWAY left streams unprocessed, no more streams per
 * connection than that GOAWAY accepted. Driven against a fake backend that, like nginx's
 * {@code keepalive_requests}, sends GOAWAY (NO_ERROR) on its n-th stream and ignores later ones.
 */
class StreamBudgetTest {
    /** The backend's advertised SETTINGS_MAX_CONCURRENT_STREAMS. */
    private static final int PEER_LIMIT = 100;

    /** One backend connection: answers every stream up to its n-th, sends GOAWAY on the n-th. */
    static final class GoawayAfter {
        private final Wire wire = new Wire();
        private final int n;
        private final int peerLimit;
        private int seen;
        private boolean goneAway;
        private boolean settingsSent;

        GoawayAfter(int n, int peerLimit) {
            this.n = n;
            this.peerLimit = peerLimit;
        }

        /** Reads what the mux sent, answers, and feeds the answer (SETTINGS first) to the mux. */
        void serve(Http2Mux mux) throws Http2Exception {
            if (!settingsSent) {
                settingsSent = true;
                wire.settings(new Setting(Setting.MAX_CONCURRENT_STREAMS, peerLimit));
            }
            for (Frame f : Wire.sent(mux.connection())) {
                if (f instanceof HeadersFrame h && !goneAway) {
                    if (++seen == n) {
                        goneAway = true; // nginx queues its GOAWAY as it takes the n-th request
                        wire.frame(new GoAwayFrame(h.streamId(), ErrorCode.NO_ERROR.code(), ByteBuffer.allocate(0)));
                    }
                    wire.headers(h.streamId(), Wire.RESPONSE, true);
                }
            }
            mux.onBytes(wire.take());
        }
    }

    /** What a run of requests cost: replays (streams not processed) and connections opened. */
    record Run(int replays, int connections) {
    }

    /**
     * Sends {@code requests} requests as an engine would: on one connection at a time, attaching while
     * the mux reports a free stream, before the peer's SETTINGS too; a stream the peer did not process
     * is sent again on the next connection.
     */
    static Run drive(int requests, int n, StreamBudget budget) throws Http2Exception {
        RecordingMuxListener engine = new RecordingMuxListener();
        int pending = requests;
        int replays = 0;
        int connections = 0;
        long lease = 1;
        while (pending > 0) {
            Http2Mux mux = budget == null ? new Http2Mux(engine, Http2Config.defaults())
                    : new Http2Mux(engine, Http2Config.defaults(), budget);
            GoawayAfter backend = new GoawayAfter(n, PEER_LIMIT);
            connections++;
            while (pending > 0) {
                List<Http2Stream> batch = new ArrayList<>();
                while (pending > 0 && mux.availableStreams() > 0) {
                    Http2Stream s = mux.attach(lease++);
                    s.sendHeaders(Wire.REQUEST, true);
                    batch.add(s);
                    pending--;
                }
                if (batch.isEmpty()) {
                    break;
                }
                backend.serve(mux);
                for (Http2Stream s : batch) {
                    int flags = mux.detach(s);
                    if ((flags & Mux.NOT_PROCESSED) != 0) {
                        replays++;
                        pending++;
                    } else {
                        assertThat(flags).as("answered").isEqualTo(Mux.RESPONSE_STARTED);
                    }
                }
                if (!mux.reusable()) {
                    break;
                }
            }
        }
        return new Run(replays, connections);
    }

    @Test
    @DisplayName("D12: a backend that GOAWAYs every 7 streams: learned at the first GOAWAY, then nothing is refused")
    void learnsHowManyStreamsTheBackendTakesAndAdmitsNoMore() throws Exception {
        StreamBudget budget = new StreamBudget();
        Run run = drive(350, 7, budget);
        assertThat(budget.perConnection()).isEqualTo(7);
        // Only the first connection overshoots: its window (32) less the 7 its GOAWAY accepted.
        assertThat(run.replays()).isEqualTo(StreamBudget.DEFAULT_INITIAL_WINDOW - 7);
        assertThat(run.connections()).isEqualTo(1 + (350 - 7) / 7);

        // R47 as written (no budget): each connection is handed what is pending, up to 100 at once.
        Run unbudgeted = drive(70, 7, null);
        assertThat(unbudgeted.replays()).as("more replays than requests").isGreaterThan(70);
    }

    @Test
    @DisplayName("D12: a backend that starts sending GOAWAY sooner is relearned at its first smaller GOAWAY")
    void aLaterSmallerCountReplacesTheLearnedOne() throws Exception {
        StreamBudget budget = new StreamBudget(32);
        drive(100, 20, budget);
        assertThat(budget.perConnection()).isEqualTo(20);
        assertThat(drive(100, 20, budget).replays()).isZero();
        Run smaller = drive(100, 7, budget);
        assertThat(budget.perConnection()).isEqualTo(7);
        assertThat(smaller.replays()).isEqualTo(20 - 7);
    }

    @Test
    @DisplayName("D12: the ramp: a new target's connection admits its initial window at once, one more per response, up to the peer's limit")
    void rampStartsLowAndGrowsOnResponsesUpToThePeersLimit() throws Exception {
        StreamBudget budget = new StreamBudget(8);
        RecordingMuxListener engine = new RecordingMuxListener();
        Http2Mux mux = new Http2Mux(engine, Http2Config.defaults(), budget);
        GoawayAfter backend = new GoawayAfter(Integer.MAX_VALUE, 10);
        backend.serve(mux);
        assertThat(mux.availableStreams()).as("peer allows 10, the ramp 8").isEqualTo(8);
        List<Http2Stream> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Http2Stream s = mux.attach(i + 1);
            s.sendHeaders(Wire.REQUEST, true);
            open.add(s);
        }
        assertThat(mux.availableStreams()).isZero();
        assertThat(mux.reusable()).isTrue();
        backend.serve(mux);
        for (Http2Stream s : open) {
            mux.detach(s);
        }
        assertThat(mux.availableStreams()).as("grown by the responses, capped by the peer's 10").isEqualTo(10);
        assertThat(budget.window()).isEqualTo(10);
        assertThat(new Http2Mux(engine, Http2Config.defaults(), budget).availableStreams())
                .as("a new connection starts where the target's window is").isEqualTo(10);
        assertThat(budget.perConnection()).as("no GOAWAY: no per-connection bound").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    @DisplayName("D12: a connection that reached its budget latches MAX_REUSE; the budget grows after 4 clean ones in a row")
    void budgetReachedLatchesMaxReuseAndGrowsAfterCleanConnections() throws Exception {
        StreamBudget budget = new StreamBudget();
        drive(7, 7, budget); // exactly 7: nothing refused, nothing learned
        assertThat(budget.perConnection()).isEqualTo(Integer.MAX_VALUE);
        drive(8, 7, budget);
        assertThat(budget.perConnection()).isEqualTo(7);

        RecordingMuxListener engine = new RecordingMuxListener();
        Http2Mux mux = new Http2Mux(engine, Http2Config.defaults(), budget);
        new GoawayAfter(Integer.MAX_VALUE, PEER_LIMIT).serve(mux);
        for (int i = 0; i < 6; i++) {
            mux.attach(i + 1);
        }
        assertThat(mux.availableStreams()).isEqualTo(1);
        assertThat(mux.unusableReason()).isNull();
        mux.attach(7);
        assertThat(mux.availableStreams()).isZero();
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.MAX_REUSE);

        for (int i = 0; i < StreamBudget.GROW_AFTER - 1; i++) {
            assertThat(drive(7, Integer.MAX_VALUE, budget).connections()).isEqualTo(1);
            assertThat(budget.perConnection()).isEqualTo(7);
        }
        drive(7, Integer.MAX_VALUE, budget);
        assertThat(budget.perConnection()).as("grown by an eighth, at least one").isEqualTo(8);
    }

    @Test
    @DisplayName("D12: a GOAWAY with an error code teaches nothing")
    void anErrorGoAwayTeachesNothing() throws Exception {
        StreamBudget budget = new StreamBudget();
        RecordingMuxListener engine = new RecordingMuxListener();
        Http2Mux mux = new Http2Mux(engine, Http2Config.defaults(), budget);
        new GoawayAfter(Integer.MAX_VALUE, PEER_LIMIT).serve(mux);
        Http2Stream a = mux.attach(1);
        a.sendHeaders(Wire.REQUEST, true);
        Http2Stream b = mux.attach(2);
        b.sendHeaders(Wire.REQUEST, true);
        mux.onBytes(new Wire().frame(new GoAwayFrame(a.id(), ErrorCode.PROTOCOL_ERROR.code(), ByteBuffer.allocate(0)))
                .take());
        assertThat(mux.unusableReason()).isEqualTo(CloseReason.GOAWAY);
        assertThat(mux.detach(b)).isEqualTo(Mux.NOT_PROCESSED);
        assertThat(budget.perConnection()).isEqualTo(Integer.MAX_VALUE);
    }
}
