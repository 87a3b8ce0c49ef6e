/**
 * java.nio plumbing: one selector loop per core with timers and tasks, the acceptor, and bounded
 * non-blocking sockets that close without resetting what the peer has not read.
 */
package dev.tether.examples.nio;
