package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Copy throughput of Ferry's mirror connector against a plain single-threaded consumer→producer loop
 * (the physical limit of this machine), on one pre-loaded topic, alternating the two in one process
 * (throughput drifts within a process, so only per-round ratios are compared). Prints records/s and
 * process CPU seconds per million records for each round.
 *
 * <p>Settings: {@code -Dbench.records} (default 1,000,000), {@code -Dbench.partitions} (8),
 * {@code -Dbench.valueBytes} (500), {@code -Dbench.rounds} (3, after one warm-up round).
 */
public final class ThroughputBenchmark {

    private static final String TOPIC = "bench";

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long records = Long.getLong("bench.records", 1_000_000);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int valueBytes = Integer.getInteger("bench.valueBytes", 500);
        int rounds = Integer.getInteger("bench.rounds", 3);
        try (FerryClusters clusters = FerryClusters.builder().workers(1).build().start()) {
            clusters.createSourceTopic(TOPIC, partitions, Map.of());
            preload(clusters, records, partitions, valueBytes);
            System.out.printf("preloaded %,d records of %d B in %d partitions%n", records, valueBytes, partitions);
            System.out.println("round  system        seconds   records/s   cpu-s/M-records   ferry/loop");
            for (int round = 0; round <= rounds; round++) {
                String label = round == 0 ? "warm-up" : Integer.toString(round);
                Result loop = plainLoop(clusters, records, partitions, "loop" + round + "." + TOPIC);
                Result ferry = ferry(clusters, records, partitions, round);
                print(label, "plain loop", loop, Double.NaN);
                print(label, "ferry", ferry, ferry.recordsPerSecond(records) / loop.recordsPerSecond(records));
            }
        }
    }

    private record Result(double seconds, double cpuSeconds) {
        double recordsPerSecond(long records) {
            return records / seconds;
        }
    }

    private static void print(String round, String system, Result result, double ratio) {
        long records = Long.getLong("bench.records", 1_000_000);
        System.out.printf("%-6s %-12s %8.2f %11.0f %17.2f   %s%n", round, system, result.seconds(), result.recordsPerSecond(records),
            result.cpuSeconds() / (records / 1e6), Double.isNaN(ratio) ? "" : String.format("%.2f", ratio));
    }

    private static void preload(FerryClusters clusters, long records, int partitions, int valueBytes) {
        Random random = new Random(42);
        byte[] value = new byte[valueBytes];
        random.nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.sourceBootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024))) {
            for (long i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, (int) (i % partitions), Long.toString(i).getBytes(), value));
            }
            producer.flush();
        }
    }

    /** A single-threaded consumer→producer loop with the producer tuning Ferry's examples use. */
    private static Result plainLoop(FerryClusters clusters, long records, int partitions, String targetTopic) throws Exception {
        clusters.createTargetTopic(targetTopic, partitions, Map.of());
        long cpu = processCpuNanos();
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
            for (int p = 0; p < partitions; p++) {
                sources.add(new TopicPartition(TOPIC, p));
            }
            consumer.assign(sources);
            consumer.seekToBeginning(sources);
            long copied = 0;
            while (copied < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    producer.send(new ProducerRecord<>(targetTopic, record.partition(), record.timestamp(), record.key(),
                        record.value(), record.headers()));
                    copied++;
                }
            }
            producer.flush();
        }
        return new Result((System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
    }

    /** Ferry's mirror connector, created over REST; timed until the target holds every record. */
    private static Result ferry(FerryClusters clusters, long records, int partitions, int round) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("topics", TOPIC);
        // a new remote topic per round: east.ferry<round>.bench
        config.put("replication.policy.separator", ".ferry" + round + ".");
        config.put("source.consumer.max.poll.records", "2000");
        config.put("producer.override.linger.ms", "5");
        config.put("producer.override.batch.size", Integer.toString(256 * 1024));
        for (String key : List.of("key.converter", "value.converter", "header.converter")) {
            config.put(key, "org.apache.kafka.connect.converters.ByteArrayConverter");
        }
        String remote = "east.ferry" + round + "." + TOPIC;
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        clusters.connect().configureConnector("bench-" + round, config);
        try (Admin admin = clusters.target().createAdminClient()) {
            Waits.until("every record on " + remote, Duration.ofMinutes(10), () -> copied(admin, remote, partitions) >= records);
        }
        Result result = new Result((System.nanoTime() - start) / 1e9, (processCpuNanos() - cpu) / 1e9);
        clusters.connect().deleteConnector("bench-" + round);
        return result;
    }

    private static long copied(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        try {
            return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(info -> info.offset()).sum();
        } catch (java.util.concurrent.ExecutionException notCreatedYet) {
            return 0;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
