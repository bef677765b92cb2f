package dev.ferry.mirror;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-partition metrics of a mirror task, registered through Connect's plugin metrics so JMX and any
 * configured {@code metric.reporters} see them (group {@code plugins}, tags {@code connector},
 * {@code task}, {@code source}, {@code target}, {@code topic}, {@code partition}):
 * <ul>
 *   <li>{@code record-count}, {@code record-rate}: records copied (acknowledged by the target), total and per second;</li>
 *   <li>{@code byte-count}, {@code byte-rate}: key + value + header bytes copied;</li>
 *   <li>{@code replication-latency-ms-avg|max}: target acknowledgement time minus the source record's
 *       timestamp (meaningful for CreateTime topics and live traffic; old records show their age);</li>
 *   <li>per task only (tags without topic and partition), {@code replication-latency-ms-p50|p99|p999}: one
 *       histogram of 2.5 ms buckets up to 10 s per task, since a histogram per partition would cost
 *       32 KB each;</li>
 *   <li>{@code last-copied-offset}: upstream offset of the last acknowledged copy;</li>
 *   <li>{@code source-log-end-offset}: the source partition's end (last stable offset under read_committed)
 *       as last seen by the task's consumer;</li>
 *   <li>{@code lag-records}: source-log-end-offset minus the next offset to copy (never negative).</li>
 * </ul>
 */
final class MirrorTaskMetrics implements AutoCloseable {

    /** Latency histogram range: records older than this land in the top bucket. */
    private static final double LATENCY_MAX_MS = 10_000;
    private static final int LATENCY_HISTOGRAM_BYTES = 16 * 1024;

    private final PluginMetrics metrics;
    private final String source;
    private final String target;
    private final Map<TopicPartition, PartitionMetrics> partitions = new ConcurrentHashMap<>();
    private final Sensor taskLatency;

    MirrorTaskMetrics(PluginMetrics metrics, String source, String target) {
        this.metrics = metrics;
        this.source = source;
        this.target = target;
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("target", target);
        taskLatency = metrics.addSensor("ferry.task.latency");
        taskLatency.add(new Percentiles(LATENCY_HISTOGRAM_BYTES, LATENCY_MAX_MS, Percentiles.BucketSizing.LINEAR,
            new Percentile(metrics.metricName("replication-latency-ms-p50", "Median replication latency of the task", tags), 50),
            new Percentile(metrics.metricName("replication-latency-ms-p99", "99th percentile of the task's replication latency", tags), 99),
            new Percentile(metrics.metricName("replication-latency-ms-p999", "99.9th percentile of the task's replication latency", tags), 99.9)));
    }

    /** Copy acknowledged: called on Connect's producer callback thread. */
    void recordCopied(TopicPartition tp, long upstreamOffset, int bytes, long latencyMs, long nowMs) {
        PartitionMetrics partition = partition(tp);
        partition.records.record(1, nowMs);
        partition.bytes.record(bytes, nowMs);
        if (latencyMs >= 0) {
            partition.latency.record(latencyMs, nowMs);
            taskLatency.record(latencyMs, nowMs);
        }
        partition.lastCopied = upstreamOffset;
    }

    /** The source log end as the consumer sees it: called on the task thread. */
    void updateLogEnd(TopicPartition tp, long logEndOffset) {
        partition(tp).logEnd = logEndOffset;
    }

    /** The last copied upstream offset, or -1 when nothing was copied by this task yet. */
    long lastCopied(TopicPartition tp) {
        PartitionMetrics partition = partitions.get(tp);
        return partition == null ? -1 : partition.lastCopied;
    }

    /** Starts a partition's lag at its start position, so it is known before the first copy. */
    void startAt(TopicPartition tp, long nextToCopy) {
        PartitionMetrics partition = partition(tp);
        if (partition.lastCopied < 0) {
            partition.lastCopied = nextToCopy - 1;
        }
    }

    private PartitionMetrics partition(TopicPartition tp) {
        PartitionMetrics existing = partitions.get(tp);
        return existing != null ? existing : partitions.computeIfAbsent(tp, PartitionMetrics::new);
    }

    @Override
    public void close() {
        partitions.values().forEach(PartitionMetrics::remove);
        partitions.clear();
        metrics.removeSensor("ferry.task.latency");
    }

    private final class PartitionMetrics {
        final Sensor records;
        final Sensor bytes;
        final Sensor latency;
        final List<MetricName> gauges = new ArrayList<>();
        final List<String> sensors = new ArrayList<>();
        volatile long lastCopied = -1;
        volatile long logEnd = -1;

        PartitionMetrics(TopicPartition tp) {
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            tags.put("source", source);
            tags.put("target", target);
            tags.put("topic", tp.topic());
            tags.put("partition", Integer.toString(tp.partition()));
            String prefix = "ferry." + tp + ".";

            records = sensor(prefix + "records");
            records.add(name("record-count", "Records copied to the target and acknowledged", tags), new CumulativeSum());
            records.add(name("record-rate", "Records copied per second", tags), new Rate(new WindowedCount()));

            bytes = sensor(prefix + "bytes");
            bytes.add(name("byte-count", "Key, value and header bytes copied", tags), new CumulativeSum());
            bytes.add(name("byte-rate", "Bytes copied per second", tags), new Rate());

            latency = sensor(prefix + "latency");
            latency.add(name("replication-latency-ms-avg", "Average of target acknowledgement time minus source record timestamp", tags), new Avg());
            latency.add(name("replication-latency-ms-max", "Maximum replication latency", tags), new Max());

            gauge(name("last-copied-offset", "Upstream offset of the last acknowledged copy", tags), () -> lastCopied);
            gauge(name("source-log-end-offset", "End of the source partition as last seen by the task", tags), () -> logEnd);
            gauge(name("lag-records", "Records in the source partition not yet copied", tags),
                () -> logEnd < 0 ? -1 : Math.max(0, logEnd - (lastCopied + 1)));
        }

        private Sensor sensor(String sensorName) {
            sensors.add(sensorName);
            return metrics.addSensor(sensorName);
        }

        private MetricName name(String metric, String description, LinkedHashMap<String, String> tags) {
            return metrics.metricName(metric, description, tags);
        }

        private void gauge(MetricName name, java.util.function.LongSupplier value) {
            metrics.addMetric(name, (Gauge<Long>) (config, now) -> value.getAsLong());
            gauges.add(name);
        }

        void remove() {
            gauges.forEach(metrics::removeMetric);
            sensors.forEach(metrics::removeSensor);
        }
    }
}
