package dev.tether.readme;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule ids that code, tests and pages cite (R1–R73, D1–D12, E1–E6, T1–T53) are defined in
 * docs/behaviour.md, so that every citation resolves inside the repository; and nothing in the
 * repository sends a reader to the guides the behaviour page grew from, which are not part of it.
 */
class RuleCitationsTest {
    /** A definition in docs/behaviour.md: the bold id that starts a rule, a difference or a scenario. */
    private static final Pattern DEFINITION = Pattern.compile("\\*\\*([RDET]\\d{1,2})\\*\\*");
    /** A citation: an id on its own, optionally with a clause ({@code R50.6}). */
    private static final Pattern CITATION = Pattern.compile("(?<![\\w.$/#-])([RDET])(\\d{1,2})(?:\\.\\d)?(?!\\w)");
    private static final List<String> OUTSIDE_GUIDES = List.of("REUSE-" + "RULES.md", "DESIGN" + ".md",
            "STYLE" + ".md", "../" + "shared/" + "REUSE", "/work" + "/");

    @Test
    void everyCitedRuleIdIsDefinedInTheBehaviourPage() {
        Path root = RepositoryFiles.root();
        Set<String> defined = definitions(RepositoryFiles.read(root.resolve("docs/behaviour.md")));
        for (String kind : List.of("R", "D", "E", "T")) {
            long count = defined.stream().filter(id -> id.startsWith(kind)).count();
            assertThat(count).as(kind + " ids defined").isPositive();
            for (int n = 1; n <= count; n++) {
                assertThat(defined).as("ids are numbered without gaps").contains(kind + n);
            }
        }
        List<String> undefined = new ArrayList<>();
        int citations = 0;
        for (Path file : RepositoryFiles.textFiles()) {
            boolean java = file.toString().endsWith(".java");
            String[] lines = RepositoryFiles.read(file).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (java && !isComment(line)) {
                    continue;
                }
                Matcher m = CITATION.matcher(java ? commentOf(line) : line);
                while (m.find()) {
                    citations++;
                    String id = m.group(1) + m.group(2);
                    if (!defined.contains(id)) {
                        undefined.add(root.relativize(file) + ":" + (i + 1) + ": " + id);
                    }
                }
            }
        }
        assertThat(undefined).as("cited ids that docs/behaviour.md does not define").isEmpty();
        assertThat(citations).as("citations found").isGreaterThan(500);
    }

    @Test
    void nothingPointsAtGuidesOutsideTheRepository() {
        Path root = RepositoryFiles.root();
        List<String> found = new ArrayList<>();
        for (Path file : RepositoryFiles.textFiles()) {
            String text = RepositoryFiles.read(file);
            for (String guide : OUTSIDE_GUIDES) {
                if (text.contains(guide)) {
                    found.add(root.relativize(file) + " mentions " + guide);
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void anUndefinedIdIsFoundAndADefinedOneIsNot() {
        Set<String> defined = definitions("- **R1** x\n- **T53** y\n");
        assertThat(defined).containsExactly("R1", "T53");
        Matcher m = CITATION.matcher("// R1, R50.6, T53; not x.R2, $D1, #E2 or TR3");
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1) + m.group(2));
        }
        assertThat(ids).containsExactly("R1", "R50", "T53");
    }

    private static Set<String> definitions(String behaviour) {
        Set<String> ids = new TreeSet<>();
        Matcher m = DEFINITION.matcher(behaviour);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Javadoc, block comment or end-of-line comment lines of Java source. */
    private static boolean isComment(String line) {
        String t = line.trim();
        return t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || line.contains("// ");
    }

    private static String commentOf(String line) {
        String t = line.trim();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) {
            return line;
        }
        return line.substring(line.indexOf("// "));
    }
}
