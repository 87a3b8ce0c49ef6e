package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import java.net.InetSocketAddress;

/**
 * One backend from the command line: {@code h1://host:port}, {@code h2c://host:port} or
 * {@code https://host:port[?sni=NAME&alpn=h2,http/1.1]}.
 *
 * <p>Invariants: {@code tls} is present exactly for {@link Protocol#HTTPS}.
 *
 * <p>Thread safety: immutable.
 *
 * @param protocol how the proxy talks to it
 * @param address where it listens
 * @param tls the SNI and ALPN settings of an {@code https} backend, else {@code null}
 */
@ThreadSafe
public record Backend(Protocol protocol, InetSocketAddress address, BackendTls tls) {
    /**
     * The protocol spoken to a backend.
     *
     * <p>Thread safety: immutable.
     */
    @ThreadSafe
    public enum Protocol {
        /** HTTP/1.1. */
        H1,
        /** HTTP/2 over cleartext with prior knowledge. */
        H2C,
        /** TLS; the negotiated ALPN protocol picks HTTP/2 ({@code h2}) or HTTP/1.1 (anything else). */
        HTTPS
    }

    /** Checks that TLS settings come with {@link Protocol#HTTPS} and only with it. */
    public Backend {
        if ((protocol == Protocol.HTTPS) != (tls != null)) {
            throw new IllegalArgumentException("TLS settings go with https backends only: " + protocol + ", " + tls);
        }
    }

    /**
     * A backend with the default TLS settings when {@code protocol} is {@link Protocol#HTTPS}.
     *
     * @param protocol how the proxy talks to it
     * @param address where it listens
     */
    public Backend(Protocol protocol, InetSocketAddress address) {
        this(protocol, address, protocol == Protocol.HTTPS ? BackendTls.defaults(address.getHostString()) : null);
    }

    /**
     * Parses {@code h1://host:port}, {@code h2c://host:port} ({@code http://} is taken as
     * {@code h1://}) or {@code https://host:port[?sni=NAME|@host&alpn=h2,http/1.1]} (see
     * {@link BackendTls#parse}). The host is resolved now; see {@link InetSocketAddress#isUnresolved()}.
     *
     * @param spec the text
     * @return the backend
     * @throws IllegalArgumentException saying what is wrong with the text (not repeating it)
     */
    public static Backend parse(String spec) {
        int sep = spec.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("expected h1://HOST:PORT, h2c://HOST:PORT or https://HOST:PORT");
        }
        String scheme = spec.substring(0, sep);
        Protocol p;
        if ("h1".equals(scheme) || "http".equals(scheme)) {
            p = Protocol.H1;
        } else if ("h2c".equals(scheme)) {
            p = Protocol.H2C;
        } else if ("https".equals(scheme)) {
            p = Protocol.HTTPS;
        } else if ("h2".equals(scheme)) {
            throw new IllegalArgumentException("unknown scheme h2://: HTTP/2 over TLS is https://HOST:PORT?alpn=h2");
        } else {
            throw new IllegalArgumentException("unknown scheme " + scheme + "://, expected h1://, h2c:// or https://");
        }
        String rest = spec.substring(sep + 3);
        int q = rest.indexOf('?');
        InetSocketAddress address = parseAddress(q < 0 ? rest : rest.substring(0, q));
        if (p != Protocol.HTTPS) {
            if (q >= 0) {
                throw new IllegalArgumentException("only https:// backends take parameters (sni, alpn)");
            }
            return new Backend(p, address);
        }
        return new Backend(p, address, BackendTls.parse(address.getHostString(), q < 0 ? null : rest.substring(q + 1)));
    }

    /**
     * Parses {@code host:port}; the host is resolved now, and stays unresolved if it cannot be.
     *
     * @param hostPort the text
     * @return the address
     * @throws IllegalArgumentException saying what is wrong with the text (not repeating it)
     */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1).replace("/", ""));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be a number from 0 to 65535");
        }
        return new InetSocketAddress(hostPort.substring(0, colon), port);
    }

    /** The name used for the backend's target: {@code h1-127.0.0.1:9000}. */
    public String name() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + "-" + address.getHostString() + ":" + address.getPort();
    }
}
