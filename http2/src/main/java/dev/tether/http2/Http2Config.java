package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The immutable, validated settings of one {@link Http2Connection}: what we advertise in SETTINGS,
 * our receive windows, and the limits of every defence against abusive peers. Build it with
 * {@link #builder()}; {@link #defaults()} gives sane defaults.
 *
 * <p>Invariants: every value is within its documented range, checked once in {@link Builder#build()}.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class Http2Config {
    private static final Http2Config DEFAULTS = builder().build();
    private final int headerTableSize;
    private final int maxConcurrentStreams;
    private final int initialWindowSize;
    private final int connectionWindowSize;
    private final int maxFrameSize;
    private final int maxHeaderListSize;
    private final int maxHeaderBlockSize;
    private final int maxContinuationFrames;
    private final int maxRapidResets;
    private final int rapidResetStreamWindow;
    private final int rapidResetFrameWindow;
    private final int maxQueuedControlFrames;
    private final int maxQueuedDataBytes;
    private final int maxEmptyDataFrames;
    private final boolean autoWindowUpdate;
    private final boolean useHuffman;

    private Http2Config(Builder b) {
        this.headerTableSize = b.headerTableSize;
        this.maxConcurrentStreams = b.maxConcurrentStreams;
        this.initialWindowSize = b.initialWindowSize;
        this.connectionWindowSize = b.connectionWindowSize;
        this.maxFrameSize = b.maxFrameSize;
        this.maxHeaderListSize = b.maxHeaderListSize;
        this.maxHeaderBlockSize = b.maxHeaderBlockSize;
        this.maxContinuationFrames = b.maxContinuationFrames;
        this.maxRapidResets = b.maxRapidResets;
        this.rapidResetStreamWindow = b.rapidResetStreamWindow;
        this.rapidResetFrameWindow = b.rapidResetFrameWindow;
        this.maxQueuedControlFrames = b.maxQueuedControlFrames;
        this.maxQueuedDataBytes = b.maxQueuedDataBytes;
        this.maxEmptyDataFrames = b.maxEmptyDataFrames;
        this.autoWindowUpdate = b.autoWindowUpdate;
        this.useHuffman = b.useHuffman;
    }

    /** {@return the default configuration} */
    public static Http2Config defaults() {
        return DEFAULTS;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding this configuration's values} */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.headerTableSize = headerTableSize;
        b.maxConcurrentStreams = maxConcurrentStreams;
        b.initialWindowSize = initialWindowSize;
        b.connectionWindowSize = connectionWindowSize;
        b.maxFrameSize = maxFrameSize;
        b.maxHeaderListSize = maxHeaderListSize;
        b.maxHeaderBlockSize = maxHeaderBlockSize;
        b.maxContinuationFrames = maxContinuationFrames;
        b.maxRapidResets = maxRapidResets;
        b.rapidResetStreamWindow = rapidResetStreamWindow;
        b.rapidResetFrameWindow = rapidResetFrameWindow;
        b.maxQueuedControlFrames = maxQueuedControlFrames;
        b.maxQueuedDataBytes = maxQueuedDataBytes;
        b.maxEmptyDataFrames = maxEmptyDataFrames;
        b.autoWindowUpdate = autoWindowUpdate;
        b.useHuffman = useHuffman;
        return b;
    }

    /** {@return the SETTINGS_HEADER_TABLE_SIZE we advertise: the HPACK table our decoder keeps} */
    public int headerTableSize() {
        return headerTableSize;
    }

    /** {@return the SETTINGS_MAX_CONCURRENT_STREAMS we advertise; the peer's streams beyond it are refused with REFUSED_STREAM, and the local cap on our own streams (R47)} */
    public int maxConcurrentStreams() {
        return maxConcurrentStreams;
    }

    /** {@return the SETTINGS_INITIAL_WINDOW_SIZE we advertise: each stream's receive window} */
    public int initialWindowSize() {
        return initialWindowSize;
    }

    /** {@return the connection receive window; above 65535 it is opened with a WINDOW_UPDATE in the preface} */
    public int connectionWindowSize() {
        return connectionWindowSize;
    }

    /** {@return the SETTINGS_MAX_FRAME_SIZE we advertise; longer frames are a FRAME_SIZE_ERROR} */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** {@return the SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce while decoding; a larger list is a connection error ENHANCE_YOUR_CALM} */
    public int maxHeaderListSize() {
        return maxHeaderListSize;
    }

    /** {@return the most encoded bytes of one header block (HEADERS plus CONTINUATION) before END_HEADERS; more is a connection error ENHANCE_YOUR_CALM} */
    public int maxHeaderBlockSize() {
        return maxHeaderBlockSize;
    }

    /** {@return the most CONTINUATION frames in one header block; more is a connection error ENHANCE_YOUR_CALM} */
    public int maxContinuationFrames() {
        return maxContinuationFrames;
    }

    /** {@return how many of the peer's streams may be reset by the peer shortly after their HEADERS within one window of rapidResetStreamWindow streams; one more is a connection error ENHANCE_YOUR_CALM} */
    public int maxRapidResets() {
        return maxRapidResets;
    }

    /** {@return the number of peer-opened streams after which the rapid-reset count starts again} */
    public int rapidResetStreamWindow() {
        return rapidResetStreamWindow;
    }

    /** {@return "shortly": a reset counts as rapid when it arrives within this many received frames after the stream's HEADERS, or before we answered it} */
    public int rapidResetFrameWindow() {
        return rapidResetFrameWindow;
    }

    /** {@return the most control frames we owe (SETTINGS and PING ACKs, RST_STREAM) queued and not yet taken by pollOutbound; more is a connection error ENHANCE_YOUR_CALM (SETTINGS, PING and reset floods)} */
    public int maxQueuedControlFrames() {
        return maxQueuedControlFrames;
    }

    /** {@return the most DATA bytes queued over all streams while the peer's windows are closed; sendData accepts no more} */
    public int maxQueuedDataBytes() {
        return maxQueuedDataBytes;
    }

    /** {@return the most consecutive empty DATA frames without END_STREAM; more is a connection error ENHANCE_YOUR_CALM} */
    public int maxEmptyDataFrames() {
        return maxEmptyDataFrames;
    }

    /** {@return true: receive windows are replenished as soon as a DATA frame has been delivered to the listener; false: the host calls Http2Connection.consumed(streamId, bytes) when it has used the data} */
    public boolean autoWindowUpdate() {
        return autoWindowUpdate;
    }

    /** {@return whether the HPACK encoder Huffman-codes strings (only when shorter)} */
    public boolean useHuffman() {
        return useHuffman;
    }

    /**
     * Collects settings for an {@link Http2Config}.
     *
     * <p>Invariants: holds the defaults until changed; values are checked in {@link #build()}.
     *
     * <p>Thread safety: not thread-safe.
     */
    @dev.tether.core.annotations.NotThreadSafe
    public static final class Builder {
        private int headerTableSize = 4096;
        private int maxConcurrentStreams = 100;
        private int initialWindowSize = 65535;
        private int connectionWindowSize = 1 << 20;
        private int maxFrameSize = 16384;
        private int maxHeaderListSize = 65536;
        private int maxHeaderBlockSize = 128 * 1024;
        private int maxContinuationFrames = 64;
        private int maxRapidResets = 200;
        private int rapidResetStreamWindow = 1000;
        private int rapidResetFrameWindow = 16;
        private int maxQueuedControlFrames = 1000;
        private int maxQueuedDataBytes = 1 << 20;
        private int maxEmptyDataFrames = 100;
        private boolean autoWindowUpdate = true;
        private boolean useHuffman = true;

        private Builder() {
        }

        /**
         * Sets the SETTINGS_HEADER_TABLE_SIZE we advertise: the HPACK table our decoder keeps.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 4096)
         * @return this builder
         */
        public Builder headerTableSize(int value) {
            this.headerTableSize = value;
            return this;
        }

        /**
         * Sets the SETTINGS_MAX_CONCURRENT_STREAMS we advertise; the peer's streams beyond it are refused with REFUSED_STREAM, and the local cap on our own streams (R47).
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 100)
         * @return this builder
         */
        public Builder maxConcurrentStreams(int value) {
            this.maxConcurrentStreams = value;
            return this;
        }

        /**
         * Sets the SETTINGS_INITIAL_WINDOW_SIZE we advertise: each stream's receive window.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 65535)
         * @return this builder
         */
        public Builder initialWindowSize(int value) {
            this.initialWindowSize = value;
            return this;
        }

        /**
         * Sets the connection receive window; above 65535 it is opened with a WINDOW_UPDATE in the preface.
         *
         * @param value the value, in [65535, Integer.MAX_VALUE] (default {@code 1 << 20})
         * @return this builder
         */
        public Builder connectionWindowSize(int value) {
            this.connectionWindowSize = value;
            return this;
        }

        /**
         * Sets the SETTINGS_MAX_FRAME_SIZE we advertise; longer frames are a FRAME_SIZE_ERROR.
         *
         * @param value the value, in [16384, 0xffffff] (default 16384)
         * @return this builder
         */
        public Builder maxFrameSize(int value) {
            this.maxFrameSize = value;
            return this;
        }

        /**
         * Sets the SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce while decoding; a larger list is a connection error ENHANCE_YOUR_CALM.
         *
         * @param value the value, in [1, Integer.MAX_VALUE] (default 65536)
         * @return this builder
         */
        public Builder maxHeaderListSize(int value) {
            this.maxHeaderListSize = value;
            return this;
        }

        /**
         * Sets the most encoded bytes of one header block (HEADERS plus CONTINUATION) before END_HEADERS; more is a connection error ENHANCE_YOUR_CALM.
         *
         * @param value the value, in [1, Integer.MAX_VALUE] (default {@code 128 * 1024})
         * @return this builder
         */
        public Builder maxHeaderBlockSize(int value) {
            this.maxHeaderBlockSize = value;
            return this;
        }

        /**
         * Sets the most CONTINUATION frames in one header block; more is a connection error ENHANCE_YOUR_CALM.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 64)
         * @return this builder
         */
        public Builder maxContinuationFrames(int value) {
            this.maxContinuationFrames = value;
            return this;
        }

        /**
         * Sets how many of the peer's streams may be reset by the peer shortly after their HEADERS within one window of rapidResetStreamWindow streams; one more is a connection error ENHANCE_YOUR_CALM.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 200)
         * @return this builder
         */
        public Builder maxRapidResets(int value) {
            this.maxRapidResets = value;
            return this;
        }

        /**
         * Sets the number of peer-opened streams after which the rapid-reset count starts again.
         *
         * @param value the value, in [1, Integer.MAX_VALUE] (default 1000)
         * @return this builder
         */
        public Builder rapidResetStreamWindow(int value) {
            this.rapidResetStreamWindow = value;
            return this;
        }

        /**
         * Sets "shortly": a reset counts as rapid when it arrives within this many received frames after the stream's HEADERS, or before we answered it.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 16)
         * @return this builder
         */
        public Builder rapidResetFrameWindow(int value) {
            this.rapidResetFrameWindow = value;
            return this;
        }

        /**
         * Sets the most control frames we owe (SETTINGS and PING ACKs, RST_STREAM) queued and not yet taken by pollOutbound; more is a connection error ENHANCE_YOUR_CALM (SETTINGS, PING and reset floods).
         *
         * @param value the value, in [1, Integer.MAX_VALUE] (default 1000)
         * @return this builder
         */
        public Builder maxQueuedControlFrames(int value) {
            this.maxQueuedControlFrames = value;
            return this;
        }

        /**
         * Sets the most DATA bytes queued over all streams while the peer's windows are closed; sendData accepts no more.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default {@code 1 << 20})
         * @return this builder
         */
        public Builder maxQueuedDataBytes(int value) {
            this.maxQueuedDataBytes = value;
            return this;
        }

        /**
         * Sets the most consecutive empty DATA frames without END_STREAM; more is a connection error ENHANCE_YOUR_CALM.
         *
         * @param value the value, in [0, Integer.MAX_VALUE] (default 100)
         * @return this builder
         */
        public Builder maxEmptyDataFrames(int value) {
            this.maxEmptyDataFrames = value;
            return this;
        }

        /**
         * Sets true: receive windows are replenished as soon as a DATA frame has been delivered to the listener; false: the host calls Http2Connection.consumed(streamId, bytes) when it has used the data.
         *
         * @param value the value (default true)
         * @return this builder
         */
        public Builder autoWindowUpdate(boolean value) {
            this.autoWindowUpdate = value;
            return this;
        }

        /**
         * Sets whether the HPACK encoder Huffman-codes strings (only when shorter).
         *
         * @param value the value (default true)
         * @return this builder
         */
        public Builder useHuffman(boolean value) {
            this.useHuffman = value;
            return this;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first setting out of range and its value
         */
        public Http2Config build() {
            check("headerTableSize", headerTableSize, 0, Integer.MAX_VALUE);
            check("maxConcurrentStreams", maxConcurrentStreams, 0, Integer.MAX_VALUE);
            check("initialWindowSize", initialWindowSize, 0, Integer.MAX_VALUE);
            check("connectionWindowSize", connectionWindowSize, 65535, Integer.MAX_VALUE);
            check("maxFrameSize", maxFrameSize, 16384, 0xffffff);
            check("maxHeaderListSize", maxHeaderListSize, 1, Integer.MAX_VALUE);
            check("maxHeaderBlockSize", maxHeaderBlockSize, 1, Integer.MAX_VALUE);
            check("maxContinuationFrames", maxContinuationFrames, 0, Integer.MAX_VALUE);
            check("maxRapidResets", maxRapidResets, 0, Integer.MAX_VALUE);
            check("rapidResetStreamWindow", rapidResetStreamWindow, 1, Integer.MAX_VALUE);
            check("rapidResetFrameWindow", rapidResetFrameWindow, 0, Integer.MAX_VALUE);
            check("maxQueuedControlFrames", maxQueuedControlFrames, 1, Integer.MAX_VALUE);
            check("maxQueuedDataBytes", maxQueuedDataBytes, 0, Integer.MAX_VALUE);
            check("maxEmptyDataFrames", maxEmptyDataFrames, 0, Integer.MAX_VALUE);
            return new Http2Config(this);
        }

        private static void check(String name, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " out of range [" + min + ", " + max + "]: " + value);
            }
        }
    }
}
