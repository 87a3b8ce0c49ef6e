package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;

import java.net.InetSocketAddress;

/**
 * One backend from the command line: {@code h1://host:port} or {@code h2c://host:port}.
 *
 * <p>Thread safety: immutable.
 *
 * @param protocol how the proxy talks to it
 * @param address where it listens
 */
@ThreadSafe
public record Backend(Protocol protocol, InetSocketAddress address) {
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
        H2C
    }

    /**
     * Parses {@code h1://host:port} or {@code h2c://host:port} ({@code http://} is taken as
     * {@code h1://}). The host is resolved now; see {@link InetSocketAddress#isUnresolved()}.
     *
     * @param spec the text
     * @return the backend
     * @throws IllegalArgumentException saying what is wrong with the text (not repeating it)
     */
    public static Backend parse(String spec) {
        int sep = spec.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("expected h1://HOST:PORT or h2c://HOST:PORT");
        }
        String scheme = spec.substring(0, sep);
        Protocol p;
        if ("h1".equals(scheme) || "http".equals(scheme)) {
            p = Protocol.H1;
        } else if ("h2c".equals(scheme)) {
            p = Protocol.H2C;
        } else if ("https".equals(scheme) || "h2".equals(scheme)) {
            throw new IllegalArgumentException("TLS backends are not available yet: use h1:// or h2c://");
        } else {
            throw new IllegalArgumentException("unknown scheme " + scheme + "://, expected h1:// or h2c://");
        }
        return new Backend(p, parseAddress(spec.substring(sep + 3)));
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
