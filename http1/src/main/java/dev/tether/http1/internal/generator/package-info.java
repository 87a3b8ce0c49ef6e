/** HTTP/1.1 message generation: heads and body framing written into the caller's buffer; not exported. */
package dev.tether.http1.internal.generator;
