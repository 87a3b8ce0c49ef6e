/** HTTP/1.1 message parsing (RFC 9112): start line, fields, framing and chunked bodies; not exported. */
package dev.tether.http1.internal.parser;
