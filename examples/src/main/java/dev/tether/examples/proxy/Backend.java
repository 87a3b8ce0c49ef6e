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
     * Parses {@code h1://host:port} or {@code h2c://host:port}.
     *
     * @param spec the text
     * @return the backend
     * @throws IllegalArgumentException naming the text when it is malformed
     */
    public static Backend parse(String spec) {
        int sep = spec.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("backend must look like h1://host:port or h2c://host:port: " + spec);
        }
        String scheme = spec.substring(0, sep);
        Protocol p;
        if ("h1".equals(scheme) || "http".equals(scheme)) {
            p = Protocol.H1;
        } else if ("h2c".equals(scheme)) {
            p = Protocol.H2C;
        } else {
            throw new IllegalArgumentException("backend scheme must be h1 or h2c: " + spec);
        }
        return new Backend(p, parseAddress(spec.substring(sep + 3)));
    }

    /**
     * Parses {@code host:port}.
     *
     * @param hostPort the text
     * @return the unresolved-if-needed address
     */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("address must look like host:port: " + hostPort);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1).replace("/", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number: " + hostPort);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), port);
    }

    /** The name used for the backend's target: {@code h1-127.0.0.1:9000}. */
    public String name() {
        return protocol.name().toLowerCase(java.util.Locale.ROOT) + "-" + address.getHostString() + ":" + address.getPort();
    }
}
