/** The {@code demo}: an origin, the proxy and a load of blocking keep-alive clients in one process. */
package dev.tether.examples.load;
