/**
 * TLS for the example's transports: a sans-IO engine over the JDK's {@code SSLEngine}, PEM reading,
 * {@code SSLContext} building, and a self-signed certificate for tests and demos.
 */
package dev.tether.examples.tls;
