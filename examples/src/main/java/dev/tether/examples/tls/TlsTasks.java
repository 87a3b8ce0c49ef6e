package dev.tether.examples.tls;

import dev.tether.core.annotations.ThreadConfined;

import javax.net.ssl.SSLEngine;
import java.util.concurrent.Executor;

/**
 * The delegated tasks of one {@link TlsEngine} (certificate checks, key agreement): run off the loop,
 * their end reported back on it.
 *
 * <p>Invariants: {@link #running()} from {@link #run} until the loop runs the completion; one batch at
 * a time; the off-loop thread touches only the {@code SSLEngine}'s tasks.
 *
 * <p>Thread safety: confined to the loop thread, except the tasks themselves.
 */
@ThreadConfined("event loop")
final class TlsTasks {
    private final SSLEngine ssl;
    private final Executor tasks;
    private final Executor loop;
    private boolean running;

    TlsTasks(SSLEngine ssl, Executor tasks, Executor loop) {
        this.ssl = ssl;
        this.tasks = tasks;
        this.loop = loop;
    }

    /** True while a batch runs. */
    boolean running() {
        return running;
    }

    /** Runs every task the engine has, off the loop, then {@code done} on the loop. */
    void run(Runnable done) {
        running = true;
        tasks.execute(() -> {
            for (Runnable t = ssl.getDelegatedTask(); t != null; t = ssl.getDelegatedTask()) {
                t.run();
            }
            loop.execute(() -> {
                running = false;
                done.run();
            });
        });
    }
}
