package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single-threaded consumer→producer loop with the client tuning Ferry's examples use: the physical limit
 * of this machine, with no framework, no offset bookkeeping and no record conversion.
 */
final class PlainLoop implements Contender {

    private final FerryClusters clusters;
    private final String sourceTopic;
    private final BenchSettings settings;

    PlainLoop(FerryClusters clusters, String sourceTopic, BenchSettings settings) {
        this.clusters = clusters;
        this.sourceTopic = sourceTopic;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "plain-loop";
    }

    @Override
    public CopyResult copyAll(int round) throws Exception {
        String targetTopic = "loop" + round + "." + sourceTopic;
        clusters.createTargetTopic(targetTopic, settings.partitions(), Map.of());
        long cpu = ProcessCpu.nanos();
        long start = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.sourceBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000));
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024))) {
            List<TopicPartition> sources = new ArrayList<>();
            for (int p = 0; p < settings.partitions(); p++) {
                sources.add(new TopicPartition(sourceTopic, p));
            }
            consumer.assign(sources);
            consumer.seekToBeginning(sources);
            long copied = 0;
            while (copied < settings.records()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    producer.send(new ProducerRecord<>(targetTopic, record.partition(), record.timestamp(), record.key(),
                        record.value(), record.headers()));
                    copied++;
                }
            }
            producer.flush();
        }
        CopyResult result = new CopyResult((System.nanoTime() - start) / 1e9, (ProcessCpu.nanos() - cpu) / 1e9);
        try (Admin admin = clusters.target().createAdminClient()) {
            TargetCounts.delete(admin, targetTopic);
        }
        return result;
    }
}
