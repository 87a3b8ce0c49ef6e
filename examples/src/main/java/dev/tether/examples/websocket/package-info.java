/**
 * A small, strict WebSocket implementation (RFC 6455) for the examples: frame decoder and encoder,
 * the opening handshake's values, and the origin's echo endpoint.
 */
package dev.tether.examples.websocket;
