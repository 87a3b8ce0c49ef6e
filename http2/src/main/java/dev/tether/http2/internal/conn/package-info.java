/**
 * The parts of {@code Http2Connection}, not exported: inbound frame handling, outbound queues and
 * flow-controlled data, SETTINGS and GOAWAY handling, header block reading and validation, and the
 * stream registry.
 */
package dev.tether.http2.internal.conn;
