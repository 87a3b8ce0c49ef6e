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
     * Parses {@code h1://host:port}, {@code h2c://host:port} or
     * {@code https://host:port[?sni=NAME|@host&alpn=h2,http/1.1]} (see {@link BackendTls#parse}).
     *
     * @param spec the text
     * @return the backend
     * @throws IllegalArgumentException naming the text when it is malformed
     */
    public static Backend parse(String spec) {
        int sep = spec.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException("backend must look like h1://host:port, h2c://host:port or https://host:port: "
                    + spec);
        }
        String scheme = spec.substring(0, sep);
        String rest = spec.substring(sep + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? null : rest.substring(q + 1);
        InetSocketAddress address = parseAddress(q < 0 ? rest : rest.substring(0, q));
        if (query != null && !"https".equals(scheme)) {
            throw new IllegalArgumentException("only https backends take parameters: " + spec);
        }
        return switch (scheme) {
            case "h1", "http" -> new Backend(Protocol.H1, address);
            case "h2c" -> new Backend(Protocol.H2C, address);
            case "https" -> new Backend(Protocol.HTTPS, address, BackendTls.parse(address.getHostString(), query));
            default -> throw new IllegalArgumentException("backend scheme must be h1, h2c or https: " + spec);
        };
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
