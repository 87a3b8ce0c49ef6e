/**
 * The embedded origin server (HTTP/1.1 and h2c): every response names the backend connection that
 * served it ({@code x-conn-id}, {@code x-conn-request}), with test behaviours such as delays, closes,
 * GOAWAY and NTLM challenges.
 */
package dev.tether.examples.origin;
