/**
 * Tether's sans-IO HTTP/1.1 engine (client and server role) and the HTTP/1 mux. Requires core
 * transitively: the public API implements and takes core types ({@code Mux}, {@code Stream},
 * {@code MuxListener}).
 */
module dev.tether.http1 {
    requires transitive dev.tether.core;

    exports dev.tether.http1;
}
