package dev.ferry.checkpoints;

import dev.ferry.common.TaskMetricsOwners;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Metrics of a checkpoint task, registered through Connect's plugin metrics so JMX and any configured
 * {@code metric.reporters} see them (group {@code plugins}; Connect adds the tags {@code connector} and
 * {@code task}, these add {@code source} and {@code target}, and {@code kind} or {@code group} where said).
 *
 * <p>Per task:
 * <ul>
 *   <li>{@code checkpoints-written-total}, {@code checkpoints-written-rate}: checkpoints the target acknowledged;</li>
 *   <li>{@code translations-total} (tag {@code kind}): committed offsets translated, by {@link TranslationKind};</li>
 *   <li>{@code checkpoints-held-total}: translations not written because they would move a checkpoint back
 *       without a reset ({@link CheckpointLedger#held()});</li>
 *   <li>{@code source-resets-total}: checkpoints moved back because the group was reset on the source;</li>
 *   <li>{@code offset-syncs-applied-total}, {@code offset-syncs-skipped-total}: records of the offset-syncs topic
 *       read as syncs, and skipped as foreign or corrupt;</li>
 *   <li>{@code checkpoint-records-skipped-total}: unreadable records met while reading earlier checkpoints back;</li>
 *   <li>{@code groups-tracked}: consumer groups the task checkpoints;</li>
 *   <li>with group sync on: {@code group-offsets-committed-total} and {@code group-sync-skipped-active-total}.</li>
 * </ul>
 * Per group (tag {@code group}): {@code checkpoint-age-ms}, now minus the time of the group's newest
 * checkpoint written (by this task, or read back from the topic at start); -1 while it has none.
 *
 * <p>Counters live where they are counted; the metrics here are gauges over them, except the written
 * checkpoints, which are recorded on Connect's producer callback thread. Gauges are read on other threads,
 * so every counter behind them is safe to read concurrently.
 */
final class CheckpointTaskMetrics implements AutoCloseable {

    /** Kinds the checkpoint connector can produce (INTERLEAVED belongs to failback only). */
    static final List<TranslationKind> KINDS = List.of(TranslationKind.EXACT, TranslationKind.NOT_YET_REPLICATED,
        TranslationKind.UNREPORTED_TAIL, TranslationKind.HISTORY_GONE, TranslationKind.NO_SYNCS);

    // Sensors live in the worker's shared registry by name: each task needs names of its own.
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final PluginMetrics metrics;
    private final String source;
    private final String target;
    private final LongSupplier clock;
    private final String writtenSensorName;
    private final Sensor written;
    private final Map<String, AtomicLong> newestCheckpointMs = new ConcurrentHashMap<>();
    private final List<MetricName> gauges = new ArrayList<>();
    private final Object ownership;
    private boolean closed;

    CheckpointTaskMetrics(PluginMetrics metrics, String source, String target, LongSupplier clock) {
        this.metrics = metrics;
        this.source = source;
        this.target = target;
        this.clock = clock;
        ownership = TaskMetricsOwners.claim(metrics, tags(), this);
        writtenSensorName = "ferry.checkpoints.written." + INSTANCES.incrementAndGet();
        written = metrics.addSensor(writtenSensorName);
        written.add(metrics.metricName("checkpoints-written-total", "Checkpoints acknowledged by the target, since the task started",
            tags()), new CumulativeCount());
        written.add(metrics.metricName("checkpoints-written-rate", "Checkpoints acknowledged by the target per second", tags()),
            new Rate(new WindowedCount()));
    }

    private LinkedHashMap<String, String> tags() {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("target", target);
        return tags;
    }

    /** The task's counters, read by the gauges. */
    void registerCounters(Checkpointer checkpointer, CheckpointLedger ledger, LongSupplier syncsApplied,
                          LongSupplier syncsSkipped, LongSupplier checkpointRecordsSkipped, int groupsTracked) {
        for (TranslationKind kind : KINDS) {
            LinkedHashMap<String, String> tags = tags();
            tags.put("kind", kind.name());
            gauge(metrics.metricName("translations-total", "Committed offsets translated, by kind of translation", tags),
                () -> checkpointer.translations(kind));
        }
        gauge(metrics.metricName("checkpoints-held-total", "Translations not written because they would have moved a "
            + "checkpoint back without a reset of the group", tags()), ledger::held);
        gauge(metrics.metricName("source-resets-total", "Checkpoints moved back because the group was reset on the source",
            tags()), ledger::resets);
        gauge(metrics.metricName("offset-syncs-applied-total", "Records of the offset-syncs topic read as offset syncs",
            tags()), syncsApplied);
        gauge(metrics.metricName("offset-syncs-skipped-total", "Records of the offset-syncs topic skipped as foreign or "
            + "corrupt", tags()), syncsSkipped);
        gauge(metrics.metricName("checkpoint-records-skipped-total", "Unreadable records skipped while reading earlier "
            + "checkpoints back", tags()), checkpointRecordsSkipped);
        gauge(metrics.metricName("groups-tracked", "Consumer groups this task checkpoints", tags()), () -> groupsTracked);
    }

    /** The group sync's counters (only when it is on). */
    void registerGroupSync(GroupOffsetSyncer syncer) {
        gauge(metrics.metricName("group-offsets-committed-total", "Partition offsets committed to groups on the target",
            tags()), syncer::offsetsCommitted);
        gauge(metrics.metricName("group-sync-skipped-active-total", "Group sync rounds that left a group alone because it "
            + "has active members on the target", tags()), syncer::skippedActive);
    }

    /** A checkpoint-age-ms gauge for each group. */
    void registerGroups(Collection<String> groups) {
        for (String group : groups) {
            AtomicLong newest = newestCheckpointMs.computeIfAbsent(group, g -> new AtomicLong(-1));
            LinkedHashMap<String, String> tags = tags();
            tags.put("group", group);
            gauge(metrics.metricName("checkpoint-age-ms", "Now minus the time of the group's newest checkpoint (-1 while it has "
                + "none)", tags), () -> {
                    long newestMs = newest.get();
                    return newestMs < 0 ? -1 : Math.max(0, clock.getAsLong() - newestMs);
                });
        }
    }

    /**
     * A checkpoint of {@code group}, dated {@code timestampMs}, is in the topic: written and acknowledged,
     * or read back from an earlier task. Called on Connect's producer callback thread too.
     */
    void checkpointPresent(String group, long timestampMs) {
        AtomicLong newest = newestCheckpointMs.get(group);
        if (newest != null) {
            newest.accumulateAndGet(timestampMs, Math::max);
        }
    }

    /** A checkpoint the target acknowledged. */
    void checkpointWritten(String group, long timestampMs) {
        written.record(1, clock.getAsLong());
        checkpointPresent(group, timestampMs);
    }

    /** Registers a gauge, unless these metrics were closed (taken over by a newer instance of the task). */
    private synchronized void gauge(MetricName name, LongSupplier value) {
        if (closed) {
            return;
        }
        metrics.addMetric(name, (Gauge<Long>) (config, now) -> value.getAsLong());
        gauges.add(name);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        TaskMetricsOwners.release(ownership, this);
        gauges.forEach(metrics::removeMetric);
        gauges.clear();
        metrics.removeSensor(writtenSensorName);
    }
}
