/**
 * Tether's sans-IO HTTP/1.1 engine (client and server role) and the HTTP/1 mux.
 */
module dev.tether.http1 {
    requires dev.tether.core;

    exports dev.tether.http1;
}
