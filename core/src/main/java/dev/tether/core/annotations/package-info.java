/**
 * Dependency-free thread-safety annotations, in the spirit of HttpCore 5's {@code @Contract}: they
 * document, on every class of Tether's library modules, which thread may call it and which lock
 * guards which state. They have class retention and no runtime effect.
 */
package dev.tether.core.annotations;
