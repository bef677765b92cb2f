package dev.ferry.mirror;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The newest offset sync of some source partitions among the last records of the offset-syncs topic: what a
 * starting task reads to learn whether its predecessor's final syncs (written when it stopped gracefully) already
 * describe the copies up to the committed offset. Only the tail is read, so a start costs at most
 * {@code tailRecords} records per partition of the topic; a sync older than that counts as not found, which only
 * makes the task re-send a few records (see {@link SourceOffsets}).
 */
final class OffsetSyncsTail {

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncsTail.class);

    private OffsetSyncsTail() {
    }

    /**
     * @return for each wanted source partition found, the run its newest sync in the tail reports
     */
    static Map<TopicPartition, RunSpan> newestRuns(Consumer<byte[], byte[]> consumer, String topic, Set<TopicPartition> wanted,
                                                   int tailRecords, Duration timeout) {
        Map<TopicPartition, RunSpan> newest = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return newest;
            }
            List<TopicPartition> partitions = infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, timeout);
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(starts.getOrDefault(tp, 0L), ends.getOrDefault(tp, 0L) - tailRecords));
            }
            while (!partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.getOrDefault(tp, 0L))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.info("Reading the last offset syncs of topic '{}' did not finish within {} ms; the copies of partitions "
                        + "whose newest sync was not found count as undescribed", topic, timeout.toMillis());
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
                    try {
                        OffsetSync sync = OffsetSync.deserialize(record.key(), record.value());
                        if (wanted.contains(sync.source())) {
                            newest.put(sync.source(), sync.run());
                        }
                    } catch (RuntimeException foreign) {
                        // not a sync of ours: the checkpoint connector counts these, here it is simply not the one looked for
                    }
                }
            }
        } catch (AuthorizationException denied) {
            log.warn("Reading the last offset syncs of topic '{}' was denied ({}): grant READ on it to the principal that "
                + "writes them. Meanwhile a starting task takes its predecessor's last copies as undescribed: at least once "
                + "it copies them again, exactly once consumer offsets among them translate conservatively", topic,
                denied.getMessage());
        } catch (KafkaException e) {
            log.info("Could not read the last offset syncs of topic '{}' ({}); the copies of the partitions wanted count as "
                + "undescribed", topic, e.toString());
        }
        return newest;
    }
}
