package dev.ferry.monitoring;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Set;

/** Offsets on the target cluster that {@code /ferry/v1/groups} compares checkpoints with. */
interface TargetOffsets {

    /**
     * @param groupPartitions for each consumer group, the target (remote) partitions of interest
     * @return what is known; groups or partitions that could not be looked up are absent
     */
    Snapshot lookUp(Map<String, Set<TopicPartition>> groupPartitions);

    /**
     * @param committed per group, its committed offset of each target partition that has one
     * @param logEnd    the log end offset of each target partition
     */
    record Snapshot(Map<String, Map<TopicPartition, Long>> committed, Map<TopicPartition, Long> logEnd) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Map.of());
    }
}
