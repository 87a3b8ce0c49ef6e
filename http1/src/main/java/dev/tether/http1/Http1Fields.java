package dev.tether.http1;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.http1.internal.parser.Ascii;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, ordered list of HTTP field lines (name, value), with case-insensitive lookup. Used
 * to send heads and trailers, and to keep received ones after a callback ({@link
 * Http1FieldView#toFields()}).
 *
 * <p>Invariants: every name is a non-empty token (RFC 9110 §5.1); every value holds only VCHAR,
 * obs-text (U+0080..U+00FF), SP and HTAB, and has no leading or trailing whitespace (RFC 9110 §5.5),
 * so a value can never split a message (no CR, LF or NUL). Validated at construction.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class Http1Fields {
    /** No fields. */
    public static final Http1Fields EMPTY = new Http1Fields(new String[0], 0);

    /** name0, value0, name1, value1, ...; never modified after construction. */
    private final String[] nameValues;
    private final int size;

    private Http1Fields(String[] nameValues, int size) {
        this.nameValues = nameValues;
        this.size = size;
    }

    /**
     * Builds fields from alternating names and values.
     *
     * @param namesAndValues name, value, name, value, ...
     * @return the fields
     * @throws IllegalArgumentException if the count is odd, or a name or value is invalid
     */
    public static Http1Fields of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of names and values: " + namesAndValues.length);
        }
        Builder b = builder(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    /** Starts an empty builder. */
    public static Builder builder() {
        return new Builder(8);
    }

    /**
     * Starts an empty builder with room for {@code fieldLines} lines: a builder filled with exactly
     * that many makes no array but the one its fields keep.
     *
     * @param fieldLines the lines expected
     * @return the builder
     */
    public static Builder builder(int fieldLines) {
        return new Builder(Math.max(1, fieldLines));
    }

    /** How many field lines. */
    public int size() {
        return size;
    }

    /**
     * The name of line {@code i}.
     *
     * @param i the index, from 0
     * @return the name as given
     */
    public String name(int i) {
        Objects.checkIndex(i, size);
        return nameValues[2 * i];
    }

    /**
     * The value of line {@code i}.
     *
     * @param i the index, from 0
     * @return the value
     */
    public String value(int i) {
        Objects.checkIndex(i, size);
        return nameValues[2 * i + 1];
    }

    /**
     * The value of the first line with that name.
     *
     * @param name any case
     * @return the value, or {@code null} when absent
     */
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (Ascii.equalsIgnoreCase(nameValues[2 * i], name)) {
                return nameValues[2 * i + 1];
            }
        }
        return null;
    }

    /**
     * The values of every line with that name, in order.
     *
     * @param name any case
     * @return an immutable list, empty when absent
     */
    public List<String> getAll(String name) {
        List<String> out = null;
        for (int i = 0; i < size; i++) {
            if (Ascii.equalsIgnoreCase(nameValues[2 * i], name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(nameValues[2 * i + 1]);
            }
        }
        return out == null ? List.of() : Collections.unmodifiableList(out);
    }

    /**
     * Whether a line with that name exists.
     *
     * @param name any case
     * @return true if present
     */
    public boolean contains(String name) {
        return get(name) != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Http1Fields)) {
            return false;
        }
        Http1Fields other = (Http1Fields) o;
        return size == other.size
                && Arrays.equals(nameValues, 0, 2 * size, other.nameValues, 0, 2 * other.size);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < 2 * size; i++) {
            h = 31 * h + nameValues[i].hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Http1Fields{");
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? "" : ", ").append(nameValues[2 * i]).append(": ").append(nameValues[2 * i + 1]);
        }
        return sb.append('}').toString();
    }

    static void checkName(String name) {
        Objects.requireNonNull(name, "field name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty field name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7F || !Ascii.isTchar(c)) {
                throw new IllegalArgumentException("field name is not a token: " + name);
            }
        }
    }

    static void checkValue(String name, String value) {
        Objects.requireNonNull(value, "field value");
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            // RFC 9110 §5.5: field-value = *field-content; CR, LF and NUL are never allowed.
            if (c > 0xFF || !Ascii.isFieldChar(c)) {
                throw new IllegalArgumentException("invalid character 0x" + Integer.toHexString(c)
                        + " in value of field " + name);
            }
        }
        if (n > 0 && (Ascii.isWs(value.charAt(0)) || Ascii.isWs(value.charAt(n - 1)))) {
            throw new IllegalArgumentException("leading or trailing whitespace in value of field " + name);
        }
    }

    /**
     * Collects field lines in order; {@link #build()} makes the immutable value.
     *
     * <p>Thread safety: not thread-safe; confine to the building thread.
     */
    @dev.tether.core.annotations.NotThreadSafe
    public static final class Builder {
        /** Shared with the fields last built when they filled it exactly: only ever grown into a copy. */
        private String[] nameValues;
        private int size;

        private Builder(int fieldLines) {
            nameValues = new String[2 * fieldLines];
        }

        /**
         * Appends a field line.
         *
         * @param name a token
         * @param value the value, without CR, LF, NUL or surrounding whitespace
         * @return this builder
         * @throws IllegalArgumentException if the name or value is invalid
         */
        public Builder add(String name, String value) {
            checkName(name);
            checkValue(name, value);
            if (2 * size + 2 > nameValues.length) {
                nameValues = Arrays.copyOf(nameValues, nameValues.length * 2);
            }
            nameValues[2 * size] = name;
            nameValues[2 * size + 1] = value;
            size++;
            return this;
        }

        /**
         * Builds the immutable fields; the builder may be reused afterwards.
         *
         * @return the fields
         */
        public Http1Fields build() {
            if (size == 0) {
                return EMPTY;
            }
            // An exactly full array is never written again (the next add copies it first): it is shared.
            return new Http1Fields(nameValues.length == 2 * size ? nameValues : Arrays.copyOf(nameValues, 2 * size), size);
        }
    }
}
