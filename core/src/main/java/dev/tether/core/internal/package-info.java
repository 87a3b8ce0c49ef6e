/**
 * The engine behind {@code ReuseEngine}, not exported: per-target pools split per event loop
 * ({@code TargetPool}, {@code LoopPool}), intrusive connection lists, the lookup, placement,
 * parking, purge and takeover, one class per concern. Each piece of state has one writer (see
 * docs/architecture.md, "Who owns what"): every state change of a connection is a transition method
 * of its {@code LoopPool}, which moves its list membership and counters with it.
 */
package dev.tether.core.internal;
