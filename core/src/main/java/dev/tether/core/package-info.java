/**
 * The reuse engine's public API and the SPIs a host implements.
 *
 * <p>{@link dev.tether.core.ReuseEngine} takes the two decisions: which backend connection carries
 * a request ({@code acquire}, returning a {@link dev.tether.core.Lease}) and where that connection
 * goes when the request ends ({@code release}). The host supplies the I/O:
 * {@link dev.tether.core.Connector} opens connections, {@link dev.tether.core.Transport} carries and
 * closes one, and a {@link dev.tether.core.Mux} (for example the http1 or http2 module's) reports the
 * protocol's facts. The rules are in the repository's {@code docs/behaviour.md}, cited by id.
 *
 * <p>Ownership: a {@link dev.tether.core.Session} is confined to the event loop that serves its
 * client connection; a connection's mux and transport are confined to the loop that drives them
 * (its home loop); each target's lists and counters are guarded per loop by one short lock, and no
 * code holds two of those locks at once or calls a mux or transport while holding one. Time is
 * passed in ({@code nowNanos}); the engine opens no socket and starts no thread.
 */
package dev.tether.core;
