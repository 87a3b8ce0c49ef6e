package dev.tether.http2.internal.hpack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DynamicTableTest {

    @Test
    void newestEntryIsFirstAndSizeCountsNameValueAnd32() {
        DynamicTable table = new DynamicTable(4096);
        table.add("a", "1");
        table.add("bb", "22");
        assertThat(table.length()).isEqualTo(2);
        assertThat(table.name(0)).isEqualTo("bb");
        assertThat(table.value(1)).isEqualTo("1");
        assertThat(table.entrySize(0)).isEqualTo(36);
        assertThat(table.size()).isEqualTo(34 + 36);
    }

    @Test
    void evictsOldestEntriesFirstUntilTheNewOneFits() {
        DynamicTable table = new DynamicTable(100);  // room for two 40-octet entries, not three
        table.add("n1", "vvvvvv");  // 2 + 6 + 32 = 40
        table.add("n2", "vvvvvv");
        assertThat(table.size()).isEqualTo(80);
        table.add("n3", "vvvvvv");
        assertThat(names(table)).containsExactly("n3", "n2");
        assertThat(table.size()).isEqualTo(80);
        table.add("n4", "v".repeat(40));  // 74 octets: fits only once both older entries are gone
        assertThat(names(table)).containsExactly("n4");
        assertThat(table.size()).isEqualTo(74);
    }

    @Test
    void entryOfExactlyTheCapacityFitsAlone() {
        DynamicTable table = new DynamicTable(50);
        table.add("x", "y");
        table.add("n", "v".repeat(17));  // 1 + 17 + 32 = 50
        assertThat(names(table)).containsExactly("n");
        assertThat(table.size()).isEqualTo(50);
    }

    @Test
    void entryLargerThanTheCapacityEmptiesTheTableAndIsNotAdded() {
        DynamicTable table = new DynamicTable(50);
        table.add("x", "y");
        table.add("n", "v".repeat(18));  // 51 octets
        assertThat(table.length()).isZero();
        assertThat(table.size()).isZero();
    }

    @Test
    void loweringTheCapacityEvictsOldestFirst() {
        DynamicTable table = new DynamicTable(4096);
        for (int i = 0; i < 5; i++) {
            table.add("k" + i, "v");  // 2 + 1 + 32 = 35 each
        }
        table.setCapacity(105);
        assertThat(names(table)).containsExactly("k4", "k3", "k2");
        table.setCapacity(70);
        assertThat(names(table)).containsExactly("k4", "k3");
        table.setCapacity(0);
        assertThat(table.length()).isZero();
        assertThat(table.size()).isZero();
        table.setCapacity(35);
        table.add("k5", "v");
        assertThat(names(table)).containsExactly("k5");
    }

    @Test
    void zeroCapacityTableStaysEmpty() {
        DynamicTable table = new DynamicTable(0);
        table.add("", "");
        table.add("a", "b");
        assertThat(table.length()).isZero();
        assertThat(table.size()).isZero();
    }

    @Test
    void ringGrowsAndWrapsWithoutLosingOrder() {
        DynamicTable table = new DynamicTable(33 * 40);  // 40 entries of 33 octets ("" + one char)
        for (int i = 0; i < 1000; i++) {
            table.add("", String.valueOf((char) ('A' + i % 26)));
            int expectedLength = Math.min(i + 1, 40);
            assertThat(table.length()).isEqualTo(expectedLength);
            assertThat(table.size()).isEqualTo(33 * expectedLength);
            for (int j = 0; j < expectedLength; j++) {
                assertThat(table.value(j)).isEqualTo(String.valueOf((char) ('A' + (i - j) % 26)));
            }
        }
        assertThat(table.ringLength()).isEqualTo(64);
    }

    private static String[] names(DynamicTable table) {
        String[] names = new String[table.length()];
        for (int i = 0; i < names.length; i++) {
            names[i] = table.name(i);
        }
        return names;
    }
}
