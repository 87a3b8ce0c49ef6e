package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The range of every numeric {@link Http2Config} setting, checked once when a configuration is built
 * (the ranges the builder's Javadoc documents).
 *
 * <p>Invariants: stateless; a failure names the first setting out of range, its range and its value.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class ConfigRanges {
    private ConfigRanges() {
    }

    /**
     * Checks every value of {@code b}.
     *
     * @param b the builder
     * @throws IllegalArgumentException naming the first setting out of range and its value
     */
    static void check(Http2Config.Builder b) {
        check("headerTableSize", b.headerTableSize, 0, Integer.MAX_VALUE);
        check("maxConcurrentStreams", b.maxConcurrentStreams, 0, Integer.MAX_VALUE);
        check("initialWindowSize", b.initialWindowSize, 0, Integer.MAX_VALUE);
        check("connectionWindowSize", b.connectionWindowSize, 65535, Integer.MAX_VALUE);
        check("maxFrameSize", b.maxFrameSize, 16384, 0xffffff);
        check("maxHeaderListSize", b.maxHeaderListSize, 1, Integer.MAX_VALUE);
        check("maxHeaderBlockSize", b.maxHeaderBlockSize, 1, Integer.MAX_VALUE);
        check("maxContinuationFrames", b.maxContinuationFrames, 0, Integer.MAX_VALUE);
        check("maxRapidResets", b.maxRapidResets, 0, Integer.MAX_VALUE);
        check("rapidResetStreamWindow", b.rapidResetStreamWindow, 1, Integer.MAX_VALUE);
        check("rapidResetFrameWindow", b.rapidResetFrameWindow, 0, Integer.MAX_VALUE);
        check("maxQueuedControlFrames", b.maxQueuedControlFrames, 1, Integer.MAX_VALUE);
        check("maxQueuedDataBytes", b.maxQueuedDataBytes, 0, Integer.MAX_VALUE);
        check("maxEmptyDataFrames", b.maxEmptyDataFrames, 0, Integer.MAX_VALUE);
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " out of range [" + min + ", " + max + "]: " + value);
        }
    }
}
