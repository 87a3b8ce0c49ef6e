package dev.tether.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule of docs/behaviour.md (R1, R2, ...: each {@code **R<n>**} the page defines, except rules
 * marked withdrawn) is cited by at least one test of the core, in a comment on the test or its
 * display name, so a rule without a proof shows up here, including one just added to the page.
 */
class RuleCoverageTest {
    private static final Pattern RULE = Pattern.compile("\\bR(\\d+)(?:\\.\\d+)?\\b");
    private static final Pattern DEFINED = Pattern.compile("(?m)^- \\*\\*R(\\d+)\\*\\*(.*)$");

    @Test
    void everyRuleIsCitedByATest() throws IOException {
        Set<Integer> cited = new TreeSet<>();
        Path tests = Paths.get("src/test/java/dev/tether/core");
        try (Stream<Path> files = Files.walk(tests)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith("Test.java"))::iterator) {
                if (f.getFileName().toString().equals("RuleCoverageTest.java")) {
                    continue;
                }
                Matcher m = RULE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    cited.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        Set<Integer> rules = definedRules();
        assertThat(rules).as("rules docs/behaviour.md defines").hasSizeGreaterThanOrEqualTo(73);
        Set<Integer> missing = new TreeSet<>(rules);
        missing.removeAll(cited);
        assertThat(missing).as("rule ids no core test cites").isEmpty();
    }

    /** The rule numbers docs/behaviour.md defines, withdrawn ones excepted. */
    private static Set<Integer> definedRules() throws IOException {
        Set<Integer> rules = new TreeSet<>();
        Matcher m = DEFINED.matcher(Files.readString(Paths.get("../docs/behaviour.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            if (!m.group(2).contains("*withdrawn*")) {
                rules.add(Integer.parseInt(m.group(1)));
            }
        }
        return rules;
    }
}
