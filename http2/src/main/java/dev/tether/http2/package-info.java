/**
 * Sans-IO HTTP/2: frames, HPACK, flow control, both roles; and the HTTP/2 mux that reports reuse
 * facts to the core engine.
 */
package dev.tether.http2;
