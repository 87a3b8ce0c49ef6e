/** The stream state table (RFC 9113 §5.1), not exported. */
package dev.tether.http2.internal.stream;
