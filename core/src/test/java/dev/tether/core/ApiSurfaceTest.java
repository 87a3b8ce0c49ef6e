package dev.tether.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public API of the exported packages is listed in {@code core/API.md} (OkHttp's {@code .api}
 * habit): a change to the API fails this test until the listing is updated, so it shows in review.
 * Run with {@code -Dtether.api.write=true} to rewrite the listing.
 */
class ApiSurfaceTest {
    private static final String BEGIN = "```text";
    private static final String END = "```";

    @Test
    void apiListingMatchesThePublicApi() throws Exception {
        List<String> actual = surface("dev.tether.core", "dev.tether.core.annotations");
        Path file = Paths.get("API.md");
        if (Boolean.getBoolean("tether.api.write")) {
            write(file, actual);
        }
        String md = Files.readString(file, StandardCharsets.UTF_8);
        int from = md.indexOf(BEGIN) + BEGIN.length() + 1;
        int to = md.indexOf(END, from);
        List<String> listed = Arrays.asList(md.substring(from, to).strip().split("\n"));
        assertThat(listed).as("core/API.md is out of date; run: mvn -pl core test -Dtest=ApiSurfaceTest -Dtether.api.write=true")
                .containsExactlyElementsOf(actual);
    }

    private static void write(Path file, List<String> lines) throws IOException {
        String header = "# tether-core public API\n\nThe exported packages `dev.tether.core` and "
                + "`dev.tether.core.annotations`, one member a line. `ApiSurfaceTest` fails when this listing "
                + "and the code differ, so every API change shows up in review.\n\n";
        Files.writeString(file, header + BEGIN + "\n" + String.join("\n", lines) + "\n" + END + "\n", StandardCharsets.UTF_8);
    }

    private static List<String> surface(String... packages) throws IOException, URISyntaxException {
        Path classes = Paths.get(ReuseEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> out = new ArrayList<>();
        for (String pkg : packages) {
            Path dir = classes.resolve(pkg.replace('.', '/'));
            try (Stream<Path> files = Files.list(dir)) {
                for (String name : files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class")
                        && !n.equals("package-info.class") && !n.equals("module-info.class")).sorted().collect(Collectors.toList())) {
                    describe(load(pkg + "." + name.substring(0, name.length() - 6)), out);
                }
            }
        }
        return out;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurfaceTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void describe(Class<?> c, List<String> out) {
        if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
            return;
        }
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum" : "class";
        out.add(kind + " " + c.getName().replace('$', '.'));
        List<String> members = new ArrayList<>();
        for (Field f : c.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && !f.isSynthetic()) {
                members.add("  field " + f.getType().getSimpleName() + " " + f.getName());
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (Modifier.isPublic(k.getModifiers())) {
                members.add("  new(" + params(k.getParameterTypes()) + ")");
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                members.add("  " + (Modifier.isStatic(m.getModifiers()) ? "static " : "") + m.getReturnType().getSimpleName()
                        + " " + m.getName() + "(" + params(m.getParameterTypes()) + ")");
            }
        }
        members.sort(null);
        out.addAll(members);
        Arrays.stream(c.getDeclaredClasses()).sorted((a, b) -> a.getName().compareTo(b.getName())).forEach(n -> describe(n, out));
    }

    private static String params(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
