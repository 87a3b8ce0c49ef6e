package dev.tether.examples.chaos;

import dev.tether.core.annotations.ThreadSafe;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the chaos clients saw, request by request: answered right ({@code ok}), a clean error (a
 * 502/503/504 with its {@code x-tether-error} reason, a response cut after its head, or a request
 * still refused after the client's own replays), a wrong answer (a body for another request, a
 * corrupted body, an unexpected status) or no answer at all ({@code lost}).
 *
 * <p>Invariants: {@code requests = ok + cleanErrors + wrong + lost} once every client stopped.
 *
 * <p>Thread safety: thread-safe; every client thread adds to it.
 */
@ThreadSafe
final class ChaosTally {
    final LongAdder requests = new LongAdder();
    final LongAdder ok = new LongAdder();
    final LongAdder wrong = new LongAdder();
    final LongAdder lost = new LongAdder();
    /** Requests the client sent again after the proxy refused them (R72). */
    final LongAdder clientReplays = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> clean = new ConcurrentHashMap<>();
    /** The first wrong answers, described, for the report. */
    final ConcurrentLinkedQueue<String> wrongSamples = new ConcurrentLinkedQueue<>();

    void clean(String reason) {
        clean.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void wrong(String what) {
        wrong.increment();
        if (wrongSamples.size() < 10) {
            wrongSamples.add(what);
        }
    }

    long cleanErrors() {
        long n = 0;
        for (LongAdder a : clean.values()) {
            n += a.sum();
        }
        return n;
    }

    /** Clean errors by reason, sorted. */
    Map<String, Long> cleanByReason() {
        Map<String, Long> m = new TreeMap<>();
        clean.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
