package dev.ferry.checkpoints;

import dev.ferry.common.OwnedTaskMetrics;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;

import java.util.Collection;
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

    private final OwnedTaskMetrics metrics;
    private final LongSupplier clock;
    private final OwnedTaskMetrics.Recorder written;
    private final Map<String, AtomicLong> newestCheckpointMs = new ConcurrentHashMap<>();

    /**
     * @param instance the task instance's number ({@link OwnedTaskMetrics#nextTaskInstance()}): of two instances of
     *                 one task on a worker, only the newer one's metrics are registered
     */
    CheckpointTaskMetrics(PluginMetrics metrics, String source, String target, long instance, LongSupplier clock) {
        this.metrics = OwnedTaskMetrics.claim(metrics, "checkpoint-task", source, target, instance);
        this.clock = clock;
        MetricName total = this.metrics.name("checkpoints-written-total",
            "Checkpoints acknowledged by the target, since the task started", Map.of());
        MetricName rate = this.metrics.name("checkpoints-written-rate", "Checkpoints acknowledged by the target per second",
            Map.of());
        written = this.metrics.sensor("checkpoints-written", sensor -> {
            sensor.add(total, new CumulativeCount());
            sensor.add(rate, new Rate(new WindowedCount()));
        });
    }

    /** The task's counters, read by the gauges. */
    void registerCounters(Checkpointer checkpointer, CheckpointLedger ledger, LongSupplier syncsApplied,
                          LongSupplier syncsSkipped, LongSupplier checkpointRecordsSkipped, int groupsTracked) {
        for (TranslationKind kind : KINDS) {
            gauge(name("translations-total", "Committed offsets translated, by kind of translation", Map.of("kind", kind.name())),
                () -> checkpointer.translations(kind));
        }
        gauge(name("checkpoints-held-total", "Translations not written because they would have moved a "
            + "checkpoint back without a reset of the group", Map.of()), ledger::held);
        gauge(name("source-resets-total", "Checkpoints moved back because the group was reset on the source",
            Map.of()), ledger::resets);
        gauge(name("offset-syncs-applied-total", "Records of the offset-syncs topic read as offset syncs",
            Map.of()), syncsApplied);
        gauge(name("offset-syncs-skipped-total", "Records of the offset-syncs topic skipped as foreign or "
            + "corrupt", Map.of()), syncsSkipped);
        gauge(name("checkpoint-records-skipped-total", "Unreadable records skipped while reading earlier "
            + "checkpoints back", Map.of()), checkpointRecordsSkipped);
        gauge(name("groups-tracked", "Consumer groups this task checkpoints", Map.of()), () -> groupsTracked);
    }

    /** The group sync's counters (only when it is on). */
    void registerGroupSync(GroupOffsetSyncer syncer) {
        gauge(name("group-offsets-committed-total", "Partition offsets committed to groups on the target",
            Map.of()), syncer::offsetsCommitted);
        gauge(name("group-sync-skipped-active-total", "Group sync rounds that left a group alone because it "
            + "has active members on the target", Map.of()), syncer::skippedActive);
    }

    /** A checkpoint-age-ms gauge for each group. */
    void registerGroups(Collection<String> groups) {
        for (String group : groups) {
            AtomicLong newest = newestCheckpointMs.computeIfAbsent(group, g -> new AtomicLong(-1));
            gauge(name("checkpoint-age-ms", "Now minus the time of the group's newest checkpoint (-1 while it has "
                + "none)", Map.of("group", group)), () -> {
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

    private MetricName name(String metric, String description, Map<String, String> tags) {
        return metrics.name(metric, description, tags);
    }

    /** Registers a gauge (none once these metrics are closed or were taken over). */
    private void gauge(MetricName name, LongSupplier value) {
        metrics.gauge(name, (Gauge<Long>) (config, now) -> value.getAsLong());
    }

    /** Removes every metric of the task. */
    @Override
    public void close() {
        metrics.close();
    }
}
