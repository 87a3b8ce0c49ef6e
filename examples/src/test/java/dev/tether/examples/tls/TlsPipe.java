package dev.tether.examples.tls;

import dev.tether.examples.nio.BufferPool;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLEngine;

/**
 * Two {@link TlsEngine}s joined by an in-memory byte pipe that carries at most {@code chunk} bytes
 * per hop, with a test "loop": a queue of the engines' task completions that {@link #pumpUntil}
 * drains on the test thread.
 */
final class TlsPipe {
    final BufferPool buffers = new BufferPool(BufferPool.DEFAULT_BUFFER_SIZE, BufferPool.DEFAULT_MAX_POOLED);
    final BlockingQueue<Runnable> loopQueue = new LinkedBlockingQueue<>();
    final Executor loop = loopQueue::add;
    final Side client;
    final Side server;
    private final int chunk;
    /** When false, the client's bytes never reach the server (a peer that stalls). */
    boolean clientToServer = true;

    TlsPipe(SSLEngine clientEngine, SSLEngine serverEngine, Executor tasks, int chunk) {
        this.client = new Side(clientEngine, tasks);
        this.server = new Side(serverEngine, tasks);
        this.chunk = chunk;
    }

    void begin() {
        client.engine.beginHandshake(0);
        server.engine.beginHandshake(0);
    }

    /** Moves bytes and runs completions until {@code done} holds; fails after 10 s without it. */
    void pumpUntil(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            boolean moved = step();
            if (!moved && !done.getAsBoolean()) {
                Runnable r = loopQueue.poll(10, TimeUnit.MILLISECONDS); // a task finishing off the test thread
                if (r != null) {
                    r.run();
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("pipe did not reach the condition: client " + client.engine + ", server " + server.engine);
            }
        }
    }

    /** One round: run queued completions, offer held input, move each side's output to the other. */
    boolean step() {
        boolean moved = false;
        for (Runnable r = loopQueue.poll(); r != null; r = loopQueue.poll()) {
            r.run();
            moved = true;
        }
        int before = client.received.size() + server.received.size();
        client.engine.resume(); // the listener may have left plaintext
        server.engine.resume();
        moved |= client.received.size() + server.received.size() != before;
        moved |= client.offerHeld() | server.offerHeld();
        moved |= hop(client, server, clientToServer);
        moved |= hop(server, client, true);
        return moved;
    }

    private boolean hop(Side from, Side to, boolean deliver) {
        ByteBuffer wire = ByteBuffer.allocate(chunk);
        boolean moved = false;
        while (from.engine.pollOutbound(wire.clear()) > 0) {
            moved = true;
            if (deliver) {
                to.held.put(wire.flip());
                to.offerHeld();
            }
        }
        return moved;
    }

    /** One end: its engine, what it received, and what the listener saw. */
    final class Side implements TlsListener {
        final TlsEngine engine;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        /** Network bytes the engine did not take yet, write mode. */
        final ByteBuffer held = ByteBuffer.allocate(4 << 20);
        int handshakes;
        int closeNotifies;
        int failures;
        TlsException failure;
        /** How many plaintext bytes the listener takes per call. */
        int takePerCall = Integer.MAX_VALUE;

        Side(SSLEngine ssl, Executor tasks) {
            this.engine = new TlsEngine(ssl, buffers, tasks, loop, this);
        }

        boolean offerHeld() {
            if (held.position() == 0) {
                return false;
            }
            int before = held.position();
            held.flip();
            engine.receive(held);
            held.compact();
            return held.position() != before;
        }

        /** Sends all of {@code data}, moving the pipe whenever the engine's output is full. */
        void sendAll(byte[] data, int writeSize) throws InterruptedException {
            ByteBuffer src = ByteBuffer.wrap(data);
            while (src.hasRemaining()) {
                ByteBuffer slice = src.slice(src.position(), Math.min(writeSize, src.remaining()));
                int n = engine.send(slice, null);
                src.position(src.position() + n);
                if (n == 0) {
                    step();
                }
            }
        }

        @Override
        public void onHandshakeDone() {
            handshakes++;
        }

        @Override
        public void onPlaintext(ByteBuffer plaintext) {
            int n = Math.min(plaintext.remaining(), takePerCall);
            byte[] b = new byte[n];
            plaintext.get(b);
            received.writeBytes(b);
        }

        @Override
        public void onCloseNotify() {
            closeNotifies++;
        }

        @Override
        public void onFailure(TlsException f) {
            failures++;
            failure = f;
        }

        @Override
        public void onTasksDone() {
            offerHeld();
        }
    }
}
