/** A gateway on the JDK's {@code HttpServer} that forwards through the reuse engine without owning its threads. */
package dev.tether.examples.embed;
