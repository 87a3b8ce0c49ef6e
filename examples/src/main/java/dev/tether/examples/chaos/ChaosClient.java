package dev.tether.examples.chaos;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.examples.origin.ChecksummedBody;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One chaos client: a keep-alive connection sending requests one after another until told to stop,
 * each with its own {@code x-request-id}, a seeded mix of GETs and POSTs and of body sizes, and
 * checking every answer against {@link ChecksummedBody}. A request the proxy refused (no response,
 * R72) is sent again, at most {@link #MAX_SENDS} times in all, as a browser would.
 *
 * <p>Invariants: each request is counted once in the tally, after its last send.
 *
 * <p>Thread safety: runs on its own thread.
 */
@ThreadConfined("client thread")
final class ChaosClient implements Runnable {
    static final int MAX_SENDS = 4;

    private final int index;
    private final ChaosConnection connection;
    private final SplittableRandom random;
    private final ChaosTally tally;
    private final BooleanSupplier running;

    ChaosClient(int index, InetSocketAddress proxy, long seed, int timeoutMillis, ChaosTally tally,
                BooleanSupplier running) {
        this.index = index;
        this.connection = new ChaosConnection(proxy, timeoutMillis);
        this.random = new SplittableRandom(seed * 31 + index);
        this.tally = tally;
        this.running = running;
    }

    @Override
    public void run() {
        try (ChaosConnection c = connection) {
            for (long seq = 0; running.getAsBoolean(); seq++) {
                String id = "c" + index + "-" + seq;
                int size = random.nextInt(4) == 0 ? random.nextInt(64 * 1024) : random.nextInt(2048);
                byte[] payload = random.nextInt(5) == 0 ? new byte[random.nextInt(8 * 1024)] : null;
                if (payload != null) {
                    random.nextBytes(payload);
                }
                one(payload == null ? "GET" : "POST", "/chaos/" + size, id, payload);
            }
        }
    }

    private void one(String method, String path, String id, byte[] payload) {
        tally.requests.increment();
        for (int send = 1; ; send++) {
            ChaosConnection.End end = connection.exchange(method, path, id, payload);
            switch (end) {
                case NO_RESPONSE:
                    if (send < MAX_SENDS) {
                        tally.clientReplays.increment();
                        continue;
                    }
                    tally.clean("refused");
                    return;
                case CUT:
                    tally.clean("cut");
                    return;
                case SILENCE:
                    tally.lost.increment();
                    return;
                default:
                    answered(method, path, id);
                    return;
            }
        }
    }

    private void answered(String method, String path, String id) {
        int status = connection.response.status();
        String error = connection.response.header("x-tether-error");
        if (status == 200) {
            String problem = ChecksummedBody.verify(connection.response.body(), id);
            if (problem == null) {
                tally.ok.increment();
            } else {
                tally.wrong(problem + ": " + method + " " + path + " id " + id);
            }
        } else if ((status == 502 || status == 503 || status == 504) && error != null) {
            tally.clean(status + " " + error);
        } else {
            tally.wrong("status " + status + " (" + error + "): " + method + " " + path + " id " + id);
        }
    }
}
