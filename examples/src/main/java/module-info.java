/**
 * Tether's examples: a java.nio reverse proxy on the reuse engine, an embedded origin server, the
 * {@code demo} load generator, the stats page, and a gateway on the JDK's {@code HttpServer}.
 */
module dev.tether.examples {
    requires transitive dev.tether.core;
    requires transitive dev.tether.http1;
    requires transitive dev.tether.http2;
    requires transitive jdk.httpserver;
    requires java.logging;

    exports dev.tether.examples.chaos;
    exports dev.tether.examples.embed;
    exports dev.tether.examples.load;
    exports dev.tether.examples.nio;
    exports dev.tether.examples.origin;
    exports dev.tether.examples.proxy;
    exports dev.tether.examples.stats;
    exports dev.tether.examples.tls;
    exports dev.tether.examples.websocket;
}
