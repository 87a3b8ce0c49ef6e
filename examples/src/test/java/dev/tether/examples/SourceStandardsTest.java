package dev.tether.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's standards, checked on this module's main sources: every type carries a
 * thread-safety annotation and a Javadoc with a "Thread safety:" line. (The 400-line limit and the
 * import rules are the style gate's, config/checkstyle, on every module.)
 */
class SourceStandardsTest {
    private static final Pattern TYPE = Pattern.compile(
            "^\\s*(public |protected |private |static |final |abstract |sealed )*(class|interface|enum|record) (\\w+)");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(Paths.get("src/main/java"))) {
            return s.filter(p -> p.toString().endsWith(".java") && !p.endsWith("package-info.java")
                    && !p.endsWith("module-info.java")).toList();
        }
    }

    @Test
    void everyTypeHasAThreadSafetyAnnotationAndJavadoc() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = TYPE.matcher(lines.get(i));
                if (!m.find() || lines.get(i).contains("(") && !lines.get(i).contains("record")) {
                    continue;
                }
                String before = String.join("\n", lines.subList(Math.max(0, i - 40), i));
                int javadoc = before.lastIndexOf("/**");
                String head = javadoc < 0 ? "" : before.substring(javadoc);
                if (!head.matches("(?s).*@(ThreadSafe|NotThreadSafe|ThreadConfined)\\b.*")) {
                    problems.add(p.getFileName() + ": " + m.group(3) + " has no thread-safety annotation");
                }
                if (javadoc < 0 || !head.contains("hread safety:") && !head.contains("Thread safety")) {
                    problems.add(p.getFileName() + ": " + m.group(3) + " has no Javadoc with a Thread safety line");
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
