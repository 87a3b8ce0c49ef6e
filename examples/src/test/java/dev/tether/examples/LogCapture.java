package dev.tether.examples;

import dev.tether.core.annotations.ThreadSafe;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Test fixture: collects the lines a {@link System.Logger} writes (through the JDK's default
 * {@code java.util.logging} backend), formatted, while it is open.
 *
 * <p>Invariants: the handler is attached from construction to {@link #close()}; the logger is held so
 * that it is not collected meanwhile.
 *
 * <p>Thread safety: thread-safe: loggers write from any thread.
 */
@ThreadSafe
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
            lines.add(r.getLevel() + " " + format.formatMessage(r));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * Starts collecting what {@code name} (and the loggers below it) writes, at every level.
     *
     * @param name the logger's name
     */
    public LogCapture(String name) {
        logger = Logger.getLogger(name);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The lines so far ({@code LEVEL message}, JUL level names) that contain every one of {@code parts}. */
    public List<String> lines(String... parts) {
        return lines.stream().filter(l -> {
            for (String p : parts) {
                if (!l.contains(p)) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(null);
    }
}
