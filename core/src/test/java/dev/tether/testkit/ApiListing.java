package dev.tether.testkit;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps a module's {@code API.md} equal to the public API of its exported packages (OkHttp's
 * {@code .api} habit): one member a line, so that every API change shows up in review. Each type is
 * listed once (a nested type after its enclosing type's members), with its type parameters, and
 * every signature with its generic types, package names left out. A module's test calls
 * {@link #assertListed}; with {@code -Dtether.api.write=true} it rewrites the listing.
 *
 * <p>Thread safety: stateless.
 */
public final class ApiListing {
    private static final String BEGIN = "```text";
    private static final String END = "```";
    /** A package prefix of a qualified name ({@code java.util.}, {@code dev.tether.core.}). */
    private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])");

    private ApiListing() {
    }

    /**
     * Fails unless {@code API.md} in the module's directory (the test's working directory) lists
     * exactly the public types and members of {@code packages}.
     *
     * @param artifact the artifact's name, for the listing's title (e.g. {@code tether-http1})
     * @param anchor a class of the module, to find its compiled classes
     * @param packages the exported packages
     * @throws Exception if the classes or the listing cannot be read
     */
    public static void assertListed(String artifact, Class<?> anchor, String... packages) throws Exception {
        List<String> actual = surface(anchor, packages);
        Path file = Paths.get("API.md");
        if (Boolean.getBoolean("tether.api.write")) {
            write(file, artifact, packages, actual);
        }
        String md = Files.readString(file, StandardCharsets.UTF_8);
        int from = md.indexOf(BEGIN) + BEGIN.length() + 1;
        int to = md.indexOf(END, from);
        List<String> listed = Arrays.asList(md.substring(from, to).strip().split("\n"));
        String module = Paths.get("").toAbsolutePath().getFileName().toString();
        assertThat(listed).as(module + "/API.md is out of date; run: mvn -pl " + module
                        + " test -Dtest=ApiSurfaceTest -Dtether.api.write=true")
                .containsExactlyElementsOf(actual);
    }

    private static void write(Path file, String artifact, String[] packages, List<String> lines) throws IOException {
        String names = Arrays.stream(packages).map(p -> "`" + p + "`").collect(Collectors.joining(" and "));
        String header = "# " + artifact + " public API\n\nThe exported package" + (packages.length > 1 ? "s " : " ") + names
                + ", one member a line. `ApiSurfaceTest` fails when this listing and the code differ, so every API "
                + "change shows up in review.\n\n";
        Files.writeString(file, header + BEGIN + "\n" + String.join("\n", lines) + "\n" + END + "\n", StandardCharsets.UTF_8);
    }

    private static List<String> surface(Class<?> anchor, String... packages) throws IOException, URISyntaxException {
        Path classes = Paths.get(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> out = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (String name : files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class")
                        && !n.contains("$") // nested types: listed with their enclosing type
                        && !n.equals("package-info.class") && !n.equals("module-info.class")).sorted().collect(Collectors.toList())) {
                    describe(load(pkg + "." + name.substring(0, name.length() - 6)), out);
                }
            }
        }
        return out;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void describe(Class<?> c, List<String> out) {
        if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
            return;
        }
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : "class";
        out.add(kind + " " + c.getName().replace('$', '.') + typeParameters(c.getTypeParameters()).stripTrailing());
        List<String> members = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && !f.isSynthetic()) {
                members.add("  field " + simple(f.getGenericType()) + " " + f.getName());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (Modifier.isPublic(k.getModifiers())) {
                members.add("  new(" + params(k.getGenericParameterTypes()) + ")");
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add("  " + (Modifier.isStatic(m.getModifiers()) ? "static " : "")
                        + typeParameters(m.getTypeParameters()) + simple(m.getGenericReturnType())
                        + " " + m.getName() + "(" + params(m.getGenericParameterTypes()) + ")");
            }
        }
        members.sort(null);
        out.addAll(members);
        Arrays.stream(c.getDeclaredClasses()).sorted((a, b) -> a.getName().compareTo(b.getName())).forEach(n -> describe(n, out));
    }

    private static String params(Type[] types) {
        return Arrays.stream(types).map(ApiListing::simple).collect(Collectors.joining(", "));
    }

    /** {@code <S extends Stream> } for declared type variables (with a trailing space), or "". */
    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables).map(v -> {
            String bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class).map(ApiListing::simple)
                    .collect(Collectors.joining(" & "));
            return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + bounds;
        }).collect(Collectors.joining(", ", "<", "> "));
    }

    /** A type as source spells it, without package names: {@code List<Target>}, {@code Mux<?>}, {@code Mux.Migratable}. */
    private static String simple(Type type) {
        return PACKAGE.matcher(type.getTypeName()).replaceAll("").replace('$', '.');
    }
}
