package dev.tether.readme;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every link in the repository's Markdown pages leads somewhere a reader of a plain clone can go: a
 * relative link names a file or directory inside the repository and, with {@code #anchor}, a heading
 * of that page (GitHub's heading ids); an absolute link is a public {@code https} address, never a
 * path of some machine.
 */
class DocLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern INLINE = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: target} reference definitions. */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern HTML = Pattern.compile("(?i)\\b(?:href|src)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");

    @Test
    void everyLinkInTheReadmeAndDocsResolvesInsideTheRepository() {
        Path root = RepositoryFiles.root();
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : RepositoryFiles.pages()) {
            for (String target : links(RepositoryFiles.read(page))) {
                checked++;
                String problem = problem(root, page, target);
                if (problem != null) {
                    broken.add(root.relativize(page) + ": " + target + ": " + problem);
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
        assertThat(checked).as("links checked").isGreaterThan(10);
    }

    @Test
    void theCoreDocumentsExistAndAreLinkedFromTheReadme() {
        Path root = RepositoryFiles.root();
        List<String> readmeLinks = links(RepositoryFiles.read(root.resolve("README.md")));
        for (String doc : List.of("docs/behaviour.md", "CONTRIBUTING.md", "CHANGELOG.md", "LICENSE")) {
            assertThat(root.resolve(doc)).exists();
            assertThat(readmeLinks).as("README links").anyMatch(l -> l.equals(doc) || l.startsWith(doc + "#"));
        }
    }

    @Test
    void brokenLinksAndAnchorsAreFound() {
        Path root = RepositoryFiles.root();
        Path readme = root.resolve("README.md");
        assertThat(problem(root, readme, "docs/no-such-page.md")).contains("no such file");
        assertThat(problem(root, readme, "docs/behaviour.md#no-such-heading")).contains("no heading");
        assertThat(problem(root, readme, "../outside/guide.md")).contains("outside the repository");
        assertThat(problem(root, readme, "file:///etc/hosts")).contains("not a public https address");
        assertThat(problem(root, readme, "docs/behaviour.md#7-what-the-code-settled")).isNull();
        assertThat(links("see [a](x.md) and `[b](y.md)`\n```\n[c](z.md)\n```\n[d]: w.md\n"))
                .containsExactly("x.md", "w.md");
    }

    /** The link targets of a page, outside code spans and fenced blocks. */
    static List<String> links(String markdown) {
        String text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> links = new ArrayList<>();
        for (Pattern p : List.of(INLINE, REFERENCE, HTML)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                links.add(m.group(1));
            }
        }
        return links;
    }

    /** Why {@code target}, linked from {@code page}, does not resolve; null if it does. */
    private static String problem(Path root, Path page, String target) {
        if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            return target.startsWith("https://") || target.startsWith("mailto:") ? null : "not a public https address";
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (file.startsWith("/") || !resolved.startsWith(root)) {
            return "outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !anchors(RepositoryFiles.read(resolved)).contains(anchor)) {
            return "no heading with id '" + anchor + "'";
        }
        return null;
    }

    /** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> ids = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (m.find()) {
            String id = m.group(1).toLowerCase(Locale.ROOT)
                    .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            int n = seen.merge(id, 1, Integer::sum);
            ids.add(n == 1 ? id : id + "-" + (n - 1));
        }
        return ids;
    }
}
