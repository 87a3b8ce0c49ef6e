/** The proxy's {@code /tether/stats} JSON counters and the {@code /tether/stats.html} page. */
package dev.tether.examples.stats;
