package dev.ferry.it;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the progress topic as the monitoring extension would: every report, parsed with the wire format. */
final class ProgressReports implements AutoCloseable {

    static final String TOPIC = "ferry-progress.internal";

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, List<PartitionProgress>> byKey = new LinkedHashMap<>();

    ProgressReports(KafkaConsumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
    }

    /** Reads what arrived since the last call. */
    ProgressReports poll() {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            // a record that does not parse fails the test: only mirror tasks write here
            PartitionProgress progress = PartitionProgress.deserialize(record.key(), record.value());
            byKey.computeIfAbsent(key(progress.connector(), progress.source()), k -> new ArrayList<>()).add(progress);
        }
        return this;
    }

    /** The latest report of a connector's source partition, or null. */
    PartitionProgress latest(String connector, TopicPartition source) {
        List<PartitionProgress> all = all(connector, source);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    List<PartitionProgress> all(String connector, TopicPartition source) {
        return byKey.getOrDefault(key(connector, source), List.of());
    }

    private static String key(String connector, TopicPartition source) {
        return connector + "/" + source;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
