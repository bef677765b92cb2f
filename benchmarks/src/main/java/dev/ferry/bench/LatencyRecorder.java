package dev.ferry.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads a topic from its end and records, for every record, receive time minus the record's timestamp (the
 * source producer's send time, kept by a byte-exact mirror), for a fixed measuring window.
 */
final class LatencyRecorder {

    private LatencyRecorder() {
    }

    /** Latencies in milliseconds of every record received during {@code window}, after skipping {@code warmUp}. */
    static long[] record(String bootstrap, String topic, int partitions, Duration warmUp, Duration window) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100))) {
            List<TopicPartition> assigned = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                assigned.add(new TopicPartition(topic, p));
            }
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            long measureFrom = System.currentTimeMillis() + warmUp.toMillis();
            long measureUntil = measureFrom + window.toMillis();
            long[] latencies = new long[1 << 16];
            int count = 0;
            while (System.currentTimeMillis() < measureUntil) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    if (now < measureFrom) {
                        continue;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = now - record.timestamp();
                }
            }
            return Arrays.copyOf(latencies, count);
        }
    }
}
