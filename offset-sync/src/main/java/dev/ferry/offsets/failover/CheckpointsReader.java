package dev.ferry.offsets.failover;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.WireFormatException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a checkpoints topic from its beginning to its current end and keeps the latest checkpoint of
 * each (group, source partition). Records that are not valid checkpoints are skipped and counted.
 */
final class CheckpointsReader {

    private static final Logger log = LoggerFactory.getLogger(CheckpointsReader.class);

    private final Consumer<byte[], byte[]> consumer;
    private long skipped;

    CheckpointsReader(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /**
     * @return latest checkpoints by group, then source partition; empty when the topic does not exist
     */
    Map<String, Map<TopicPartition, Checkpoint>> readLatest(String topic, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        Map<String, Map<TopicPartition, Checkpoint>> latest = new TreeMap<>();
        if (infos == null || infos.isEmpty()) {
            return latest;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey(), timeout) < end.getValue())) {
            if (System.currentTimeMillis() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading checkpoints topic '" + topic
                    + "' to its end took longer than " + timeout.toMillis() + " ms");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                add(latest, record);
            }
        }
        return latest;
    }

    private void add(Map<String, Map<TopicPartition, Checkpoint>> latest, ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return; // a deleted checkpoint (compaction tombstone)
        }
        try {
            Checkpoint checkpoint = Checkpoint.deserialize(record.key(), record.value());
            latest.computeIfAbsent(checkpoint.consumerGroup(), g -> new HashMap<>()).put(checkpoint.source(), checkpoint);
        } catch (WireFormatException e) {
            if (skipped++ == 0) {
                log.warn("Skipping record at offset {} of {}-{}: not a Ferry checkpoint ({}); further ones are counted only",
                    record.offset(), record.topic(), record.partition(), e.getMessage());
            }
        }
    }

    /** Records skipped as not being checkpoints. */
    long skipped() {
        return skipped;
    }
}
