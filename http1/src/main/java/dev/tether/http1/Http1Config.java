package dev.tether.http1;

import dev.tether.core.annotations.ThreadSafe;

/**
 * The limits an HTTP/1.1 codec enforces on what it parses. Immutable and validated once, when built:
 * an invalid value fails with an {@link IllegalArgumentException} naming the setting and the value.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>bounds</th><th>meaning</th></tr>
 *   <tr><td>maxStartLineLength</td><td>8192</td><td>16..1 MiB</td>
 *       <td>bytes of a request line or status line, CRLF excluded</td></tr>
 *   <tr><td>maxHeaderSectionSize</td><td>65536</td><td>64..16 MiB</td>
 *       <td>bytes of the field lines and the empty line that ends them</td></tr>
 *   <tr><td>maxFieldCount</td><td>128</td><td>1..65536</td><td>field lines in a head or a trailer section</td></tr>
 *   <tr><td>maxChunkExtensionLength</td><td>4096</td><td>0..1 MiB</td>
 *       <td>bytes after the chunk size on one chunk line (never buffered)</td></tr>
 *   <tr><td>maxTrailerSize</td><td>8192</td><td>2..16 MiB</td>
 *       <td>bytes of a trailer section, its final empty line included</td></tr>
 * </table>
 *
 * <p>Invariants: every value lies within its bounds. A codec never buffers more than
 * {@link #maxBufferedBytes()} bytes of input.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class Http1Config {
    /** The defaults of the table above. */
    public static final Http1Config DEFAULTS = builder().build();

    private final int maxStartLineLength;
    private final int maxHeaderSectionSize;
    private final int maxFieldCount;
    private final int maxChunkExtensionLength;
    private final int maxTrailerSize;

    private Http1Config(Builder b) {
        this.maxStartLineLength = within("maxStartLineLength", b.maxStartLineLength, 16, 1 << 20);
        this.maxHeaderSectionSize = within("maxHeaderSectionSize", b.maxHeaderSectionSize, 64, 16 << 20);
        this.maxFieldCount = within("maxFieldCount", b.maxFieldCount, 1, 65536);
        this.maxChunkExtensionLength = within("maxChunkExtensionLength", b.maxChunkExtensionLength, 0, 1 << 20);
        this.maxTrailerSize = within("maxTrailerSize", b.maxTrailerSize, 2, 16 << 20);
    }

    private static int within(String setting, int value, int min, int max) {
        if (value < min) {
            throw new IllegalArgumentException(setting + " < " + min + ": " + value);
        }
        if (value > max) {
            throw new IllegalArgumentException(setting + " > " + max + ": " + value);
        }
        return value;
    }

    /** Starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bytes of a request line or status line, CRLF excluded. */
    public int maxStartLineLength() {
        return maxStartLineLength;
    }

    /** Bytes of the field lines of a head, with the empty line that ends them. */
    public int maxHeaderSectionSize() {
        return maxHeaderSectionSize;
    }

    /** Field lines in one head or one trailer section. */
    public int maxFieldCount() {
        return maxFieldCount;
    }

    /** Bytes after the chunk size on one chunk line, CRLF excluded. */
    public int maxChunkExtensionLength() {
        return maxChunkExtensionLength;
    }

    /** Bytes of a trailer section, the empty line that ends it included. */
    public int maxTrailerSize() {
        return maxTrailerSize;
    }

    /**
     * The most input bytes a codec holds at once: a start line with its CRLF plus a header section
     * (trailers reuse the same storage and are smaller or equal when {@code maxTrailerSize} is).
     *
     * @return {@code maxStartLineLength + 2 + max(maxHeaderSectionSize, maxTrailerSize)}
     */
    public int maxBufferedBytes() {
        return maxStartLineLength + 2 + Math.max(maxHeaderSectionSize, maxTrailerSize);
    }

    @Override
    public String toString() {
        return "Http1Config{startLine=" + maxStartLineLength + ",headerSection=" + maxHeaderSectionSize
                + ",fields=" + maxFieldCount + ",chunkExt=" + maxChunkExtensionLength
                + ",trailers=" + maxTrailerSize + "}";
    }

    /**
     * Collects settings; {@link #build()} validates them. Each setter returns this builder.
     *
     * <p>Thread safety: not thread-safe; confine to the thread that builds.
     */
    @dev.tether.core.annotations.NotThreadSafe
    public static final class Builder {
        private int maxStartLineLength = 8192;
        private int maxHeaderSectionSize = 65536;
        private int maxFieldCount = 128;
        private int maxChunkExtensionLength = 4096;
        private int maxTrailerSize = 8192;

        private Builder() {
        }

        /**
         * Sets the longest accepted request line or status line.
         *
         * @param bytes the limit, CRLF excluded
         * @return this builder
         */
        public Builder maxStartLineLength(int bytes) {
            this.maxStartLineLength = bytes;
            return this;
        }

        /**
         * Sets the largest accepted field section of a head.
         *
         * @param bytes the limit, the final empty line included
         * @return this builder
         */
        public Builder maxHeaderSectionSize(int bytes) {
            this.maxHeaderSectionSize = bytes;
            return this;
        }

        /**
         * Sets the most field lines accepted in one head or trailer section.
         *
         * @param count the limit
         * @return this builder
         */
        public Builder maxFieldCount(int count) {
            this.maxFieldCount = count;
            return this;
        }

        /**
         * Sets the longest accepted chunk extension on one chunk line.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxChunkExtensionLength(int bytes) {
            this.maxChunkExtensionLength = bytes;
            return this;
        }

        /**
         * Sets the largest accepted trailer section.
         *
         * @param bytes the limit, the final empty line included
         * @return this builder
         */
        public Builder maxTrailerSize(int bytes) {
            this.maxTrailerSize = bytes;
            return this;
        }

        /**
         * Validates the settings and builds the configuration.
         *
         * @return the immutable configuration
         * @throws IllegalArgumentException naming the first setting out of bounds and its value
         */
        public Http1Config build() {
            return new Http1Config(this);
        }
    }
}
