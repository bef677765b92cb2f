package dev.ferry.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.TopicPartition;

/**
 * Oracle records produced at a steady rate on a background thread until {@link #stop()}; for tests
 * that restart or reconfigure something while data flows.
 *
 * <p>Pacing: a tick every 10 ms sends however many records are due since the start
 * ({@code rate * elapsed}), so the average rate holds even when a tick is late. Records go
 * round-robin over the partitions given.
 */
public final class BackgroundProduction implements AutoCloseable {

    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final OracleProducer producer;
    private final List<TopicPartition> partitions;
    private final int ratePerSecond;
    private final ScheduledExecutorService ticker;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private ScheduledFuture<?> ticks;
    private long startNanos;
    private boolean stopped;

    BackgroundProduction(OracleProducer producer, List<TopicPartition> partitions, int ratePerSecond) {
        this.producer = producer;
        this.partitions = List.copyOf(partitions);
        this.ratePerSecond = ratePerSecond;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "oracle-background-" + producer.run());
            thread.setDaemon(true);
            return thread;
        });
    }

    synchronized void start() {
        startNanos = System.nanoTime();
        ticks = ticker.scheduleAtFixedRate(this::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** @return records handed to the producer so far */
    public long sent() {
        return sent.get();
    }

    /**
     * Stops sending, waits until every record sent is acknowledged, and reports failures.
     *
     * @return the number of records sent in the background; after this returns the producer's
     *         counts are exact
     * @throws IllegalStateException if any send failed or the background thread could not be stopped
     */
    public synchronized long stop() {
        if (!stopped) {
            stopped = true;
            ticks.cancel(false);
            ticker.shutdown();
            try {
                if (!ticker.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("background production did not stop within " + STOP_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping background production", e);
            } finally {
                producer.flush();
                producer.finished(this);
            }
        }
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException("a background oracle record failed; counts are not trustworthy", failure);
        }
        return sent.get();
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Stops without throwing, for the producer's own close. */
    void stopQuietly() {
        try {
            stop();
        } catch (IllegalStateException ignored) {
            // the producer is closing; whoever cared about the failure has called stop() already
        }
    }

    private void tick() {
        long due = (System.nanoTime() - startNanos) * ratePerSecond / 1_000_000_000L;
        try {
            while (sent.get() < due && firstFailure.get() == null && !Thread.currentThread().isInterrupted()) {
                TopicPartition tp = partitions.get((int) (sent.get() % partitions.size()));
                producer.sendNext(tp.topic(), tp.partition(), producer.sequence(tp.topic(), tp.partition()),
                        error -> firstFailure.compareAndSet(null, error));
                sent.incrementAndGet();
            }
        } catch (RuntimeException e) {
            // an exception would silently cancel the scheduled ticks; record it for stop() instead
            firstFailure.compareAndSet(null, e);
        }
    }
}
