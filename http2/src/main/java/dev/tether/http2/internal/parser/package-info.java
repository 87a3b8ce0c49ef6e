/** Incremental frame parser and one body parser per frame type (not exported). */
package dev.tether.http2.internal.parser;
