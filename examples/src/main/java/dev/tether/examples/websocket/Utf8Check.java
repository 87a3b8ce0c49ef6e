package dev.tether.examples.websocket;

import dev.tether.core.annotations.NotThreadSafe;

import java.nio.ByteBuffer;

/**
 * An incremental UTF-8 validator (RFC 3629): fed a text message fragment by fragment, it fails at the
 * first byte that cannot be part of well-formed UTF-8, so an endpoint fails the connection as early as
 * RFC 6455 §8.1 asks, even inside a sequence split across fragments.
 *
 * <p>Invariants: {@code pending} is the number of continuation bytes the current sequence still
 * needs (0 between characters); {@code low}/{@code high} bound the next continuation byte, which is
 * how overlong forms, surrogates and code points above U+10FFFF are refused.
 *
 * <p>Thread safety: not thread-safe; one per decoder.
 */
@NotThreadSafe
final class Utf8Check {
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;

    /**
     * Checks the remaining bytes of {@code b} without moving its position.
     *
     * @param b the bytes
     * @return false at the first invalid byte
     */
    boolean accept(ByteBuffer b) {
        for (int i = b.position(); i < b.limit(); i++) {
            if (!accept(b.get(i) & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** True if the text ended between characters; resets the check for the next message. */
    boolean complete() {
        boolean ok = pending == 0;
        pending = 0;
        low = 0x80;
        high = 0xBF;
        return ok;
    }

    private boolean accept(int c) {
        if (pending > 0) {
            if (c < low || c > high) {
                return false;
            }
            pending--;
            low = 0x80;
            high = 0xBF;
            return true;
        }
        if (c < 0x80) {
            return true;
        }
        // RFC 3629 §4: the ranges of the first continuation byte exclude overlongs, surrogates and > U+10FFFF.
        if (c >= 0xC2 && c <= 0xDF) {
            pending = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            pending = 2;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            pending = 3;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        return true;
    }
}
