package dev.tether.core;

import dev.tether.core.annotations.ThreadSafe;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What must be equal for two requests to share a backend connection: two requests share a connection
 * only if their keys are equal (docs/behaviour.md R5–R9). Every input is compared; the 64-bit hash,
 * computed once at construction, only indexes lists, so a hash collision never causes a wrong reuse
 * (D1).
 *
 * <p>Not part of the key, on purpose (R7): the ALPN offer or negotiated protocol, the HTTP version, the
 * method, the path, and the {@code Host} header unless the host feeds it into the name.
 *
 * <p>Thread safety: immutable.
 */
@ThreadSafe
public final class ReuseKey {
    // CAUTION: the inputs below, in this order, are the whole identity of a backend connection
    // (R5). Adding a field means adding it to equals, hashCode, hash64 and toString, and to the key
    // tests (T15); forgetting one lets two users share a connection they must not share.
    private final Target target;
    private final String name;
    private final SocketAddress destination;
    private final InetSocketAddress source;
    private final byte[] proxyHeader;
    private final boolean hasMark;
    private final int mark;
    private final boolean hasTos;
    private final int tos;
    private final String[] parameters; // name, value, name, value ... sorted by name
    private final long hash;

    private ReuseKey(Builder b, Long forcedHash) {
        this.target = b.target;
        this.name = b.name;
        this.destination = b.destination;
        this.source = b.source;
        this.proxyHeader = b.proxyHeader;
        this.hasMark = b.hasMark;
        this.mark = b.mark;
        this.hasTos = b.hasTos;
        this.tos = b.tos;
        this.parameters = b.parameters.isEmpty() ? NO_PARAMETERS : flatten(b.parameters);
        this.hash = forcedHash != null ? forcedHash : computeHash();
    }

    private static final String[] NO_PARAMETERS = new String[0];

    private static String[] flatten(TreeMap<String, String> parameters) {
        String[] out = new String[parameters.size() * 2];
        int i = 0;
        for (var e : parameters.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    /**
     * Starts a key for a request to {@code target}.
     *
     * @param target the target, registered with the engine the key will be used with
     * @return a builder
     */
    public static Builder builder(Target target) {
        return new Builder(target);
    }

    /** The target (always present). */
    public Target target() {
        return target;
    }

    /** The connection name or SNI, or {@code null} when absent. */
    public String name() {
        return name;
    }

    /** The destination the connection is opened to, or {@code null} when absent. */
    public SocketAddress destination() {
        return destination;
    }

    /** The source address bound for this request, or {@code null} when absent. */
    public InetSocketAddress source() {
        return source;
    }

    /** A copy of the PROXY-protocol header bytes, or {@code null} when absent. */
    public byte[] proxyHeader() {
        return proxyHeader == null ? null : proxyHeader.clone();
    }

    /** The socket mark, if {@link #hasMark()}. */
    public int mark() {
        return mark;
    }

    /** True if a socket mark is part of the key (a mark of 0 differs from no mark, R6). */
    public boolean hasMark() {
        return hasMark;
    }

    /** The TOS value, if {@link #hasTos()}. */
    public int tos() {
        return tos;
    }

    /** True if a TOS value is part of the key. */
    public boolean hasTos() {
        return hasTos;
    }

    /**
     * The value of a host-defined parameter.
     *
     * @param parameterName the parameter's name
     * @return its value, or {@code null} when absent
     */
    public String parameter(String parameterName) {
        for (int i = 0; i < parameters.length; i += 2) {
            if (parameters[i].equals(parameterName)) {
                return parameters[i + 1];
            }
        }
        return null;
    }

    /**
     * The precomputed 64-bit hash. It only indexes lists: equal keys have equal hashes, but equal
     * hashes never make keys equal (R8).
     */
    public long hash64() {
        return hash;
    }

    private long computeHash() {
        long h = mix(target.id() + 0x9E3779B97F4A7C15L);
        h = combine(h, name == null ? 0 : stringHash(name));
        h = combine(h, destination == null ? 0 : destination.hashCode());
        h = combine(h, source == null ? 0 : source.hashCode());
        h = combine(h, proxyHeader == null ? 0 : Arrays.hashCode(proxyHeader) | 1L << 40);
        h = combine(h, hasMark ? (mark & 0xFFFFFFFFL) | 1L << 33 : 0);
        h = combine(h, hasTos ? (tos & 0xFFFFFFFFL) | 1L << 34 : 0);
        for (String p : parameters) {
            h = combine(h, stringHash(p));
        }
        return h;
    }

    private static long stringHash(String s) {
        long h = 0xCBF29CE484222325L; // FNV-1a 64 offset basis
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    private static long combine(long h, long v) {
        return mix(h * 31 + v + 0x9E3779B97F4A7C15L);
    }

    // SplitMix64's finalizer: spreads every input bit over the whole word.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * True iff every input has the same presence and, when present, the same value (R6).
     *
     * @param o another object
     * @return whether {@code o} is an equal key
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ReuseKey)) {
            return false;
        }
        ReuseKey k = (ReuseKey) o;
        return hash == k.hash
                && target == k.target
                && hasMark == k.hasMark && mark == k.mark
                && hasTos == k.hasTos && tos == k.tos
                && Objects.equals(name, k.name)
                && Objects.equals(destination, k.destination)
                && Objects.equals(source, k.source)
                && Arrays.equals(proxyHeader, k.proxyHeader)
                && Arrays.equals(parameters, k.parameters);
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ReuseKey{target=").append(target.name());
        if (name != null) {
            sb.append(", name=").append(name);
        }
        if (destination != null) {
            sb.append(", destination=").append(destination);
        }
        if (source != null) {
            sb.append(", source=").append(source);
        }
        if (proxyHeader != null) {
            sb.append(", proxyHeader=").append(proxyHeader.length).append(" bytes");
        }
        if (hasMark) {
            sb.append(", mark=").append(mark);
        }
        if (hasTos) {
            sb.append(", tos=").append(tos);
        }
        for (int i = 0; i < parameters.length; i += 2) {
            sb.append(", ").append(parameters[i]).append('=').append(parameters[i + 1]);
        }
        return sb.append('}').toString();
    }

    /**
     * Builds a {@link ReuseKey}. Every input but the target is absent until set.
     *
     * <p>Thread safety: not thread safe; use from one thread.
     */
    public static final class Builder {
        private final Target target;
        private String name;
        private SocketAddress destination;
        private InetSocketAddress source;
        private byte[] proxyHeader;
        private boolean hasMark;
        private int mark;
        private boolean hasTos;
        private int tos;
        private final TreeMap<String, String> parameters = new TreeMap<>();

        private Builder(Target target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /**
         * Sets the connection name: the host's explicit name for the connection, or else the TLS SNI
         * it would send. {@code null} or empty means absent (R5).
         *
         * @param name the name or SNI
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name == null || name.isEmpty() ? null : name;
            return this;
        }

        /**
         * Sets the destination the connection is opened to, after any host rewrite: an
         * {@link InetSocketAddress} (compared by family, address bytes and port) or a
         * {@link java.net.UnixDomainSocketAddress} (compared by path).
         *
         * @param destination the destination, or {@code null} for absent
         * @return this builder
         */
        public Builder destination(SocketAddress destination) {
            this.destination = destination;
            return this;
        }

        /**
         * Sets the source address, only when it is derived from the client or transparent (R5.4); a
         * fixed bind address shared by all requests must stay absent.
         *
         * @param source the source, or {@code null} for absent
         * @return this builder
         */
        public Builder source(InetSocketAddress source) {
            this.source = source;
            return this;
        }

        /**
         * Sets the exact PROXY-protocol header bytes that would be sent for this request.
         *
         * @param header the bytes (copied), or {@code null} for absent
         * @return this builder
         */
        public Builder proxyHeader(byte[] header) {
            this.proxyHeader = header == null ? null : header.clone();
            return this;
        }

        /**
         * Sets the socket mark; a mark of 0 differs from no mark.
         *
         * @param mark the mark
         * @return this builder
         */
        public Builder mark(int mark) {
            this.hasMark = true;
            this.mark = mark;
            return this;
        }

        /**
         * Sets the TOS value.
         *
         * @param tos the TOS value
         * @return this builder
         */
        public Builder tos(int tos) {
            this.hasTos = true;
            this.tos = tos;
            return this;
        }

        /**
         * Sets a host-defined parameter.
         *
         * @param parameterName its name
         * @param value its value, or {@code null} to make it absent
         * @return this builder
         */
        public Builder parameter(String parameterName, String value) {
            Objects.requireNonNull(parameterName, "parameterName");
            if (value == null) {
                parameters.remove(parameterName);
            } else {
                parameters.put(parameterName, value);
            }
            return this;
        }

        /** Builds the key and computes its hash. */
        public ReuseKey build() {
            return new ReuseKey(this, null);
        }

        /** Builds a key with a forced hash: for tests that prove collisions never share (T18). */
        ReuseKey buildWithHash(long forcedHash) {
            return new ReuseKey(this, forcedHash);
        }
    }
}
