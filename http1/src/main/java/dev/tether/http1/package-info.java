/**
 * Sans-IO HTTP/1.1: bytes in, events out, bytes out into the caller's buffer; and the HTTP/1 mux
 * that reports reuse facts to the core engine.
 */
package dev.tether.http1;
