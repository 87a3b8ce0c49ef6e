package dev.tether.http2;

import dev.tether.core.annotations.ThreadSafe;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the facts the engine needs from a decoded response head: the status and the
 * authentication challenges (R28–R30).
 *
 * <p>Invariants: stateless; allocates a list only when the field is present.
 *
 * <p>Thread safety: stateless.
 */
@ThreadSafe
final class ResponseHead {
    private ResponseHead() {
    }

    /** {@return the {@code :status} value, or 0 if absent or not three digits} */
    static int status(List<Header> headers) {
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (h.name().equals(":status")) {
                String v = h.value();
                if (v.length() != 3) {
                    return 0;
                }
                int s = 0;
                for (int k = 0; k < 3; k++) {
                    char c = v.charAt(k);
                    if (c < '0' || c > '9') {
                        return 0;
                    }
                    s = s * 10 + (c - '0');
                }
                return s;
            }
        }
        return 0;
    }

    /** {@return every value of a field, in order; an empty immutable list when absent} */
    static List<String> values(List<Header> headers, String name) {
        List<String> out = null;
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            if (h.name().equals(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(h.value());
            }
        }
        return out == null ? List.of() : out;
    }
}
