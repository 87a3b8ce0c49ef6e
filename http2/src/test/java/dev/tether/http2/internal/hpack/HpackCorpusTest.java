package dev.tether.http2.internal.hpack;

import dev.tether.testkit.ExternalResources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The http2jp hpack-test-case corpus (MIT): other encoders' blocks must decode to their headers, and
 * the raw stories must survive our encoder and decoder. Each story is one compression context.
 */
class HpackCorpusTest {
    /** What the corpus on disk holds per directory; an empty or partial copy must fail, not pass. */
    private static final int STORIES_PER_DIRECTORY = 32;
    private static final int CASES_PER_DIRECTORY = 3384;
    private static final Set<String> SELF_PROTECTED = Set.of("authorization", "proxy-authorization", "cookie");

    @ParameterizedTest
    @ValueSource(strings = {"nghttp2", "go-hpack", "python-hpack"})
    void everyStoryDecodesToItsHeadersSharingOneDecoder(String directory) throws HpackException {
        List<Path> stories = stories(directory);
        int cases = 0;
        for (Path story : stories) {
            List<Map<?, ?>> storyCases = cases(story);
            HpackDecoder decoder = new HpackDecoder(initialTableSize(storyCases), 1 << 20, 1 << 16);
            for (int i = 0; i < storyCases.size(); i++) {
                Map<?, ?> c = storyCases.get(i);
                String where = story.getFileName() + " case " + i;
                assertThat(((Number) c.get("seqno")).intValue()).as(where).isEqualTo(i);
                if (c.containsKey("header_table_size")) {
                    // The setting was sent and acknowledged just before this case.
                    decoder.setMaxTableSize(((Number) c.get("header_table_size")).intValue());
                }
                RecordingListener listener = new RecordingListener();
                decoder.decode(ByteBuffer.wrap(Hex.decode((String) c.get("wire"))), listener);
                assertThat(listener.fields).as(where).containsExactlyElementsOf(headers(c));
                cases++;
            }
        }
        assertThat(stories).hasSize(STORIES_PER_DIRECTORY);
        assertThat(cases).isEqualTo(CASES_PER_DIRECTORY);
    }

    @ParameterizedTest
    @EnumSource(value = HpackEncoder.StringCoding.class, names = {"RAW", "HUFFMAN_WHEN_SHORTER"})
    void everyRawStoryRoundTripsThroughAFreshEncoderAndDecoder(HpackEncoder.StringCoding coding) throws HpackException {
        List<Path> stories = stories("raw-data");
        List<List<Map<?, ?>>> parsed = new ArrayList<>();
        for (Path story : stories) {
            parsed.add(cases(story));
        }
        int cases = 0;
        for (IndexingPolicy policy : IndexingPolicy.values()) {
            cases = 0;
            for (int i = 0; i < stories.size(); i++) {
                cases += roundTrip(stories.get(i).getFileName().toString(), parsed.get(i), coding, policy);
            }
        }
        assertThat(stories).hasSize(STORIES_PER_DIRECTORY);
        assertThat(cases).isEqualTo(CASES_PER_DIRECTORY);
    }

    private static int roundTrip(String story, List<Map<?, ?>> storyCases, HpackEncoder.StringCoding coding,
                                 IndexingPolicy policy) throws HpackException {
        HpackEncoder encoder = new HpackEncoder(4096, coding, policy);
        HpackDecoder decoder = new HpackDecoder(4096, 1 << 20, 1 << 16);
        ByteBuffer block = ByteBuffer.allocate(1 << 16);
        for (int i = 0; i < storyCases.size(); i++) {
            List<Field> headers = headers(storyCases.get(i));
            block.clear();
            encoder.beginBlock(block);
            for (Field field : headers) {
                encoder.encode(field.name(), field.value(), false, block);
            }
            RecordingListener listener = new RecordingListener();
            decoder.decode(block.flip(), listener);
            String where = story + " case " + i + " " + coding + " " + policy;
            List<Field> decoded = new ArrayList<>(listener.fields.size());
            for (Field field : listener.fields) {
                // SELECTIVE sends authorization and short cookies never-indexed on its own initiative.
                assertThat(field.neverIndexed() && !(policy == IndexingPolicy.SELECTIVE
                        && SELF_PROTECTED.contains(field.name()))).as(where + " " + field).isFalse();
                decoded.add(Field.of(field.name(), field.value()));
            }
            assertThat(decoded).as(where).isEqualTo(headers);
            assertThat(RfcAppendixCTest.entries(decoder.table())).as(where)
                    .containsExactlyElementsOf(RfcAppendixCTest.entries(encoder.table()));
        }
        return storyCases.size();
    }

    private static int initialTableSize(List<Map<?, ?>> cases) {
        Object size = cases.isEmpty() ? null : cases.get(0).get("header_table_size");
        return size == null ? 4096 : ((Number) size).intValue();
    }

    private static List<Path> stories(String directory) {
        Path dir = ExternalResources.testdata("hpack-test-case").resolve(directory);
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> stories = files.filter(p -> p.getFileName().toString().matches("story_\\d+\\.json"))
                    .sorted().collect(Collectors.toList());
            assertThat(stories).as("stories in " + dir).isNotEmpty();
            return stories;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Map<?, ?>> cases(Path story) {
        try {
            Map<?, ?> root = (Map<?, ?>) Json.parse(Files.readString(story, StandardCharsets.UTF_8));
            List<Map<?, ?>> cases = new ArrayList<>();
            for (Object c : (List<?>) root.get("cases")) {
                cases.add((Map<?, ?>) c);
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Field> headers(Map<?, ?> c) {
        List<Field> fields = new ArrayList<>();
        for (Object header : (List<?>) c.get("headers")) {
            Map<?, ?> one = (Map<?, ?>) header;
            assertThat(one).as("a header is an object with one member").hasSize(1);
            Map.Entry<?, ?> entry = one.entrySet().iterator().next();
            fields.add(Field.of((String) entry.getKey(), (String) entry.getValue()));
        }
        return fields;
    }
}
