package dev.tether.embedding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/embedding.md's program, compiled and run here so that it cannot rot: the test fails if the
 * page's code block and {@code it/consumer}'s source differ, if the program does not compile against
 * this tree's core and http1, or if it does not serve its three requests over one backend connection.
 */
class EmbeddingExampleTest {
    private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();
    private static final Path SOURCE = ROOT.resolve("it/consumer/src/main/java/dev/tether/example/BlockingEmbedding.java");

    @Test
    void thePageShowsExactlyTheConsumersProgram() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/embedding.md"), StandardCharsets.UTF_8);
        List<String> block = new ArrayList<>();
        boolean in = false;
        for (String line : page.split("\n", -1)) {
            if (line.trim().equals("<!-- embedding-example:start -->")) {
                in = true;
            } else if (line.trim().equals("<!-- embedding-example:end -->")) {
                break;
            } else if (in && !line.trim().startsWith("```")) {
                block.add(line);
            }
        }
        assertThat(block).as("the page's program").isNotEmpty();
        assertThat(String.join("\n", block) + "\n").isEqualTo(Files.readString(SOURCE, StandardCharsets.UTF_8));
        assertThat(block.size()).as("lines of the program").isLessThan(150);
    }

    @Test
    void theProgramCompilesRunsAndReusesOneConnection(@TempDir Path classes) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), "--release", "17", SOURCE.toString());
        assertThat(status).as("javac exit status").isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader())) {
            Method main = loader.loadClass("dev.tether.example.BlockingEmbedding").getMethod("main", String[].class);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 3)).containsExactly(
                "request 1: 200 hello, reused false, connection now IDLE",
                "request 2: 200 hello, reused true, connection now SAFE",
                "request 3: 200 hello, reused true, connection now SAFE");
        assertThat(lines.get(3)).startsWith("3 requests, 1 backend connection(s); maintain again in ");
    }
}
