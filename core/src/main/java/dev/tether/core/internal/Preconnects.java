package dev.tether.core.internal;

import dev.tether.core.AcquireException;
import dev.tether.core.ReuseKey;
import dev.tether.core.annotations.GuardedBy;
import dev.tether.core.annotations.ThreadSafe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pre-connect (docs/behaviour.md E6): for each (target, key) the host names, {@code maintain} opens
 * connections until that key has the requested number open; each parks as IDLE when ready, and purge
 * never takes the key's parked count below the number.
 *
 * <p>Counts come from each loop's {@link KeyBucket} counts (one per loop, not one per connection).
 *
 * <p>Thread safety: the requests are a concurrent map of synchronized maps (each target's keys in
 * the order they were first asked for); counting takes each loop lock in turn.
 */
@ThreadSafe
final class Preconnects {
    private final DefaultReuseEngine engine;
    private final Map<TargetPool, Map<ReuseKey, Integer>> wanted = new ConcurrentHashMap<>();

    Preconnects(DefaultReuseEngine engine) {
        this.engine = engine;
    }

    void set(TargetPool pool, ReuseKey key, int count) {
        Map<ReuseKey, Integer> keys = wanted.computeIfAbsent(pool, p -> Collections.synchronizedMap(new LinkedHashMap<>()));
        if (count == 0) {
            keys.remove(key);
        } else {
            keys.put(key, count);
        }
    }

    /** Opens what is missing for {@code pool}'s pre-connect keys, in the order the keys were first asked for. */
    void topUp(TargetPool pool, long now) {
        Map<ReuseKey, Integer> keys = wanted.get(pool);
        if (keys == null || keys.isEmpty() || pool.isDraining()) {
            return;
        }
        List<Map.Entry<ReuseKey, Integer>> asked = new ArrayList<>();
        synchronized (keys) { // copied: the connector is not called under this monitor
            for (Map.Entry<ReuseKey, Integer> e : keys.entrySet()) {
                asked.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        List<Conn> opened = new ArrayList<>();
        for (Map.Entry<ReuseKey, Integer> e : asked) {
            int missing = e.getValue() - openWithKey(pool, e.getKey());
            for (int i = 0; i < missing; i++) {
                try {
                    Conn c = engine.creation().preconnect(pool, e.getKey(), i % pool.loops.length, now);
                    if (c != null) {
                        opened.add(c);
                    }
                } catch (AcquireException refused) {
                    DefaultReuseEngine.LOG.log(System.Logger.Level.DEBUG, "pre-connect refused", refused);
                    break;
                }
            }
        }
        // Opened together, as a host's asynchronous connects would be, then parked (R50 sees them all).
        for (Conn c : opened) {
            engine.creation().parkIfReady(c, now);
        }
    }

    private static int openWithKey(TargetPool pool, ReuseKey key) {
        int n = 0;
        for (LoopPool lp : pool.loops) {
            lp.lock.lock();
            try {
                n += lp.lists.nonPrivateWithKey(key);
            } finally {
                lp.lock.unlock();
            }
        }
        return n;
    }

    /** True if closing {@code c} would take its pre-connect key below its count. Caller holds every loop lock. */
    @GuardedBy("all loop locks")
    boolean protectsLocked(TargetPool pool, Conn c) {
        Map<ReuseKey, Integer> keys = wanted.get(pool);
        Integer count = keys == null ? null : keys.get(c.key);
        if (count == null) {
            return false;
        }
        int parked = 0;
        for (LoopPool lp : pool.loops) {
            parked += lp.lists.parkedWithKey(c.key);
        }
        return parked <= count;
    }
}
