/**
 * The engine behind {@code ReuseEngine}, not exported: per-target pools split per event loop
 * ({@code TargetPool}, {@code LoopPool}), intrusive connection lists, the lookup, placement,
 * parking, purge and takeover, one class per concern. Every state change of a connection goes
 * through {@code LoopPool.moveLocked}, which moves its list membership and counters with it.
 */
package dev.tether.core.internal;
