package dev.tether.examples;

import dev.tether.core.annotations.NotThreadSafe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one command: {@code --name value} or {@code --name=value} pairs (repeatable) and
 * {@code --flag}s. Every problem is a {@link UsageException} that names the option as the user
 * typed it.
 *
 * <p>Invariants: every option held was declared by the command; a flag never has a value.
 *
 * <p>Thread safety: not thread-safe; used by one command on the main thread.
 */
@NotThreadSafe
final class Args {
    /** The most event loops a command starts: each holds a selector's descriptors and a thread. */
    static final int MAX_LOOPS = 256;

    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    /**
     * Parses {@code args}.
     *
     * @param args the arguments after the command
     * @param valued options that take a value
     * @param flagNames options that take none
     * @throws UsageException naming an unknown option, a missing value or a value given to a flag
     */
    Args(String[] args, Set<String> valued, Set<String> flagNames) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String name = eq < 0 ? a : a.substring(0, eq);
            if (flagNames.contains(name)) {
                if (eq >= 0) {
                    throw new UsageException(name + " takes no value: " + a);
                }
                flags.add(name);
            } else if (valued.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(name + " needs a value");
                }
                values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option: " + a);
            }
        }
    }

    /** True if the flag was given. */
    boolean flag(String name) {
        return flags.contains(name);
    }

    /** The last value given for {@code name}, or {@code dflt}. */
    String value(String name, String dflt) {
        List<String> v = values.get(name);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    /** Every value given for a repeatable option, in order. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /**
     * The integer value of {@code name}, or {@code dflt} when absent.
     *
     * @throws UsageException naming the option when the value is not an integer or is below {@code min}
     */
    int integer(String name, int dflt, int min) throws UsageException {
        String v = value(name, null);
        if (v == null) {
            return dflt;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be an integer: " + v);
        }
        if (n < min) {
            throw new UsageException(name + " must be " + min + " or more: " + v);
        }
        return n;
    }

    /**
     * The integer value of {@code name}, or {@code dflt} when absent, within {@code [min, max]}.
     *
     * @throws UsageException naming the option when the value is not an integer or is out of range
     */
    int integer(String name, int dflt, int min, int max) throws UsageException {
        int n = integer(name, dflt, min);
        if (n > max) {
            throw new UsageException(name + " must be from " + min + " to " + max + ": " + n);
        }
        return n;
    }

    /**
     * The decimal value of {@code name}, or {@code dflt} when absent.
     *
     * @throws UsageException naming the option when the value is not a number in [{@code min}, {@code max}]
     */
    double decimal(String name, double dflt, double min, double max) throws UsageException {
        String v = value(name, null);
        if (v == null) {
            return dflt;
        }
        double d;
        try {
            d = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a number: " + v);
        }
        if (!(d >= min && d <= max)) {
            throw new UsageException(name + " must be between " + min + " and " + max + ": " + v);
        }
        return d;
    }
}
