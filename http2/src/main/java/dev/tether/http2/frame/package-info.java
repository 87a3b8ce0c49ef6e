/**
 * Immutable HTTP/2 frame records (RFC 9113 §4, §6), as parsed and written by the connection.
 */
package dev.tether.http2.frame;
