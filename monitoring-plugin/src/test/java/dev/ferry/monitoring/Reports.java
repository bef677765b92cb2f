package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;

/** Builds synthetic progress histories for tests: one report every {@link #INTERVAL} ms. */
final class Reports {

    static final long INTERVAL = 5_000L;
    static final long T0 = 1_700_000_000_000L;

    private final String connector;
    private final TopicPartition source;
    private final List<PartitionProgress> reports = new ArrayList<>();
    private long startedAt = T0 - 60_000;
    private long at = T0;
    private long records;
    private long bytes;
    private int task;

    Reports(String connector, String topic, int partition) {
        this.connector = connector;
        this.source = new TopicPartition(topic, partition);
    }

    static Reports of(String topic, int partition) {
        return new Reports("east-to-west", topic, partition);
    }

    Reports task(int task) {
        this.task = task;
        return this;
    }

    /** A report {@link #INTERVAL} after the previous one, having copied {@code copied} records of 100 bytes since it. */
    Reports report(long logEnd, long next, long copied) {
        records += copied;
        bytes += copied * 100;
        reports.add(new PartitionProgress(connector, source, "east", "west", "east." + source.topic(), task, at, startedAt,
            logEnd, at - 10, next, next - 1, at - 50, records, bytes,
            copied == 0 ? PartitionProgress.Latency.NONE : new PartitionProgress.Latency(copied, 40, 90, 120, 150)));
        at += INTERVAL;
        return this;
    }

    /** The task restarts: counters start from 0 at the next report. */
    Reports restart() {
        startedAt = at - 1;
        records = 0;
        bytes = 0;
        return this;
    }

    /** Time passes without a report. */
    Reports silence(long ms) {
        at += ms;
        return this;
    }

    /** The time of the next report that would be made, i.e. "now" right after the last one plus one interval. */
    long next() {
        return at;
    }

    long lastReportAt() {
        return reports.get(reports.size() - 1).reportedAtMs();
    }

    List<PartitionProgress> list() {
        return List.copyOf(reports);
    }
}
