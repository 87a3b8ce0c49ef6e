package dev.tether.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds what tests need from outside the repository: third-party corpora under
 * {@code ../shared/testdata} and server or client binaries from Debian packages (nginx, haproxy,
 * nghttpd, h2load, ...).
 *
 * <p>When something is missing, a test skips with a loud message on stderr, except under
 * {@code CI=true}, where the test fails: CI installs everything, so a missing tool there is a broken
 * build, never a silent skip.
 *
 * <p>Thread safety: stateless.
 */
public final class ExternalResources {
    private static final String[] BINARY_DIRS = {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"};

    private ExternalResources() {
    }

    /** True when running under CI ({@code CI=true}). */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Returns a directory under the shared test data ({@code ../shared/testdata} next to the project
     * root, or {@code $TETHER_SHARED_DIR/testdata}), or skips (fails under CI) when it is absent.
     *
     * @param relative the path below {@code testdata}, e.g. {@code "hpack-test-case"}
     * @return the existing directory
     */
    public static Path testdata(String relative) {
        Optional<Path> dir = sharedDir().map(d -> d.resolve("testdata").resolve(relative)).filter(Files::isDirectory);
        if (dir.isPresent()) {
            return dir.get();
        }
        missing("test data directory shared/testdata/" + relative
                + " (set TETHER_SHARED_DIR to the folder that holds testdata/)");
        throw new AssertionError("unreachable");
    }

    /**
     * Returns the path of an executable, or skips (fails under CI) when it is not installed.
     *
     * @param name the binary's name, e.g. {@code "nginx"}
     * @param debianPackage the Debian package that provides it, for the message
     * @return the executable
     */
    public static Path binary(String name, String debianPackage) {
        Optional<Path> found = findBinary(name);
        if (found.isPresent()) {
            return found.get();
        }
        missing("binary '" + name + "' (apt-get install -y " + debianPackage + ")");
        throw new AssertionError("unreachable");
    }

    /**
     * Returns {@code /usr/bin/python3} if it can import a module from a Debian package, or skips
     * (fails under CI) when it cannot.
     *
     * @param module the module, e.g. {@code "websockets"}
     * @param debianPackage the Debian package that provides it, for the message
     * @return the interpreter
     */
    public static Path pythonModule(String module, String debianPackage) {
        Path python = Paths.get("/usr/bin/python3"); // Debian's interpreter sees Debian's packages
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", "import " + module).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
                return python;
            }
            p.destroyForcibly();
        } catch (java.io.IOException e) {
            // reported as missing below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        missing("python module '" + module + "' (apt-get install -y " + debianPackage + ")");
        throw new AssertionError("unreachable");
    }

    /**
     * Looks for an executable on {@code PATH} and in the usual system directories.
     *
     * @param name the binary's name
     * @return its path, if found
     */
    public static Optional<Path> findBinary(String name) {
        String pathEnv = System.getenv("PATH");
        if (pathEnv != null) {
            for (String dir : pathEnv.split(java.io.File.pathSeparator)) {
                Path p = Paths.get(dir, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        for (String dir : BINARY_DIRS) {
            Path p = Paths.get(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> sharedDir() {
        String env = System.getenv("TETHER_SHARED_DIR");
        if (env != null && Files.isDirectory(Paths.get(env))) {
            return Optional.of(Paths.get(env));
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(dir.resolve(".mvn")) && Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
            dir = dir.getParent();
        }
        return Optional.empty();
    }

    private static void missing(String what) {
        String message = "MISSING " + what;
        if (underCi()) {
            throw new AssertionError(message + ": required under CI=true");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
    }
}
