package dev.ferry.mirror;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one background thread of a mirror task: log-end refreshes and progress reports run here, so
 * that nothing on the copy path ({@code poll()}, {@code commitRecord}) waits for them, and they go on
 * while Connect does not call {@code poll()} (paused connector).
 */
final class TaskMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskMonitor.class);

    private final ScheduledExecutorService scheduler;

    TaskMonitor(String name) {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code job} every {@code periodMs}; an exception is logged and the next run goes ahead. */
    void every(long periodMs, String what, Runnable job) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                job.run();
            } catch (RuntimeException e) {
                log.warn("{} failed, retrying in {} ms", what, periodMs, e);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Task monitor thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
