/**
 * The reverse proxy: HTTP/1.1 and h2c frontends, one engine session per client connection,
 * HTTP/1.1 and h2c backends through the engine's {@code Connector}, replays, and clean 502, 503 and
 * 504 answers with an {@code x-tether-error} reason.
 */
package dev.tether.examples.proxy;
