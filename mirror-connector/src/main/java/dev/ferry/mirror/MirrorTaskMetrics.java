package dev.ferry.mirror;

import dev.ferry.common.OwnedTaskMetrics;
import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Metrics of a mirror task, registered through Connect's plugin metrics so JMX and any configured
 * {@code metric.reporters} see them (group {@code plugins}, tags {@code connector}, {@code task},
 * {@code source}, {@code target}, and {@code topic}, {@code partition} for partition metrics).
 *
 * <p>Per partition:
 * <ul>
 *   <li>{@code record-count}, {@code record-rate}: records copied (acknowledged by the target), total and per second
 *       over the last metrics window;</li>
 *   <li>{@code byte-count}, {@code byte-rate}: key + value + header bytes copied;</li>
 *   <li>{@code replication-latency-ms-avg|max}: target acknowledgement time minus the source record's
 *       timestamp over the last metrics window, NaN when it copied nothing (meaningful for CreateTime topics and
 *       live traffic; old records show their age);</li>
 *   <li>{@code record-age-ms}: now minus the source timestamp of the last copied record;</li>
 *   <li>{@code last-copied-offset}: the next offset to copy minus one;</li>
 *   <li>{@code source-log-end-offset}: the source partition's end (last stable offset under read_committed)
 *       as last seen by the task;</li>
 *   <li>{@code lag-records}: source-log-end-offset minus the next offset to copy (never negative);</li>
 *   <li>{@code lag-seconds}: estimated time since the source log end passed the next offset to copy, see
 *       {@link LogEndSamples};</li>
 *   <li>{@code offset-sync-age-ms} (when offset syncs are on): now minus when the last offset sync of the
 *       partition was acknowledged.</li>
 * </ul>
 * Per task (no topic and partition tags): {@code replication-latency-ms-p50|p99|p999} over the last metrics
 * window (every partition's latencies, see {@link LatencyHistogram} for the precision; NaN when nothing was
 * copied), {@code progress-reports-sent-total} and {@code progress-reports-failed-total} (when progress
 * reports are on).
 *
 * <p>Every metric is a gauge over the {@link PartitionTracker}s. Windowed figures (rates, latency) are
 * computed by the task's monitor thread when it closes a window ({@link #closeWindow}, every
 * {@value #WINDOW_MS} ms), never on the copy path: Kafka's sensors would take a lock and check quotas
 * four times per copied record on the producer's callback thread, which the copy throughput depends on.
 */
final class MirrorTaskMetrics implements AutoCloseable {

    /** Length of the window that rates, latency average / maximum and percentiles cover. */
    static final long WINDOW_MS = 10_000;

    private final OwnedTaskMetrics metrics;
    private final Supplier<Long> clock;
    private final List<PartitionMetrics> partitions = new CopyOnWriteArrayList<>();
    private final LatencyHistogram taskWindow = new LatencyHistogram();
    private volatile PartitionProgress.Latency taskLatency = PartitionProgress.Latency.NONE;

    /**
     * @param instance the task instance's number ({@link OwnedTaskMetrics#nextTaskInstance()}): of two instances of
     *                 one task on a worker, only the newer one's metrics are registered
     */
    MirrorTaskMetrics(PluginMetrics metrics, String source, String target, long instance) {
        this(metrics, source, target, instance, System::currentTimeMillis);
    }

    MirrorTaskMetrics(PluginMetrics metrics, String source, String target, long instance, Supplier<Long> clock) {
        this.metrics = OwnedTaskMetrics.claim(metrics, "mirror-task", source, target, instance);
        this.clock = clock;
        doubleGauge(name("replication-latency-ms-p50", "Median replication latency of the task", Map.of()),
            () -> percentile(taskLatency.count(), taskLatency.p50Ms()));
        doubleGauge(name("replication-latency-ms-p99", "99th percentile of the task's replication latency", Map.of()),
            () -> percentile(taskLatency.count(), taskLatency.p99Ms()));
        doubleGauge(name("replication-latency-ms-p999", "99.9th percentile of the task's replication latency", Map.of()),
            () -> percentile(taskLatency.count(), taskLatency.p999Ms()));
    }

    private static double percentile(long count, long valueMs) {
        return count == 0 ? Double.NaN : valueMs;
    }

    private MetricName name(String metric, String description, Map<String, String> tags) {
        return metrics.name(metric, description, tags);
    }

    private void doubleGauge(MetricName name, DoubleSupplier value) {
        metrics.gauge(name, (Gauge<Double>) (config, now) -> value.getAsDouble());
    }

    private void gauge(MetricName name, LongSupplier value) {
        metrics.gauge(name, (Gauge<Long>) (config, now) -> value.getAsLong());
    }

    /** Registers the metrics of one partition (none once these metrics are closed or were taken over). */
    void register(PartitionTracker tracker, boolean offsetSyncs) {
        partitions.add(new PartitionMetrics(tracker, offsetSyncs, clock.get()));
    }

    /** Counters of the progress reports of the task. */
    void registerProgress(LongSupplier sent, LongSupplier failed) {
        gauge(name("progress-reports-sent-total",
            "Partition progress reports the target acknowledged, since the task started", Map.of()), sent);
        gauge(name("progress-reports-failed-total",
            "Partition progress reports not written (send failed, or skipped while earlier ones were unacknowledged), since the task started",
            Map.of()), failed);
    }

    /** Closes the current window of every partition and of the task: called by the task's monitor thread only. */
    void closeWindow() {
        long now = clock.get();
        for (PartitionMetrics partition : partitions) {
            partition.closeWindow(taskWindow, now);
        }
        taskLatency = taskWindow.summary();
        taskWindow.reset();
    }

    /** Records-quarantined counter of the task (with errors.tolerance=all). */
    void registerQuarantine(LongSupplier quarantined) {
        gauge(name("records-quarantined-total",
            "Records that were not copied and whose metadata went to the quarantine topic, since the task started", Map.of()),
            quarantined);
    }

    /** Removes every metric of the task. */
    @Override
    public void close() {
        metrics.close();
        partitions.clear();
    }

    /** One partition's gauges, and the figures of its last closed window. */
    final class PartitionMetrics {

        /** What the windowed gauges show until the first window closes. */
        private static final Window NO_WINDOW = new Window(0, 0, Double.NaN, Double.NaN);

        private record Window(double recordRate, double byteRate, double latencyAvgMs, double latencyMaxMs) {
        }

        private final PartitionTracker tracker;
        private long windowStartMs;
        private long recordsAtWindowStart;
        private long bytesAtWindowStart;
        private volatile Window last = NO_WINDOW;

        PartitionMetrics(PartitionTracker tracker, boolean offsetSyncs, long nowMs) {
            this.tracker = tracker;
            this.windowStartMs = nowMs;
            this.recordsAtWindowStart = tracker.recordsCopied();
            this.bytesAtWindowStart = tracker.bytesCopied();
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("topic", tracker.source().topic());
            tags.put("partition", Integer.toString(tracker.source().partition()));

            doubleGauge(name("record-rate", "Records copied per second over the last metrics window", tags), () -> last.recordRate());
            doubleGauge(name("byte-rate", "Bytes copied per second over the last metrics window", tags), () -> last.byteRate());
            doubleGauge(name("replication-latency-ms-avg",
                "Average of target acknowledgement time minus source record timestamp over the last metrics window", tags),
                () -> last.latencyAvgMs());
            doubleGauge(name("replication-latency-ms-max", "Maximum replication latency over the last metrics window", tags),
                () -> last.latencyMaxMs());
            gauge(name("record-count", "Records copied to the target and acknowledged", tags), tracker::recordsCopied);
            gauge(name("byte-count", "Key, value and header bytes copied", tags), tracker::bytesCopied);
            gauge(name("last-copied-offset", "Upstream offset before the next one to copy", tags), () -> tracker.nextOffset() - 1);
            gauge(name("source-log-end-offset", "End of the source partition as last seen by the task", tags), tracker::logEnd);
            gauge(name("lag-records", "Records in the source partition not yet copied", tags), tracker::lagRecords);
            doubleGauge(name("lag-seconds", "Estimated seconds since the source log end passed the next offset to copy "
                + "(0 when nothing is left to copy, -1 while unknown)", tags), () -> {
                    long lagMs = tracker.lagMs(clock.get());
                    return lagMs < 0 ? -1.0 : lagMs / 1000.0;
                });
            gauge(name("record-age-ms", "Now minus the source timestamp of the last copied record", tags),
                () -> tracker.recordAgeMs(clock.get()));
            if (offsetSyncs) {
                gauge(name("offset-sync-age-ms", "Now minus when the last offset sync of the partition was acknowledged", tags),
                    () -> tracker.offsetSyncAgeMs(clock.get()));
            }
        }

        void closeWindow(LatencyHistogram taskWindow, long nowMs) {
            PartitionTracker.MetricsWindow window = tracker.closeWindow(taskWindow);
            double seconds = Math.max(1, nowMs - windowStartMs) / 1000.0;
            last = new Window((window.recordsCopied() - recordsAtWindowStart) / seconds,
                (window.bytesCopied() - bytesAtWindowStart) / seconds, window.latencyMeanMs(),
                window.latencyMaxMs() < 0 ? Double.NaN : window.latencyMaxMs());
            windowStartMs = nowMs;
            recordsAtWindowStart = window.recordsCopied();
            bytesAtWindowStart = window.bytesCopied();
        }
    }
}
