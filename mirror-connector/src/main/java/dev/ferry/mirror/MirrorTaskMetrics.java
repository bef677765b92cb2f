package dev.ferry.mirror;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Metrics of a mirror task, registered through Connect's plugin metrics so JMX and any configured
 * {@code metric.reporters} see them (group {@code plugins}, tags {@code connector}, {@code task},
 * {@code source}, {@code target}, and {@code topic}, {@code partition} for partition metrics).
 *
 * <p>Per partition:
 * <ul>
 *   <li>{@code record-count}, {@code record-rate}: records copied (acknowledged by the target), total and per second;</li>
 *   <li>{@code byte-count}, {@code byte-rate}: key + value + header bytes copied;</li>
 *   <li>{@code replication-latency-ms-avg|max}: target acknowledgement time minus the source record's
 *       timestamp (meaningful for CreateTime topics and live traffic; old records show their age);</li>
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
 * Per task (no topic and partition tags): {@code replication-latency-ms-p50|p99|p999} (one histogram of
 * 2.5 ms buckets up to 10 s per task), {@code progress-reports-sent-total} and
 * {@code progress-reports-failed-total} (when progress reports are on).
 *
 * <p>Counts and positions are gauges over the {@link PartitionTracker}, so a copied record costs only
 * the rate and latency sensors here.
 */
final class MirrorTaskMetrics implements AutoCloseable {

    private static final double LATENCY_MAX_MS = 10_000;
    private static final int LATENCY_HISTOGRAM_BYTES = 16 * 1024;
    private static final String TASK_LATENCY_SENSOR = "ferry.task.latency";

    private final PluginMetrics metrics;
    private final String source;
    private final String target;
    private final Supplier<Long> clock;
    private final Sensor taskLatency;
    private final List<PartitionMetrics> partitions = new ArrayList<>();
    private final List<MetricName> taskGauges = new ArrayList<>();

    MirrorTaskMetrics(PluginMetrics metrics, String source, String target) {
        this(metrics, source, target, System::currentTimeMillis);
    }

    MirrorTaskMetrics(PluginMetrics metrics, String source, String target, Supplier<Long> clock) {
        this.metrics = metrics;
        this.source = source;
        this.target = target;
        this.clock = clock;
        LinkedHashMap<String, String> tags = taskTags();
        taskLatency = metrics.addSensor(TASK_LATENCY_SENSOR);
        taskLatency.add(new Percentiles(LATENCY_HISTOGRAM_BYTES, LATENCY_MAX_MS, Percentiles.BucketSizing.LINEAR,
            new Percentile(metrics.metricName("replication-latency-ms-p50", "Median replication latency of the task", tags), 50),
            new Percentile(metrics.metricName("replication-latency-ms-p99", "99th percentile of the task's replication latency", tags), 99),
            new Percentile(metrics.metricName("replication-latency-ms-p999", "99.9th percentile of the task's replication latency", tags), 99.9)));
    }

    private LinkedHashMap<String, String> taskTags() {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("target", target);
        return tags;
    }

    /** Registers the metrics of one partition and attaches them to its tracker. */
    void register(PartitionTracker tracker, boolean offsetSyncs) {
        PartitionMetrics partition = new PartitionMetrics(tracker, offsetSyncs);
        partitions.add(partition);
        tracker.metrics = partition;
    }

    /** Counters of the progress reports of the task. */
    void registerProgress(LongSupplier sent, LongSupplier failed) {
        LinkedHashMap<String, String> tags = taskTags();
        MetricName sentName = metrics.metricName("progress-reports-sent-total",
            "Partition progress reports the target acknowledged, since the task started", tags);
        MetricName failedName = metrics.metricName("progress-reports-failed-total",
            "Partition progress reports not written (send failed, or skipped while earlier ones were unacknowledged), since the task started", tags);
        metrics.addMetric(sentName, (Gauge<Long>) (config, now) -> sent.getAsLong());
        metrics.addMetric(failedName, (Gauge<Long>) (config, now) -> failed.getAsLong());
        taskGauges.add(sentName);
        taskGauges.add(failedName);
    }

    /** Copy acknowledged: called on Connect's producer callback thread. */
    void recordCopied(PartitionMetrics partition, int bytes, long latencyMs, long nowMs) {
        partition.records.record(1, nowMs);
        partition.bytes.record(bytes, nowMs);
        if (latencyMs >= 0) {
            partition.latency.record(latencyMs, nowMs);
            taskLatency.record(latencyMs, nowMs);
        }
    }

    @Override
    public void close() {
        partitions.forEach(PartitionMetrics::remove);
        partitions.clear();
        taskGauges.forEach(metrics::removeMetric);
        taskGauges.clear();
        metrics.removeSensor(TASK_LATENCY_SENSOR);
    }

    final class PartitionMetrics {
        final Sensor records;
        final Sensor bytes;
        final Sensor latency;
        private final List<MetricName> gauges = new ArrayList<>();
        private final List<String> sensors = new ArrayList<>();

        PartitionMetrics(PartitionTracker tracker, boolean offsetSyncs) {
            LinkedHashMap<String, String> tags = taskTags();
            tags.put("topic", tracker.source().topic());
            tags.put("partition", Integer.toString(tracker.source().partition()));
            String prefix = "ferry." + tracker.source() + ".";

            records = sensor(prefix + "records");
            records.add(name("record-rate", "Records copied per second", tags), new Rate(new WindowedCount()));
            bytes = sensor(prefix + "bytes");
            bytes.add(name("byte-rate", "Bytes copied per second", tags), new Rate());
            latency = sensor(prefix + "latency");
            latency.add(name("replication-latency-ms-avg", "Average of target acknowledgement time minus source record timestamp", tags), new Avg());
            latency.add(name("replication-latency-ms-max", "Maximum replication latency", tags), new Max());

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

        private Sensor sensor(String sensorName) {
            sensors.add(sensorName);
            return metrics.addSensor(sensorName);
        }

        private MetricName name(String metric, String description, LinkedHashMap<String, String> tags) {
            return metrics.metricName(metric, description, tags);
        }

        private void gauge(MetricName name, LongSupplier value) {
            metrics.addMetric(name, (Gauge<Long>) (config, now) -> value.getAsLong());
            gauges.add(name);
        }

        private void doubleGauge(MetricName name, Supplier<Double> value) {
            metrics.addMetric(name, (Gauge<Double>) (config, now) -> value.get());
            gauges.add(name);
        }

        void remove() {
            gauges.forEach(metrics::removeMetric);
            sensors.forEach(metrics::removeSensor);
        }
    }
}
