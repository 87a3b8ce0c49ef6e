package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * How the command line shows {@code System.Logger} output (the JDK's default backend,
 * {@code java.util.logging}): one line per record on stderr, {@code HH:mm:ss LEVEL message}, at
 * INFO, or at DEBUG ({@code FINE}) for Tether's loggers under {@code --verbose}. A logging
 * configuration file given with {@code -Djava.util.logging.config.file} is left alone.
 *
 * <p>Thread safety: {@link #install} runs once, on the main thread, before any command starts.
 */
@ThreadSafe
final class ConsoleLogging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** Held so that its level stays set: java.util.logging keeps loggers only weakly. */
    private static final Logger TETHER = Logger.getLogger("dev.tether");

    private ConsoleLogging() {
    }

    static void install(PrintStream err, boolean verbose) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler console = new StreamHandler(err, new OneLine()) {
            @Override
            public synchronized void publish(LogRecord record) {
                super.publish(record);
                flush();
            }
        };
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
        TETHER.setLevel(verbose ? Level.FINE : Level.INFO);
    }

    /**
     * {@code HH:mm:ss LEVEL message}, then the exception's own line if there is one.
     *
     * <p>Thread safety: stateless.
     */
    @ThreadSafe
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            Level l = r.getLevel();
            String level = l == Level.FINE ? "DEBUG" : l == Level.SEVERE ? "ERROR" : l.getName();
            StringBuilder b = new StringBuilder(128).append(LocalTime.now().format(TIME)).append(' ').append(level)
                    .append(' ').append(formatMessage(r));
            if (r.getThrown() != null) {
                b.append(": ").append(r.getThrown());
            }
            return b.append(System.lineSeparator()).toString();
        }
    }
}
