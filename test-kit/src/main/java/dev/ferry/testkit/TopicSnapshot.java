package dev.ferry.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * Reads a whole topic as it is at one moment: every partition from its beginning up to the end
 * offset taken when the read starts (the last stable offset for read_committed).
 *
 * <p>Uses manual assignment, so no consumer group is joined or committed. Records appended after
 * the end offsets were taken are left out, so the result is a consistent prefix of each partition.
 */
public final class TopicSnapshot {

    private TopicSnapshot() {
    }

    /**
     * @param cluster   the cluster to read from
     * @param topic     the topic; must exist
     * @param isolation read_uncommitted sees records of open and aborted transactions, read_committed does not
     * @param timeout   how long the whole read may take
     * @return the records, partition by partition in ascending partition order, each partition in offset order
     * @throws IllegalStateException if the topic does not exist or the end offsets are not reached in time
     */
    public static List<ConsumerRecord<byte[], byte[]>> read(EmbeddedKafkaCluster cluster, String topic,
                                                            IsolationLevel isolation, Duration timeout) {
        Objects.requireNonNull(topic, "topic");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.name().toLowerCase(Locale.ROOT));
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = cluster.createConsumer(config)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic '" + topic + "' does not exist on " + cluster.bootstrapServers());
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, remaining(deadline));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);

            Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
            partitions.forEach(tp -> byPartition.put(tp, new ArrayList<>()));
            while (!reachedEnd(consumer, partitions, end, deadline)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading '" + topic + "' did not reach end offsets " + end
                            + " within " + timeout + "; positions " + positions(consumer, partitions));
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        byPartition.get(tp).add(record);
                    }
                }
            }
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            partitions.forEach(tp -> all.addAll(byPartition.get(tp)));
            return all;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                      Map<TopicPartition, Long> end, long deadline) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, remaining(deadline)) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<byte[], byte[]> consumer,
                                                       List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp, consumer.position(tp, Duration.ofSeconds(1))));
        return positions;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofMillis(100).toNanos()));
    }
}
