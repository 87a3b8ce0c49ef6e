/** Frame writers (not exported). */
package dev.tether.http2.internal.generator;
