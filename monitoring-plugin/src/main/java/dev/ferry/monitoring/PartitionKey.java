package dev.ferry.monitoring;

import org.apache.kafka.common.TopicPartition;

/**
 * One source partition as copied by one mirror connector: the key of a progress report.
 *
 * @param connector the mirror connector's name
 * @param source    the source topic partition
 */
public record PartitionKey(String connector, TopicPartition source) {
}
