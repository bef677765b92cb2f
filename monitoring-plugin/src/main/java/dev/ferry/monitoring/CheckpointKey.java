package dev.ferry.monitoring;

import org.apache.kafka.common.TopicPartition;

/**
 * A checkpoint's identity: the checkpoints topic it was read from, the consumer group and the source partition.
 *
 * @param checkpointsTopic the checkpoints topic on the target cluster
 * @param group            the consumer group
 * @param source           the source topic partition
 */
public record CheckpointKey(String checkpointsTopic, String group, TopicPartition source) {
}
