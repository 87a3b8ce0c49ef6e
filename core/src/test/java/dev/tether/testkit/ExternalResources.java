package dev.tether.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds what tests need from outside the repository: third-party test corpora and server or client
 * binaries from Debian packages (nginx, haproxy, nghttpd, h2load, ...).
 *
 * <p>A missing binary skips its test with a loud message on stderr, except under {@code CI=true},
 * where the test fails: CI installs every binary, so a missing tool there is a broken build, never a
 * silent skip.
 *
 * <p>A corpus (for example http2jp's {@code hpack-test-case}) is not part of the repository, so a
 * missing corpus skips its test even under {@code CI=true}, with a message naming the path looked
 * at. Corpora live in the directory named by the environment variable {@code TETHER_TESTDATA} (the
 * build sets it from the Maven property {@code tether.testdata}, by default {@code ../shared/testdata}
 * beside the project). With the system property {@code tether.corpus.required=true}, which
 * {@code .ci/run} passes when that directory exists, a missing corpus fails instead.
 *
 * <p>Thread safety: stateless.
 */
public final class ExternalResources {
    /** Starts the message of every skip for a missing corpus; {@code .ci/check-tests-ran} allows these only. */
    public static final String NO_CORPUS = "no test corpus";

    private static final String[] BINARY_DIRS = {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin", "/bin"};

    private ExternalResources() {
    }

    /** True when running under CI ({@code CI=true}). */
    public static boolean underCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** True when a missing corpus must fail its test ({@code -Dtether.corpus.required=true}). */
    public static boolean corpusRequired() {
        return Boolean.parseBoolean(System.getProperty("tether.corpus.required", "false"));
    }

    /**
     * Returns a corpus directory under the test data directory, or skips the calling test (fails
     * when {@link #corpusRequired()}) when it is absent, naming the path it looked for.
     *
     * @param relative the corpus's directory below the test data directory, e.g. {@code "hpack-test-case"}
     * @return the existing directory
     */
    public static Path testdata(String relative) {
        Path dir = testdataDir().resolve(relative).toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            return dir;
        }
        String message = NO_CORPUS + " at " + dir + " (set TETHER_TESTDATA or -Dtether.testdata to the"
                + " directory that holds " + relative + ")";
        if (corpusRequired()) {
            throw new AssertionError(message + ": required by -Dtether.corpus.required=true");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    /** {@code $TETHER_TESTDATA}, else {@code ../shared/testdata} beside the project root. */
    private static Path testdataDir() {
        String env = System.getenv("TETHER_TESTDATA");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir.getParent() != null && !Files.isDirectory(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        return dir.resolveSibling("shared").resolve("testdata");
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

    private static void missing(String what) {
        String message = "MISSING " + what;
        if (underCi()) {
            throw new AssertionError(message + ": required under CI=true");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
    }
}
