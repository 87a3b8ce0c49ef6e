package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http2.Http2Config;

/**
 * What one client may cost the proxy: the defences against floods and slow clients (the lessons of
 * HTTP/2 deployments: rapid reset, CONTINUATION, SETTINGS and PING floods, zero-window holds,
 * slowloris). Every limit has a safe default; {@code proxy --help} names them.
 *
 * <p>Invariants: every value ≥ 1; {@code maxHeaderListSize ≥ 64}.
 *
 * <p>Thread safety: immutable.
 *
 * @param maxHeaderListSize the largest request head, in bytes (HTTP/1.1 header section, h2 header
 *     list as RFC 9113 §6.5.2 counts it); larger: 431 (HTTP/1.1) or a stream error (h2)
 * @param maxClientStreams concurrent streams per h2c client connection (SETTINGS_MAX_CONCURRENT_STREAMS);
 *     more are refused
 * @param maxClientConnections open client connections; one more is closed at once
 * @param requestHeaderTimeoutMs time a client has from the first byte of a request to the end of its head
 * @param maxRapidResets h2c streams a client may reset right after opening them (within a window of
 *     {@link Http2Config#rapidResetStreamWindow()} streams) before GOAWAY ENHANCE_YOUR_CALM
 */
@ThreadSafe
public record ClientLimits(int maxHeaderListSize, int maxClientStreams, int maxClientConnections,
                           long requestHeaderTimeoutMs, int maxRapidResets) {
    /** 64 KiB heads, 128 streams, 10,000 connections, 10 s for a head, 200 rapid resets. */
    public static final ClientLimits DEFAULTS = new ClientLimits(64 * 1024, 128, 10_000, 10_000, 200);

    /** Checks the values. */
    public ClientLimits {
        if (maxHeaderListSize < 64 || maxClientStreams < 1 || maxClientConnections < 1 || requestHeaderTimeoutMs < 1
                || maxRapidResets < 1) {
            throw new IllegalArgumentException("client limits must be >= 1 (head size >= 64): maxHeaderListSize=" + maxHeaderListSize
                    + ", maxClientStreams=" + maxClientStreams + ", maxClientConnections=" + maxClientConnections
                    + ", requestHeaderTimeoutMs=" + requestHeaderTimeoutMs + ", maxRapidResets=" + maxRapidResets);
        }
    }

    /**
     * The h2c server settings of a client connection under these limits: flow control by hand (a
     * stream's window is credited as its exchange forwards the bytes, at most {@code streamWindow}
     * held), RFC 8441 extended CONNECT allowed (tunnels), the limits above, the codec's other
     * defences at their defaults.
     *
     * @param streamWindow each stream's receive window
     * @return the settings
     */
    public Http2Config h2(int streamWindow) {
        return Http2Config.builder().autoWindowUpdate(false).initialWindowSize(streamWindow)
                .maxConcurrentStreams(maxClientStreams).maxHeaderListSize(maxHeaderListSize)
                .maxRapidResets(maxRapidResets).enableConnectProtocol(true).build();
    }
}
