/** The command line of {@code tether-examples.jar}: {@code proxy}, {@code origin} and {@code demo}. */
package dev.tether.examples;
