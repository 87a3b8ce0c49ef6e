package dev.tether.http1;

import dev.tether.core.annotations.NotThreadSafe;

import java.util.List;

/**
 * A read-only view of the field lines of a message as parsed: in order, with names as received.
 * Codecs pass a reused view to their listener; it is valid only during that callback. Keep what you
 * need by asking for the strings or with {@link #toFields()}.
 *
 * <p>Invariants: {@code 0 <= i < fieldCount()} for every index argument; names are non-empty tokens;
 * values have no leading or trailing whitespace. Lookups ignore ASCII case. Only the strings and lists
 * returned are allocated; counting and {@link #contains} allocate nothing.
 *
 * <p>Thread safety: confined to the thread inside the listener callback, and only during it.
 */
@NotThreadSafe
public interface Http1FieldView {
    /** How many field lines were received. */
    int fieldCount();

    /**
     * The name of field line {@code i}, as received.
     *
     * @param i the index, from 0
     * @return a new string
     */
    String fieldName(int i);

    /**
     * The value of field line {@code i}, without surrounding whitespace, decoded as ISO-8859-1.
     *
     * @param i the index, from 0
     * @return a new string
     */
    String fieldValue(int i);

    /**
     * Whether field line {@code i} has the given name, ignoring ASCII case. Allocates nothing.
     *
     * @param i the index, from 0
     * @param name the name to compare with
     * @return true if equal ignoring ASCII case
     */
    boolean nameEquals(int i, CharSequence name);

    /**
     * Whether field line {@code i} has exactly the given value (case-sensitive, each char compared
     * with its ISO-8859-1 byte). Allocates nothing: a host that keeps the strings of the previous
     * message can reuse them when a value repeats.
     *
     * @param i the index, from 0
     * @param value the value to compare with
     * @return true if {@link #fieldValue(int)} would return an equal string
     */
    boolean valueEquals(int i, CharSequence value);

    /**
     * Whether a field of that name was received. Allocates nothing.
     *
     * @param name the field name, any case
     * @return true if at least one line has that name
     */
    boolean contains(CharSequence name);

    /**
     * The value of the first line with that name.
     *
     * @param name the field name, any case
     * @return the value, or {@code null} if absent
     */
    String value(CharSequence name);

    /**
     * The values of every line with that name, in order (one element per line, not split on commas).
     *
     * @param name the field name, any case
     * @return the values; an immutable empty list, not allocated, when absent
     */
    List<String> values(CharSequence name);

    /**
     * Copies every field line into an immutable value that outlives the callback.
     *
     * @return the fields, in order
     */
    Http1Fields toFields();
}
