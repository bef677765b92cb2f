package dev.ferry.mirror;

import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task's {@link PartitionTracker}s, found in {@code commitRecord} by the identity of the record's
 * source-partition map: {@link RecordConverter} gives every record of a partition the same map, so the
 * lookup hashes no strings and allocates nothing. Another map with the same content (from a Connect
 * runtime that copied it) is found by value.
 */
final class PartitionTrackers {

    private final Map<TopicPartition, PartitionTracker> byPartition = new LinkedHashMap<>();
    // copy-on-write: written on the task thread, read on the producer callback thread
    private volatile Map<Map<String, ?>, PartitionTracker> bySourceKey = new IdentityHashMap<>();

    /** Adds a tracker for a newly assigned partition; task thread, before copying starts. */
    void add(PartitionTracker tracker) {
        byPartition.put(tracker.source(), tracker);
    }

    /** Records under which source-partition map the records of {@code source} go to Connect. */
    void sourceKey(TopicPartition source, Map<String, ?> key) {
        sourceKeys(Map.of(source, key));
    }

    /**
     * {@link #sourceKey} for many partitions at once: one copy of the lookup map, not one per partition, which
     * for thousands of partitions made a task's start quadratic (8,000 partitions took ~10 s).
     */
    synchronized void sourceKeys(Map<TopicPartition, ? extends Map<String, ?>> keys) {
        Map<Map<String, ?>, PartitionTracker> next = new IdentityHashMap<>(bySourceKey);
        keys.forEach((source, key) -> {
            PartitionTracker tracker = byPartition.get(source);
            if (tracker == null) {
                throw new IllegalStateException("No tracker for partition " + source);
            }
            next.put(key, tracker);
        });
        bySourceKey = next;
    }

    PartitionTracker get(TopicPartition source) {
        return byPartition.get(source);
    }

    /** The tracker of a record's source partition, or null when the partition is not this task's. */
    PartitionTracker of(Map<String, ?> sourcePartition) {
        PartitionTracker tracker = bySourceKey.get(sourcePartition);
        if (tracker != null) {
            return tracker;
        }
        Object topic = sourcePartition.get(SourceOffsets.TOPIC);
        Object partition = sourcePartition.get(SourceOffsets.PARTITION);
        if (topic instanceof String name && partition instanceof Number number) {
            return byPartition.get(new TopicPartition(name, number.intValue()));
        }
        return null;
    }

    Collection<PartitionTracker> all() {
        return byPartition.values();
    }
}
