package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Publishes one {@link PartitionProgress} per partition of the task to the progress topic, a round per
 * call of {@link #publish()} (the task's monitor thread calls it every {@code progress.interval.ms}).
 *
 * <p>Never fails the task and never holds up copying: sends are asynchronous on a producer of its own,
 * a failed or skipped report is counted and logged at most once a minute, and at most two rounds of
 * reports are unacknowledged at a time (further reports are skipped and counted as failed, so an
 * unreachable target does not fill memory). Partitions the task no longer owns are simply not reported:
 * no tombstones, which could race with the reports of the partition's new owner.
 */
final class ProgressPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressPublisher.class);
    private static final long WARN_EVERY_MS = 60_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String connector;
    private final String sourceAlias;
    private final String targetAlias;
    private final int taskId;
    private final long taskStartedAtMs;
    private final Collection<PartitionTracker> partitions;
    private final LongSupplier clock;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long failuresSinceWarning;
    private long lastWarningMs = Long.MIN_VALUE;

    ProgressPublisher(Producer<byte[], byte[]> producer, String topic, String connector, String sourceAlias, String targetAlias,
                      int taskId, long taskStartedAtMs, Collection<PartitionTracker> partitions, LongSupplier clock) {
        this.producer = producer;
        this.topic = topic;
        this.connector = connector;
        this.sourceAlias = sourceAlias;
        this.targetAlias = targetAlias;
        this.taskId = taskId;
        this.taskStartedAtMs = taskStartedAtMs;
        this.partitions = partitions;
        this.clock = clock;
        this.maxInFlight = 2 * Math.max(1, partitions.size());
    }

    /** One round: a report of every partition. */
    void publish() {
        for (PartitionTracker partition : partitions) {
            if (inFlight.get() >= maxInFlight) {
                failed(new IllegalStateException(inFlight.get() + " earlier reports are not acknowledged yet"), partition);
                continue;
            }
            PartitionProgress progress = partition.report(connector, sourceAlias, targetAlias, taskId, taskStartedAtMs,
                clock.getAsLong());
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, progress.reportedAtMs(),
                progress.serializeKey(), progress.serializeValue());
            inFlight.incrementAndGet();
            try {
                producer.send(record, (metadata, exception) -> {
                    inFlight.decrementAndGet();
                    if (exception == null) {
                        sent.incrementAndGet();
                    } else {
                        failed(exception, partition);
                    }
                });
            } catch (RuntimeException e) {
                // e.g. metadata not available within max.block.ms, or the producer closed under us
                inFlight.decrementAndGet();
                failed(e, partition);
            }
        }
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    private void failed(Exception cause, PartitionTracker partition) {
        failed.incrementAndGet();
        long now = clock.getAsLong();
        synchronized (this) {
            failuresSinceWarning++;
            if (lastWarningMs != Long.MIN_VALUE && now - lastWarningMs < WARN_EVERY_MS) {
                return;
            }
            log.warn("Progress report of connector '{}' for source partition {} not written to topic '{}' on the target "
                    + "cluster '{}' ({} report(s) not written since the last warning; copying is not affected): {}", connector,
                partition.source(), topic, targetAlias, failuresSinceWarning, cause.toString());
            failuresSinceWarning = 0;
            lastWarningMs = now;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
