package dev.tether.core;

import dev.tether.testkit.TestSources;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule id (R1–R73) and every scenario id (T1–T53) of the behaviour document is proved by a
 * test that names it: in a {@code @Test} method's display name, annotations or own body (a comment
 * inside the method counts; the class's or the method's Javadoc does not), in any module's tests, or
 * in the name of an invariant the simulation checks after every step ({@code SimChecks}). A comment
 * listing ids far from any assertion covers nothing.
 */
class RuleCoverageTest {
    private static final int LAST_RULE = 73;
    private static final int LAST_SCENARIO = 53;
    private static final List<String> MODULES = List.of("core", "http1", "http2", "examples");
    private static final Path SIM_CHECKS = Paths.get("src/test/java/dev/tether/core/sim/SimChecks.java");
    /** A range wider than this ({@code R13–R71}) is a sweeping claim: only its two ends count. */
    private static final int MAX_RANGE = 3;
    /** An id, or a range of them ({@code R28–R30}, {@code T50-T53}). */
    private static final Pattern ID = Pattern.compile("\\b([RT])(\\d+)(?:\\.\\d+)?(?:\\s*[–-]\\s*\\1?(\\d+)\\b)?\\b");

    @Test
    void everyRuleAndScenarioIsNamedByATestMethodOrASimulationInvariant() throws IOException {
        Map<String, List<String>> provers = new TreeMap<>();
        for (String module : MODULES) {
            Path tests = Paths.get("..", module, "src", "test", "java");
            assertThat(tests).as("test sources of %s", module).isDirectory();
            try (Stream<Path> files = Files.walk(tests)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    if (f.getFileName().toString().equals("RuleCoverageTest.java")) {
                        continue;
                    }
                    String source = Files.readString(f, StandardCharsets.UTF_8);
                    for (TestSources.TestMethod m : TestSources.testMethods(source)) {
                        for (String id : ids(m.ownText())) {
                            provers.computeIfAbsent(id, k -> new ArrayList<>())
                                    .add(f.getFileName().toString().replace(".java", "") + "." + m.name());
                        }
                    }
                }
            }
        }
        for (String invariant : TestSources.stringLiterals(Files.readString(SIM_CHECKS, StandardCharsets.UTF_8))) {
            for (String id : ids(invariant)) {
                provers.computeIfAbsent(id, k -> new ArrayList<>()).add("simulation invariant \"" + invariant + "\"");
            }
        }
        Set<String> missing = new TreeSet<>();
        for (int r = 1; r <= LAST_RULE; r++) {
            if (!provers.containsKey("R" + r)) {
                missing.add("R" + r);
            }
        }
        for (int t = 1; t <= LAST_SCENARIO; t++) {
            if (!provers.containsKey("T" + t)) {
                missing.add("T" + t);
            }
        }
        assertThat(missing).as("ids no test method or simulation invariant names").isEmpty();
    }

    @Test
    void onlyATestMethodsOwnTextCounts() {
        String source = String.join("\n",
                "/** Class doc: R1, T1. */",
                "class X {",
                "    /** Method doc: R2. */",
                "    @Test",
                "    @DisplayName(\"R3: shown\")",
                "    void a() {",
                "        // R4 inside the body",
                "        assertThat(\"T5\").isNotNull(); String s = \"}\"; char c = '{';",
                "    }",
                "    // R6 between methods",
                "    void helper() { /* R7 */ }",
                "    @ParameterizedTest",
                "    @ValueSource(ints = {1, 2})",
                "    void b(int i) { check(\"R28–R30\"); }",
                "}");
        List<TestSources.TestMethod> methods = TestSources.testMethods(source);
        assertThat(methods).extracting(TestSources.TestMethod::name).containsExactly("a", "b");
        assertThat(ids(methods.get(0).ownText())).containsExactlyInAnyOrder("R3", "R4", "T5");
        assertThat(ids(methods.get(1).ownText())).containsExactlyInAnyOrder("R28", "R29", "R30");
    }

    /** The ids a text names, ranges expanded. */
    static Set<String> ids(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = ID.matcher(text);
        while (m.find()) {
            int from = Integer.parseInt(m.group(2));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            if (to - from > MAX_RANGE || to < from) {
                out.add(m.group(1) + from); // a sweeping range names its ends only
                out.add(m.group(1) + to);
                continue;
            }
            for (int i = from; i <= to; i++) {
                out.add(m.group(1) + i);
            }
        }
        return out;
    }
}
