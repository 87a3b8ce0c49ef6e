package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadConfined;
import dev.tether.http1.Http1Fields;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link Http1Fields} of the heads one connection sends, and hands back the previous
 * instance while the name/value strings equal the previous ones: a connection's heads mostly repeat,
 * and building one copies the strings and validates every character.
 *
 * <p>Invariants: {@code fields} was built from exactly the strings in {@code last}; the list returned
 * by {@link #start()} is only read by the next {@link #build()}.
 *
 * <p>Thread safety: confined to its connection's loop.
 */
@ThreadConfined("event loop")
final class Http1FieldsCache {
    private final List<String> next = new ArrayList<>();
    private String[] last = new String[0];
    private Http1Fields fields = Http1Fields.EMPTY;

    /** Empties and returns the list to fill with name, value, name, value, ... for {@link #build()}. */
    List<String> start() {
        next.clear();
        return next;
    }

    /**
     * The fields of the list filled since {@link #start()}: the previous instance when every string
     * is equal, else a new one.
     *
     * @return the fields
     * @throws IllegalArgumentException when a name or value is not valid HTTP/1.1
     */
    Http1Fields build() {
        int n = next.size();
        if (n == last.length && sameAsLast(n)) {
            return fields;
        }
        Http1Fields.Builder b = Http1Fields.builder(n / 2); // one array, kept by the fields
        for (int i = 0; i < n; i += 2) {
            b.add(next.get(i), next.get(i + 1));
        }
        fields = b.build();
        if (last.length != n) {
            last = new String[n]; // a head that changes keeps its length: one value differs (a date, a counter)
        }
        for (int i = 0; i < n; i++) {
            last[i] = next.get(i);
        }
        return fields;
    }

    private boolean sameAsLast(int n) {
        for (int i = 0; i < n; i++) {
            if (!next.get(i).equals(last[i])) {
                return false;
            }
        }
        return true;
    }
}
