/**
 * Tether's core: the connection reuse engine and the SPIs a host implements.
 *
 * <p>The engine takes two decisions for a gateway: which backend connection carries a request
 * ({@link dev.tether.core.ReuseEngine#acquire}), and where that connection goes when the request
 * ends ({@link dev.tether.core.ReuseEngine#release}). The host supplies transports, connectors and
 * muxes; the core opens no socket, reads no clock of its own and starts no thread. It reports to
 * JDK Flight Recorder ({@code dev.tether.Acquire}, {@code dev.tether.ConnectionClosed},
 * {@code dev.tether.Purge}) when a recording enables those events.
 */
module dev.tether.core {
    requires jdk.jfr;

    exports dev.tether.core;
    exports dev.tether.core.annotations;
}
