package dev.tether.http2.internal.hpack;

/**
 * One header field as a test sees it: name, value and whether it was (or must be) never indexed.
 *
 * @param name the field name
 * @param value the field value
 * @param neverIndexed the never-indexed flag reported by the decoder, or the sensitive flag given to the encoder
 */
record Field(String name, String value, boolean neverIndexed) {
    static Field of(String name, String value) {
        return new Field(name, value, false);
    }

    @Override
    public String toString() {
        return name + ": " + value + (neverIndexed ? " (never indexed)" : "");
    }
}
