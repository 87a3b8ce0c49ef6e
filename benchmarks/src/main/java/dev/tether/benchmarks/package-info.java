/**
 * JMH benchmarks of Tether beside HttpCore 5, Jetty and Netty, one class per question, with the pool
 * drivers they share.
 */
package dev.tether.benchmarks;
