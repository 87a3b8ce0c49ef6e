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
 * Every rule id of REUSE-RULES.md (R1–R73; ids are never renumbered) is cited by at least one test of
 * the core, in a comment on the test or its display name, so a rule without a proof shows up here.
 */
class RuleCoverageTest {
    private static final int LAST_RULE = 73;
    private static final Pattern RULE = Pattern.compile("\\bR(\\d+)(?:\\.\\d+)?\\b");

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
        Set<Integer> missing = new TreeSet<>();
        for (int r = 1; r <= LAST_RULE; r++) {
            if (!cited.contains(r)) {
                missing.add(r);
            }
        }
        assertThat(missing).as("rule ids no core test cites").isEmpty();
    }
}
