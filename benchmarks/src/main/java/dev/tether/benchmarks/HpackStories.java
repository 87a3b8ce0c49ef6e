package dev.tether.benchmarks;

import dev.tether.core.annotations.ThreadSafe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The http2jp hpack-test-case corpus (MIT) as header blocks: for one encoder's directory
 * ({@code nghttp2}, {@code go-hpack}, {@code python-hpack}), each story's {@code wire} blocks in
 * order. Each story is one compression context, so a decoder must see its blocks in order from a
 * fresh dynamic table (every story of the corpus uses the default table size, 4096).
 *
 * <p>The corpus is not part of the repository. It is found at
 * {@code $TETHER_TESTDATA/hpack-test-case}, or else at {@code ../shared/testdata/hpack-test-case}
 * beside the working directory or one of its parents.
 *
 * <p>Invariants: immutable once loaded; blocks are raw bytes, never shared with a decoder.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class HpackStories {
    /** Header blocks per encoder directory in the corpus. */
    public static final int BLOCKS_PER_DIRECTORY = 3384;
    private static final Pattern WIRE = Pattern.compile("\"wire\"\\s*:\\s*\"([0-9a-fA-F]*)\"");

    private final List<byte[][]> stories;

    private HpackStories(List<byte[][]> stories) {
        this.stories = stories;
    }

    /**
     * Loads one encoder's stories.
     *
     * @param encoder {@code nghttp2}, {@code go-hpack} or {@code python-hpack}
     * @return the stories
     * @throws IllegalStateException if the corpus is missing or not the expected size
     */
    public static HpackStories load(String encoder) {
        Path dir = corpus().resolve(encoder);
        List<byte[][]> stories = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path story : files.filter(p -> p.getFileName().toString().matches("story_\\d+\\.json"))
                    .sorted().collect(Collectors.toList())) {
                stories.add(blocks(Files.readString(story, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the HPACK corpus at " + dir, e);
        }
        HpackStories loaded = new HpackStories(stories);
        if (loaded.blockCount() != BLOCKS_PER_DIRECTORY) {
            throw new IllegalStateException(dir + " holds " + loaded.blockCount() + " blocks, expected " + BLOCKS_PER_DIRECTORY);
        }
        return loaded;
    }

    /**
     * The corpus directory.
     *
     * @return {@code .../testdata/hpack-test-case}
     * @throws IllegalStateException if it cannot be found
     */
    public static Path corpus() {
        String env = System.getenv("TETHER_TESTDATA");
        if (env != null && !env.isBlank()) {
            Path corpus = Paths.get(env, "hpack-test-case");
            if (Files.isDirectory(corpus)) {
                return corpus;
            }
            throw new IllegalStateException("HPACK corpus not found at " + corpus.toAbsolutePath());
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path corpus = dir.resolveSibling("shared").resolve("testdata").resolve("hpack-test-case");
            if (Files.isDirectory(corpus)) {
                return corpus;
            }
        }
        throw new IllegalStateException("HPACK corpus not found: set TETHER_TESTDATA to the directory that holds "
                + "hpack-test-case");
    }

    private static byte[][] blocks(String json) {
        List<byte[]> blocks = new ArrayList<>();
        Matcher m = WIRE.matcher(json);
        while (m.find()) {
            blocks.add(hex(m.group(1)));
        }
        return blocks.toArray(new byte[0][]);
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** {@return the number of stories} */
    public int storyCount() {
        return stories.size();
    }

    /**
     * One story's blocks, in order.
     *
     * @param story the story index
     * @return a fresh copy of its blocks
     */
    public byte[][] story(int story) {
        byte[][] blocks = stories.get(story);
        byte[][] copy = new byte[blocks.length][];
        for (int i = 0; i < blocks.length; i++) {
            copy[i] = blocks[i].clone();
        }
        return copy;
    }

    /** {@return the number of blocks over all stories} */
    public int blockCount() {
        int n = 0;
        for (byte[][] s : stories) {
            n += s.length;
        }
        return n;
    }
}
