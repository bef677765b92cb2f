package dev.ferry.testkit;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code System.out} to the log while a cluster starts. Kafka 4.3.1's KRaft storage formatter
 * (used by {@code KafkaClusterTestKit}, under {@code EmbeddedKafkaCluster}) prints its bootstrap
 * metadata straight to {@code System.out}, with no way to turn it off, and test output should stay quiet.
 *
 * <p>{@code System.out} is global: anything another thread prints meanwhile goes to the log too,
 * which is why the window is kept to cluster start-up only.
 */
final class StdoutToLog {

    private static final Logger LOG = LoggerFactory.getLogger(FerryClusters.class);

    private StdoutToLog() {
    }

    static <T> T during(Supplier<T> action) {
        PrintStream original = System.out;
        LineLogger lines = new LineLogger();
        PrintStream toLog = new PrintStream(lines, false, StandardCharsets.UTF_8);
        System.setOut(toLog);
        try {
            return action.get();
        } finally {
            System.setOut(original);
            toLog.flush();
            lines.logRest();
        }
    }

    /** Buffers bytes to the end of a line, then logs the line (flushes do not cut lines: printf flushes mid-line). */
    private static final class LineLogger extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        synchronized void logRest() {
            flushLine();
        }

        private void flushLine() {
            if (line.size() > 0) {
                LOG.info("stdout: {}", line.toString(StandardCharsets.UTF_8).stripTrailing());
                line.reset();
            }
        }
    }
}
