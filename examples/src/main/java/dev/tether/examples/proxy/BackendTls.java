package dev.tether.examples.proxy;

import dev.tether.core.annotations.ThreadSafe;
import dev.tether.examples.tls.TlsContexts;
import dev.tether.examples.tls.TlsNames;

import java.util.ArrayList;
import java.util.List;

/**
 * The TLS side of an {@code https://} backend: which SNI its connections send and which application
 * protocols they offer. The SNI is part of the reuse key (R5: it is the connection's name), so
 * connections opened for one name never carry a request for another; the ALPN offer is not (R7),
 * it only decides the mux once the handshake is done.
 *
 * <p>Invariants: {@code sni} is {@code null} when {@code sniFromHost} is set or no SNI is sent;
 * {@code alpn} is non-empty and holds only {@code h2} and {@code http/1.1}, without repeats.
 *
 * <p>Thread safety: immutable.
 *
 * @param sni the fixed SNI, or {@code null}
 * @param sniFromHost take the SNI from each request's {@code Host} / {@code :authority} ({@code sni=@host})
 * @param alpn the protocols offered, in order of preference
 */
@ThreadSafe
public record BackendTls(String sni, boolean sniFromHost, List<String> alpn) {
    /** The {@code sni} value that takes the SNI from each request. */
    public static final String FROM_HOST = "@host";

    /** Checks the values and copies the list. */
    public BackendTls {
        alpn = List.copyOf(alpn);
        if (sniFromHost && sni != null) {
            throw new IllegalArgumentException("a fixed sni and sni=@host exclude each other: " + sni);
        }
        if (alpn.isEmpty() || !TlsContexts.DEFAULT_ALPN.containsAll(alpn) || alpn.stream().distinct().count() != alpn.size()) {
            throw new IllegalArgumentException("alpn must list h2 and/or http/1.1 once each: " + String.join(",", alpn));
        }
    }

    /**
     * The defaults for {@code host}: SNI = the host when it is a name, none for an IP literal;
     * ALPN offers {@code h2,http/1.1}.
     *
     * @param host the backend's host as written
     * @return the settings
     */
    public static BackendTls defaults(String host) {
        return new BackendTls(TlsNames.sniOf(host), false, TlsContexts.DEFAULT_ALPN);
    }

    /**
     * Parses the query of {@code https://HOST:PORT?sni=NAME&alpn=h2,http/1.1}.
     *
     * @param host the backend's host, for the default SNI
     * @param query the text after {@code ?}, or {@code null}
     * @return the settings
     * @throws IllegalArgumentException naming an unknown parameter or a bad value
     */
    static BackendTls parse(String host, String query) {
        BackendTls d = defaults(host);
        String sni = d.sni;
        boolean fromHost = false;
        List<String> alpn = d.alpn;
        if (query == null || query.isEmpty()) {
            return d;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if (name.equals("sni")) {
                fromHost = value.equals(FROM_HOST);
                sni = fromHost ? null : TlsNames.sniOf(value);
                if (!fromHost && (sni == null || !sni.equals(value.toLowerCase(java.util.Locale.ROOT)))) {
                    throw new IllegalArgumentException("sni must be a host name or @host: " + value);
                }
            } else if (name.equals("alpn")) {
                alpn = new ArrayList<>(List.of(value.split(",")));
            } else {
                throw new IllegalArgumentException("unknown parameter " + name + ", expected sni or alpn");
            }
        }
        return new BackendTls(sni, fromHost, alpn);
    }

    /**
     * The SNI of a connection for a request to {@code authority}.
     *
     * @param authority the request's {@code Host} or {@code :authority}
     * @return the SNI, or {@code null} for none
     */
    public String sniFor(String authority) {
        return sniFromHost ? TlsNames.sniOf(authority) : sni;
    }

    @Override
    public String toString() {
        return "sni=" + (sniFromHost ? FROM_HOST : sni == null ? "(none)" : sni) + "&alpn=" + String.join(",", alpn);
    }
}
