package dev.tether.http2.internal.hpack;

import dev.tether.core.annotations.ThreadSafe;

/**
 * Table-driven decoder for the HPACK Huffman code: a state machine that consumes one whole octet
 * per step. The idea of walking the code tree in fixed-size bit groups is nghttp2's (which uses
 * 4-bit groups); octet-sized groups halve the steps at the price of a 256&nbsp;KiB table.
 *
 * <p>Invariants: a state is an internal node of the code tree (256 of them, the root is 0). Entry
 * {@code TRANSITIONS[state << 8 | octet]} packs, from the low bits: the next state (8 bits), the
 * first and second decoded symbol (8 bits each) and the number of symbols decoded (2 bits: 0, 1 or
 * 2, or {@link #FAIL} when the octet completes EOS). No octet can complete three symbols, because
 * the shortest code is 5 bits long. {@code ACCEPTING[state]} is true only for the root and for the
 * nodes reached from it by one to seven 1-bits: the only states a string may end in (RFC 7541
 * §5.2). Both tables are built at class load and never change.
 *
 * <p>Thread safety: immutable after class initialisation; every method is safe from any thread.
 */
@ThreadSafe
final class HuffmanDecoder {
    /** {@link #decode} result: the string contains the EOS symbol. */
    static final int ERROR_EOS = -1;
    /** {@link #decode} result: the padding is longer than 7 bits or is not a prefix of EOS. */
    static final int ERROR_PADDING = -2;

    /** Symbol count marking a transition that completes EOS. */
    private static final int FAIL = 3;
    private static final int UNSET = Integer.MIN_VALUE;

    private static final int[] TRANSITIONS = new int[256 * 256];
    private static final boolean[] ACCEPTING = new boolean[256];

    static {
        int[][] children = buildTree();
        for (int state = 0; state < 256; state++) {
            for (int octet = 0; octet < 256; octet++) {
                TRANSITIONS[(state << 8) | octet] = step(children, state, octet);
            }
        }
        int node = 0;
        ACCEPTING[0] = true;
        for (int depth = 1; depth <= 7; depth++) {
            node = children[1][node];
            ACCEPTING[node] = true;
        }
    }

    private HuffmanDecoder() {
    }

    /**
     * Builds the code tree: {@code children[bit][node]} is the child's node number if it is an
     * internal node, or {@code -(symbol + 1)} if it is a leaf.
     */
    private static int[][] buildTree() {
        int[][] children = new int[2][256];
        java.util.Arrays.fill(children[0], UNSET);
        java.util.Arrays.fill(children[1], UNSET);
        int nodes = 1;
        for (int symbol = 0; symbol <= Huffman.EOS; symbol++) {
            int length = Huffman.LENGTHS[symbol];
            int code = Huffman.CODES[symbol];
            int node = 0;
            for (int i = length - 1; i > 0; i--) {
                int bit = (code >>> i) & 1;
                if (children[bit][node] == UNSET) {
                    children[bit][node] = nodes++;
                }
                node = children[bit][node];
            }
            children[code & 1][node] = -(symbol + 1);
        }
        if (nodes != 256) {
            throw new ExceptionInInitializerError("HPACK Huffman tree has " + nodes + " internal nodes, expected 256");
        }
        return children;
    }

    /** Computes the packed transition for feeding {@code octet}, most significant bit first, to {@code state}. */
    private static int step(int[][] children, int state, int octet) {
        int node = state;
        int count = 0;
        int symbols = 0;
        for (int i = 7; i >= 0; i--) {
            int child = children[(octet >>> i) & 1][node];
            if (child >= 0) {
                node = child;
                continue;
            }
            int symbol = -child - 1;
            if (symbol == Huffman.EOS) {
                return FAIL << 24;
            }
            symbols |= symbol << (8 * count);
            count++;
            node = 0;
        }
        return node | (symbols << 8) | (count << 24);
    }

    /**
     * Decodes {@code len} Huffman-coded octets of {@code src} from {@code off} into {@code dst} from
     * index 0. Never throws for any input octets.
     *
     * @param src the encoded octets
     * @param off where they start in {@code src}
     * @param len how many there are
     * @param dst where decoded octets go; its length must be at least {@code len * 8 / 5}, the most
     *     octets {@code len} encoded octets can hold (every code is at least 5 bits long)
     * @return the number of decoded octets, or {@link #ERROR_EOS} or {@link #ERROR_PADDING}
     */
    static int decode(byte[] src, int off, int len, byte[] dst) {
        int state = 0;
        int n = 0;
        for (int i = off, end = off + len; i < end; i++) {
            int entry = TRANSITIONS[(state << 8) | (src[i] & 0xFF)];
            int count = entry >>> 24;
            if (count != 0) {
                if (count == FAIL) {
                    return ERROR_EOS;  // RFC 7541 §5.2: EOS inside a string is a decoding error.
                }
                dst[n++] = (byte) (entry >>> 8);
                if (count == 2) {
                    dst[n++] = (byte) (entry >>> 16);
                }
            }
            state = entry & 0xFF;
        }
        // RFC 7541 §5.2: padding longer than 7 bits, or not the most significant bits of EOS, is an error.
        return ACCEPTING[state] ? n : ERROR_PADDING;
    }
}
