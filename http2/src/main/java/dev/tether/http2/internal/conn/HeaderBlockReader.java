package dev.tether.http2.internal.conn;

import dev.tether.core.annotations.NotThreadSafe;
import dev.tether.http2.ErrorCode;
import dev.tether.http2.Header;
import dev.tether.http2.Http2Config;
import dev.tether.http2.Http2Exception;
import dev.tether.http2.internal.hpack.HeaderListener;
import dev.tether.http2.internal.hpack.HpackDecoder;
import dev.tether.http2.internal.hpack.HpackException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers one field block (HEADERS or PUSH_PROMISE plus CONTINUATION frames) and decodes it with
 * HPACK once END_HEADERS arrives (RFC 9113 §4.3, §6.10).
 *
 * <p>Invariants: at most one block is in progress ({@link #inProgress()}), on {@link #streamId()};
 * its encoded size is at most {@code maxHeaderBlockSize} and it has at most
 * {@code maxContinuationFrames} CONTINUATION frames (CONTINUATION flood defence), checked before the
 * bytes are buffered. Every block is decoded, even for streams about to be refused, so the HPACK table
 * stays in step with the peer's.
 *
 * <p>Thread safety: confined to its connection's thread.
 */
@NotThreadSafe
final class HeaderBlockReader implements HeaderListener {
    private final HpackDecoder decoder;
    private final int maxBlock;
    private final int maxContinuations;
    private ByteBuffer block = ByteBuffer.allocate(1024);
    private boolean inProgress;
    private int streamId;
    private boolean endStream;
    private int continuations;
    private List<Header> fields;
    /**
     * The {@link Header}s of the last blocks by position, handed out again when a block repeats a field
     * at the same position (a peer's responses mostly do): no Header is made for it.
     */
    private final Header[] recent = new Header[16];

    HeaderBlockReader(HpackDecoder decoder, Http2Config config) {
        this.decoder = decoder;
        this.maxBlock = config.maxHeaderBlockSize();
        this.maxContinuations = config.maxContinuationFrames();
    }

    boolean inProgress() {
        return inProgress;
    }

    int streamId() {
        return streamId;
    }

    boolean endStream() {
        return endStream;
    }

    void begin(int streamId, boolean endStream, ByteBuffer fragment) throws Http2Exception {
        this.inProgress = true;
        this.streamId = streamId;
        this.endStream = endStream;
        this.continuations = 0;
        block.clear();
        append(fragment);
    }

    void continueWith(int streamId, ByteBuffer fragment) throws Http2Exception {
        if (!inProgress || streamId != this.streamId) {
            // RFC 9113 §6.10: CONTINUATION not following HEADERS/CONTINUATION of the same stream.
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, streamId, "unexpected CONTINUATION");
        }
        if (++continuations > maxContinuations) {
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, streamId,
                    "more than " + maxContinuations + " CONTINUATION frames in one header block");
        }
        append(fragment);
    }

    private void append(ByteBuffer fragment) throws Http2Exception {
        int need = block.position() + fragment.remaining();
        if (need > maxBlock) {
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, streamId,
                    "header block larger than " + maxBlock + " bytes");
        }
        if (need > block.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.min(maxBlock, Math.max(need, block.capacity() * 2)));
            block.flip();
            bigger.put(block);
            block = bigger;
        }
        block.put(fragment);
    }

    /**
     * Decodes the complete block.
     *
     * @return the fields, a new list the caller keeps
     * @throws Http2Exception COMPRESSION_ERROR on a bad block, ENHANCE_YOUR_CALM when the decoded list
     *     exceeds our SETTINGS_MAX_HEADER_LIST_SIZE (both connection errors: the decoder cannot go on)
     */
    List<Header> finish() throws Http2Exception {
        inProgress = false;
        block.flip();
        fields = new ArrayList<>(16);
        try {
            decoder.decode(block, this);
        } catch (HpackException e) {
            boolean tooLarge = e.reason() == HpackException.Reason.HEADER_LIST_TOO_LARGE
                    || e.reason() == HpackException.Reason.STRING_TOO_LONG;
            throw new Http2Exception(tooLarge ? ErrorCode.ENHANCE_YOUR_CALM : ErrorCode.COMPRESSION_ERROR,
                    Http2Exception.Scope.CONNECTION, streamId,
                    "HPACK " + e.reason() + " at offset " + e.offset(), e);
        } finally {
            if (block.capacity() > 64 * 1024) {
                block = ByteBuffer.allocate(1024);
            }
            block.clear();
        }
        List<Header> result = fields;
        fields = null;
        return result;
    }

    @Override
    public void onHeader(String name, String value, boolean neverIndexed) {
        int i = fields.size();
        Header h = i < recent.length ? recent[i] : null;
        if (h == null || h.sensitive() != neverIndexed || !h.name().equals(name) || !h.value().equals(value)) {
            h = new Header(name, value, neverIndexed);
            if (i < recent.length) {
                recent[i] = h;
            }
        }
        fields.add(h); // a Header is immutable: the same one may be in many blocks' lists
    }
}
