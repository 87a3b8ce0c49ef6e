package dev.tether.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what is logged to one logger through {@code System.Logger} (backed by {@code java.util.logging} in
 * tests), so a test can assert that a failure the engine survives is reported to the operator.
 * Use in try-with-resources; closing detaches it.
 *
 * <p>Thread safety: records from any thread.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String loggerName) {
        logger = Logger.getLogger(loggerName);
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Starts recording what is logged to the logger named {@code loggerName}. */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** The messages logged at WARNING or above so far. */
    public List<String> warnings() {
        return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
