package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

/**
 * One backend endpoint (HAProxy's {@code server}), registered with {@link ReuseEngine#addTarget}. It
 * owns its pools of connections: per reuse key, per event loop, the IDLE, SAFE and AVAILABLE lists,
 * and its counters. Its configuration is immutable; only its drain flag changes.
 *
 * <p>Thread safety: safe to use from any thread.
 */
@ThreadSafe
public interface Target {
    /** An identifier unique within its engine, in registration order. */
    int id();

    /** The host's name for it (for logs and stats). */
    String name();

    /** Its reuse policy; a dispatch target behaves as {@link ReusePolicy#NEVER} whatever it says (R1). */
    ReusePolicy policy();

    /** Its limits. */
    ReuseLimits limits();

    /** True if it is not a real server (a dispatch or transparent address): every connection is private. */
    boolean isDispatch();

    /** True between {@link ReuseEngine#drain} and {@link ReuseEngine#undrain}. */
    boolean isDraining();

    /** True once {@link ReuseEngine#removeTarget} succeeded. */
    boolean isRemoved();
}
