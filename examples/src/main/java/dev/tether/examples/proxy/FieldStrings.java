package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.http1.Http1FieldView;

import java.util.Arrays;
import java.util.Locale;

/**
 * The strings of a parsed HTTP/1.1 head's fields, kept per connection: a field that repeats at the
 * same position as in the connection's previous head (the same server or client sends the same
 * fields in the same order) is handed out as the same string again, compared in place and not
 * copied. Names are lower case.
 *
 * <p>Invariants: {@code names[i]} is lower case; {@code names[i]} and {@code values[i]} are the
 * strings last handed out for position {@code i}, or {@code null}.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@ThreadConfined("event loop")
final class FieldStrings {
    private String[] names = new String[16];
    private String[] values = new String[16];

    /**
     * The lower-case name of field {@code i}; allocates only when it differs from last time.
     *
     * @param head the head being parsed (valid during its callback only)
     * @param i the field index
     * @return the name
     */
    String name(Http1FieldView head, int i) {
        ensure(i);
        String n = names[i];
        if (n == null || !head.nameEquals(i, n)) { // ignores ASCII case, so a lower-case copy matches
            n = head.fieldName(i).toLowerCase(Locale.ROOT);
            names[i] = n;
        }
        return n;
    }

    /**
     * The value of field {@code i}; allocates only when it differs from last time.
     *
     * @param head the head being parsed (valid during its callback only)
     * @param i the field index
     * @return the value
     */
    String value(Http1FieldView head, int i) {
        ensure(i);
        String v = values[i];
        if (v == null || !head.valueEquals(i, v)) {
            v = head.fieldValue(i);
            values[i] = v;
        }
        return v;
    }

    private void ensure(int i) {
        if (i >= names.length) {
            int n = Math.max(i + 1, names.length * 2);
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
        }
    }
}
