/**
 * Tether's sans-IO HTTP/2 engine (frames, HPACK, flow control; client and server role) and the
 * HTTP/2 mux.
 */
module dev.tether.http2 {
    requires transitive dev.tether.core;

    exports dev.tether.http2;
    exports dev.tether.http2.frame;
}
