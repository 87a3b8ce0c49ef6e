/** Turns JMH results into the Tether ÷ peer ratio table, the goals check and the SVG chart. */
package dev.tether.benchmarks.report;
