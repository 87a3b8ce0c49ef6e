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
    /** A private copy of the builder's values, never exposed or changed: the configuration's state. */
    private final Builder v;

    private Http2Config(Builder b) {
        this.v = b.copy();
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
        return v.copy();
    }

    /** {@return the SETTINGS_HEADER_TABLE_SIZE we advertise: the HPACK table our decoder keeps} */
    public int headerTableSize() {
        return v.headerTableSize;
    }

    /** {@return the SETTINGS_MAX_CONCURRENT_STREAMS we advertise; the peer's streams beyond it are refused with REFUSED_STREAM, and the local cap on our own streams (R47)} */
    public int maxConcurrentStreams() {
        return v.maxConcurrentStreams;
    }

    /** {@return the SETTINGS_INITIAL_WINDOW_SIZE we advertise: each stream's receive window} */
    public int initialWindowSize() {
        return v.initialWindowSize;
    }

    /** {@return the connection receive window; above 65535 it is opened with a WINDOW_UPDATE in the preface} */
    public int connectionWindowSize() {
        return v.connectionWindowSize;
    }

    /** {@return the SETTINGS_MAX_FRAME_SIZE we advertise; longer frames are a FRAME_SIZE_ERROR} */
    public int maxFrameSize() {
        return v.maxFrameSize;
    }

    /** {@return the SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce while decoding; a larger list is a connection error ENHANCE_YOUR_CALM} */
    public int maxHeaderListSize() {
        return v.maxHeaderListSize;
    }

    /** {@return the most encoded bytes of one header block (HEADERS plus CONTINUATION) before END_HEADERS; more is a connection error ENHANCE_YOUR_CALM} */
    public int maxHeaderBlockSize() {
        return v.maxHeaderBlockSize;
    }

    /** {@return the most CONTINUATION frames in one header block; more is a connection error ENHANCE_YOUR_CALM} */
    public int maxContinuationFrames() {
        return v.maxContinuationFrames;
    }

    /** {@return how many of the peer's streams may be reset by the peer shortly after their HEADERS within one window of rapidResetStreamWindow streams; one more is a connection error ENHANCE_YOUR_CALM} */
    public int maxRapidResets() {
        return v.maxRapidResets;
    }

    /** {@return the number of peer-opened streams after which the rapid-reset count starts again} */
    public int rapidResetStreamWindow() {
        return v.rapidResetStreamWindow;
    }

    /** {@return "shortly": a reset counts as rapid when it arrives within this many received frames after the stream's HEADERS, or before we answered it} */
    public int rapidResetFrameWindow() {
        return v.rapidResetFrameWindow;
    }

    /** {@return the most control frames we owe (SETTINGS and PING ACKs, RST_STREAM) queued and not yet taken by pollOutbound; more is a connection error ENHANCE_YOUR_CALM (SETTINGS, PING and reset floods)} */
    public int maxQueuedControlFrames() {
        return v.maxQueuedControlFrames;
    }

    /** {@return the most DATA bytes queued over all streams while the peer's windows are closed; sendData accepts no more} */
    public int maxQueuedDataBytes() {
        return v.maxQueuedDataBytes;
    }

    /** {@return the most consecutive empty DATA frames without END_STREAM; more is a connection error ENHANCE_YOUR_CALM} */
    public int maxEmptyDataFrames() {
        return v.maxEmptyDataFrames;
    }

    /** {@return true: receive windows are replenished as soon as a DATA frame has been delivered to the listener; false: the host calls Http2Connection.consumed(streamId, bytes) when it has used the data} */
    public boolean autoWindowUpdate() {
        return v.autoWindowUpdate;
    }

    /** {@return whether the HPACK encoder Huffman-codes strings (only when shorter)} */
    public boolean useHuffman() {
        return v.useHuffman;
    }

    /** {@return whether we advertise SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 and accept extended CONNECT requests with :protocol (RFC 8441); only a server's advertisement has a use} */
    public boolean enableConnectProtocol() {
        return v.enableConnectProtocol;
    }

    /**
     * Collects settings for an {@link Http2Config}.
     *
     * <p>Invariants: holds the defaults until changed; values are checked in {@link #build()} (by
     * {@code ConfigRanges}, which reads the package-private fields).
     *
     * <p>Thread safety: not thread-safe.
     */
    @dev.tether.core.annotations.NotThreadSafe
    public static final class Builder {
        int headerTableSize = 4096;
        int maxConcurrentStreams = 100;
        int initialWindowSize = 65535;
        int connectionWindowSize = 1 << 20;
        int maxFrameSize = 16384;
        int maxHeaderListSize = 65536;
        int maxHeaderBlockSize = 128 * 1024;
        int maxContinuationFrames = 64;
        int maxRapidResets = 200;
        int rapidResetStreamWindow = 1000;
        int rapidResetFrameWindow = 16;
        int maxQueuedControlFrames = 1000;
        int maxQueuedDataBytes = 1 << 20;
        int maxEmptyDataFrames = 100;
        boolean autoWindowUpdate = true;
        boolean useHuffman = true;
        boolean enableConnectProtocol;

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
         * Sets whether we advertise SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 and accept extended CONNECT requests with :protocol (RFC 8441); only a server's advertisement has a use.
         *
         * @param value the value (default false)
         * @return this builder
         */
        public Builder enableConnectProtocol(boolean value) {
            this.enableConnectProtocol = value;
            return this;
        }

        private Builder copy() {
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
            b.enableConnectProtocol = enableConnectProtocol;
            return b;
        }

        /**
         * Checks every value and builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the first setting out of range and its value
         */
        public Http2Config build() {
            ConfigRanges.check(this);
            return new Http2Config(this);
        }
    }
}
