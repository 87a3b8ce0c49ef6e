/**
 * The {@code chaos} command: a load whose every answer is checked while the origin injects faults,
 * with the proxy as a child process whose files and heap are measured.
 */
package dev.tether.examples.chaos;
