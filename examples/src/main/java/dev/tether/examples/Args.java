package dev.tether.examples;

import dev.tether.core.annotations.NotThreadSafe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The options of one subcommand: {@code --name value} pairs (repeatable) and {@code --flag}s.
 * Unknown options fail fast, naming the option.
 *
 * <p>Invariants: every option was declared by the subcommand.
 *
 * <p>Thread safety: not thread-safe; used by {@link Main} only.
 */
@NotThreadSafe
final class Args {
    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    /**
     * Parses {@code args}.
     *
     * @param args the arguments after the subcommand
     * @param valued options that take a value
     * @param flagNames options that take none
     * @throws IllegalArgumentException naming an unknown option or a missing value
     */
    Args(String[] args, Set<String> valued, Set<String> flagNames) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (flagNames.contains(a)) {
                flags.add(a);
            } else if (valued.contains(a)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                values.computeIfAbsent(a, k -> new ArrayList<>()).add(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option: " + a);
            }
        }
    }

    boolean flag(String name) {
        return flags.contains(name);
    }

    String value(String name, String dflt) {
        List<String> v = values.get(name);
        return v == null ? dflt : v.get(v.size() - 1);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    double decimal(String name, double dflt) {
        String v = value(name, null);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + v);
        }
    }

    int integer(String name, int dflt) {
        String v = value(name, null);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer: " + v);
        }
    }
}
