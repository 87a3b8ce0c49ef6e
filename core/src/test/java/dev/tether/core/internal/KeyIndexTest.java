package dev.tether.core.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-loop index from a key's hash to its bucket: lookups, growth, probing and the purge's sweep. */
class KeyIndexTest {
    @Test
    void everyBucketIsFoundAgainAfterTheTableGrew() {
        KeyIndex index = new KeyIndex();
        List<KeyBucket> made = new ArrayList<>();
        for (long h = 0; h < 1_000; h++) {
            made.add(index.getOrCreate(h * 0x9E3779B97F4A7C15L));
        }
        for (long h = 0; h < 1_000; h++) {
            KeyBucket b = index.get(h * 0x9E3779B97F4A7C15L);
            assertThat(b).isSameAs(made.get((int) h));
            assertThat(b.hash).isEqualTo(h * 0x9E3779B97F4A7C15L);
            assertThat(index.getOrCreate(b.hash)).isSameAs(b);
        }
        assertThat(index.get(12345L)).isNull();
    }

    @Test
    void hashesThatMeetInTheTableAreKeptApart() {
        KeyIndex index = new KeyIndex();
        // the same slot for each: the high and low halves fold onto the same bits
        long[] hashes = {0L, 0x0000_0001_0000_0001L, 0x0000_0010_0000_0010L, 0x1234_5678_1234_5678L};
        for (long h : hashes) {
            index.getOrCreate(h);
        }
        for (long h : hashes) {
            assertThat(index.get(h).hash).isEqualTo(h);
        }
        assertThat(index.get(0x0000_0002_0000_0002L)).isNull();
    }

    @Test
    void theSweepDropsOnlyBucketsWithoutConnections() {
        KeyIndex index = new KeyIndex();
        List<KeyBucket> kept = new ArrayList<>();
        for (long h = 1; h <= 100; h++) {
            KeyBucket b = index.getOrCreate(h << 20);
            if (h % 10 == 0) {
                b.members = 1; // a connection is homed here with this key hash
                kept.add(b);
            }
        }
        index.sweepEmpty();
        for (long h = 1; h <= 100; h++) {
            KeyBucket b = index.get(h << 20);
            if (h % 10 == 0) {
                assertThat(b).isSameAs(kept.get((int) h / 10 - 1));
            } else {
                assertThat(b).as("hash %d", h << 20).isNull();
            }
        }
        for (long h = 101; h <= 200; h++) { // it grows again after shrinking
            index.getOrCreate(h << 20).members = 1;
        }
        index.sweepEmpty();
        for (long h = 101; h <= 200; h++) {
            assertThat(index.get(h << 20)).isNotNull();
        }
        for (KeyBucket b : kept) {
            assertThat(index.get(b.hash)).isSameAs(b);
        }
    }
}
