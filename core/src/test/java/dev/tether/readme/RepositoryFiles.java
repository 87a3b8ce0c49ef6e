package dev.tether.readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The repository's own files, as the documentation tests see them: the root (the directory that
 * holds {@code .mvn}), the Markdown pages a reader follows, and every text file under version control
 * that the build does not generate.
 *
 * <p>Thread safety: stateless.
 */
final class RepositoryFiles {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", ".idea", "node_modules");
    private static final Set<String> TEXT_SUFFIXES = Set.of(".java", ".md", ".xml", ".sh", ".txt", ".html",
            ".js", ".css", ".properties", ".config", ".conf", ".json", ".svg");

    private RepositoryFiles() {
    }

    /** The repository root: the nearest directory, from the working directory up, that holds {@code .mvn}. */
    static Path root() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no directory with .mvn above " + Paths.get("").toAbsolutePath());
        }
        return dir;
    }

    /** Every Markdown page of the repository: README.md, docs/, CONTRIBUTING.md, module pages. */
    static List<Path> pages() {
        return files(root()).stream().filter(p -> p.toString().endsWith(".md")).toList();
    }

    /** Every text file of the repository, generated ones ({@code target/}) excluded. */
    static List<Path> textFiles() {
        return files(root()).stream().filter(p -> {
            String name = p.getFileName().toString();
            return TEXT_SUFFIXES.stream().anyMatch(name::endsWith) || p.getParent().endsWith(".ci");
        }).toList();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED_DIRECTORIES.contains(dir.getFileName().toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }
}
