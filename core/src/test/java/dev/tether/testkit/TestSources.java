package dev.tether.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JUnit test methods out of Java source text, for tests about the tests themselves: each
 * method annotated {@code @Test}, {@code @ParameterizedTest}, {@code @RepeatedTest} or
 * {@code @TestFactory}, with its annotations (comments removed, so its Javadoc is not part of it)
 * and its own body (comments kept: a comment inside the body belongs to that test).
 *
 * <p>Invariants: a method's body is the text between its opening brace and the matching closing
 * brace, counted outside comments, strings, text blocks and character literals.
 *
 * <p>Thread safety: stateless.
 */
public final class TestSources {
    private static final Pattern TEST_ANNOTATION =
            Pattern.compile("@(Test|ParameterizedTest|RepeatedTest|TestFactory)\\b");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    /**
     * One test method.
     *
     * @param name the method's name
     * @param annotations its annotations and signature, comments removed
     * @param body its body, comments kept
     */
    public record TestMethod(String name, String annotations, String body) {
        /** The annotations' text plus the body: where a test may name what it proves. */
        public String ownText() {
            return annotations + "\n" + body;
        }
    }

    private TestSources() {
    }

    /**
     * The test methods of one source file, in order.
     *
     * @param source the file's text
     * @return its test methods
     */
    public static List<TestMethod> testMethods(String source) {
        char[] kind = classify(source);
        List<TestMethod> methods = new ArrayList<>();
        Matcher m = TEST_ANNOTATION.matcher(source);
        int from = 0;
        while (m.find(from)) {
            int at = m.start();
            if (kind[at] != 'c') {
                from = m.end();
                continue;
            }
            int open = bodyStart(source, kind, m.end());
            int close = matching(source, kind, open);
            if (open < 0 || close < 0) {
                break;
            }
            int headerStart = headerStart(source, kind, at);
            String header = codeOnly(source, kind, headerStart, open);
            methods.add(new TestMethod(methodName(header), header, source.substring(open + 1, close)));
            from = close + 1;
        }
        return methods;
    }

    /**
     * The string literals of a source text outside comments, e.g. the names of a checker's invariants.
     *
     * @param source the text
     * @return the literals' contents, in order
     */
    public static List<String> stringLiterals(String source) {
        char[] kind = classify(source);
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(source);
        while (m.find()) {
            if (m.start() > 0 && kind[m.start()] == 's' && kind[m.start() - 1] == 'c') {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Per character: 'c' code, 'm' comment, 's' string, text block or character literal. */
    private static char[] classify(String s) {
        char[] kind = new char[s.length()];
        int i = 0;
        while (i < s.length()) {
            char ch = s.charAt(i);
            int end;
            char k;
            if (s.startsWith("//", i)) {
                end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
                k = 'm';
            } else if (s.startsWith("/*", i)) {
                end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                k = 'm';
            } else if (s.startsWith("\"\"\"", i)) {
                end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                k = 's';
            } else if (ch == '"' || ch == '\'') {
                end = i + 1;
                while (end < s.length() && s.charAt(end) != ch && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(s.length(), end + 1);
                k = 's';
            } else {
                end = i + 1;
                k = 'c';
            }
            for (int j = i; j < end; j++) {
                kind[j] = k;
            }
            i = end;
        }
        return kind;
    }

    /** The first code '{' after {@code from} outside parentheses: the method body's. */
    private static int bodyStart(String s, char[] kind, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            if (kind[i] != 'c') {
                continue;
            }
            char ch = s.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == '{' && depth == 0) {
                return i;
            } else if (ch == ';' && depth == 0) {
                return -1;
            }
        }
        return -1;
    }

    private static int matching(String s, char[] kind, int open) {
        if (open < 0) {
            return -1;
        }
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (kind[i] != 'c') {
                continue;
            }
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Just after the code '}', '{' or ';' that ends whatever precedes the annotations at {@code at}. */
    private static int headerStart(String s, char[] kind, int at) {
        for (int i = at - 1; i >= 0; i--) {
            char ch = s.charAt(i);
            if (kind[i] == 'c' && (ch == '}' || ch == '{' || ch == ';')) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String codeOnly(String s, char[] kind, int from, int to) {
        StringBuilder b = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            if (kind[i] != 'm') {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    private static String methodName(String header) {
        Matcher m = Pattern.compile("(\\w+)\\s*\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)\\s*(?:throws[\\w\\s,.]+)?$")
                .matcher(header.strip());
        return m.find() ? m.group(1) : "?";
    }
}
