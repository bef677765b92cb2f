package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the offset syncs tell about each source partition: its runs (see {@link OffsetSync}), as read
 * from the offset-syncs topic in any order, possibly written by several generations of tasks, with
 * duplicates and with syncs of runs that later runs supersede. {@link OffsetTranslator} answers from it.
 *
 * <h2>Memory bound</h2>
 * At most {@code maxRunsPerPartition} runs are kept per source partition (about 160 bytes each), so
 * the store holds at most {@code partitions x maxRunsPerPartition} runs. Runs that can no longer decide
 * any translation (a later run starts at the same or a lower upstream offset, as after a re-send) are
 * dropped at once, so an ordinary topic keeps about one run per task restart; a compacted or
 * transactional topic keeps one per gap. When the bound is reached the oldest run is evicted, and a
 * group whose committed offset lies before every kept run gets the
 * {@link dev.ferry.common.wire.TranslationKind#HISTORY_GONE} answer.
 *
 * <p>Not thread-safe: confine a store to one thread or synchronize externally.
 */
public final class OffsetSyncStore {

    /** The default for {@code maxRunsPerPartition}. */
    public static final int DEFAULT_MAX_RUNS_PER_PARTITION = 1000;

    private final int maxRunsPerPartition;
    private final Map<TopicPartition, PartitionRuns> partitions = new HashMap<>();

    /** A store keeping at most {@link #DEFAULT_MAX_RUNS_PER_PARTITION} runs per source partition. */
    public OffsetSyncStore() {
        this(DEFAULT_MAX_RUNS_PER_PARTITION);
    }

    /**
     * @param maxRunsPerPartition how many runs to keep per source partition, at least 1
     */
    public OffsetSyncStore(int maxRunsPerPartition) {
        if (maxRunsPerPartition < 1) {
            throw new IllegalArgumentException("maxRunsPerPartition must be at least 1, was " + maxRunsPerPartition);
        }
        this.maxRunsPerPartition = maxRunsPerPartition;
    }

    /**
     * Learns what {@code sync} states. Syncs may come in any order and more than once; a sync that
     * contradicts what is kept (which truthful syncs never do) is ignored and counted in
     * {@link #contradictions()}.
     */
    public void add(OffsetSync sync) {
        partitions.computeIfAbsent(sync.source(), tp -> new PartitionRuns(maxRunsPerPartition)).apply(sync);
    }

    /** The source partitions with at least one sync. */
    public Set<TopicPartition> partitions() {
        return Set.copyOf(partitions.keySet());
    }

    /** How many runs are kept for {@code source}, at most {@link #maxRunsPerPartition()}. */
    public int runCount(TopicPartition source) {
        PartitionRuns runs = partitions.get(source);
        return runs == null ? 0 : runs.size();
    }

    public int maxRunsPerPartition() {
        return maxRunsPerPartition;
    }

    /** Runs evicted because of the memory bound, over all partitions. */
    public long evictedRuns() {
        return partitions.values().stream().mapToLong(PartitionRuns::evicted).sum();
    }

    /** Syncs ignored because they contradicted kept ones, over all partitions. */
    public long contradictions() {
        return partitions.values().stream().mapToLong(PartitionRuns::contradictions).sum();
    }

    /** The runs of {@code source}, or {@code null} if no sync was seen for it. */
    PartitionRuns runs(TopicPartition source) {
        return partitions.get(source);
    }
}
