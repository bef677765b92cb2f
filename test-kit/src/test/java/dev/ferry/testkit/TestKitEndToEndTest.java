package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.integration.TestableSinkConnector;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kit against real clusters, without Ferry: a plain consumer-to-producer copy must satisfy the
 * oracle exactly, and one injected duplicate must be caught. One set of clusters serves all tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TestKitEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static FerryClusters clusters;

    @BeforeAll
    static void startClusters() {
        clusters = FerryClusters.builder().withoutFerryPlugin().build().start();
    }

    @AfterAll
    static void stopClusters() {
        if (clusters != null) {
            clusters.close();
        }
    }

    @Test
    void plainCopyIsExactAndAnInjectedDuplicateIsCaught() {
        clusters.createSourceTopic("orders", 2, Map.of());
        clusters.createTargetTopic("src.orders", 2, Map.of());
        ReplicationChecker checker = ReplicationChecker.create();
        try (OracleProducer producer = OracleProducer.start(clusters.source(), "kit-copy")) {
            producer.produce("orders", 0, 500);
            producer.produce("orders", 1, 500);
            assertEquals(500, producer.producedCount("orders", 1));

            copy(clusters.source(), "orders", clusters.target(), "src.orders", 1000);
            ReplicationReport report = checker.awaitExact(clusters.target(), "src.orders", "orders", producer, WAIT);

            assertTrue(report.isExact(), report::toString);
            assertEquals(1000, report.seen());
            assertEquals(List.of(500L, 500L), report.partitions().stream().map(PartitionReport::expected).toList());

            sendToTarget(OracleRecords.record("kit-copy", "orders", 1, 250).toProducerRecord("src.orders"));
            ReplicationReport withDuplicate = checker.read(clusters.target(), "src.orders", "orders", producer);

            assertEquals(1, withDuplicate.duplicated(), withDuplicate::toString);
            assertEquals(1, withDuplicate.partition(1).duplicated());
            assertEquals(1001, withDuplicate.seen());
            assertEquals(0, withDuplicate.lost() + withDuplicate.outOfOrder() + withDuplicate.mismatched()
                    + withDuplicate.foreign());
            assertFalse(withDuplicate.isExact());
        }
    }

    @Test
    void backgroundProductionIsGaplessAlongsideForegroundProduction() {
        clusters.createSourceTopic("steady", 2, Map.of());
        try (OracleProducer producer = OracleProducer.start(clusters.source(), "kit-background")) {
            BackgroundProduction background = producer.produceInBackground(List.of("steady"), 2, 1000);
            Waits.until("200 records sent in the background", WAIT, () -> background.sent() >= 200);
            producer.produce("steady", 0, 50); // interleaves with the background thread on partition 0
            long sentInBackground = background.stop();

            long total = producer.producedCount("steady", 0) + producer.producedCount("steady", 1);
            assertEquals(sentInBackground + 50, total);
            // the source topic is trivially a perfect copy of itself: no gaps, no reordering, no duplicates
            ReplicationReport report = ReplicationChecker.create()
                    .read(clusters.source(), "steady", "steady", producer);
            assertTrue(report.isExact(), report::toString);
            assertEquals(total, report.seen());
        }
    }

    @Test
    void workersRunAConnectorWithTheKitSettingsAndTopicWaitsWork() {
        clusters.createTargetTopic("sink-input", 3, Map.of());
        assertEquals(3, clusters.awaitTopicOnTarget("sink-input", 3, WAIT).partitions().size());

        clusters.connect().configureConnector("kit-sink", Map.of(
                "connector.class", TestableSinkConnector.class.getName(),
                "tasks.max", "2",
                "topics", "sink-input"));
        clusters.awaitConnectorRunning("kit-sink", 2, WAIT);

        assertEquals(1, clusters.connect().healthyWorkers().size());
        clusters.connect().deleteConnector("kit-sink");
    }

    @Test
    void awaitExactOnAMissingTargetTopicFailsNamingIt() {
        try (OracleProducer producer = OracleProducer.start(clusters.source(), "kit-missing")) {
            AssertionError error = assertThrows(AssertionError.class, () -> ReplicationChecker.create()
                    .awaitExact(clusters.target(), "no-such-topic", "orders", producer, Duration.ofSeconds(1)));

            assertTrue(error.getMessage().contains("topic 'no-such-topic' does not exist"), error.getMessage());
        }
    }

    /** A naive mirror: same partition, key, value, headers and timestamp. */
    private static void copy(EmbeddedKafkaCluster from, String fromTopic, EmbeddedKafkaCluster to, String toTopic,
                             int expected) {
        List<TopicPartition> partitions = List.of(new TopicPartition(fromTopic, 0), new TopicPartition(fromTopic, 1));
        long deadline = System.nanoTime() + WAIT.toNanos();
        int copied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = from.createConsumer(Map.of());
             KafkaProducer<byte[], byte[]> producer = to.createProducer(Map.of())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (copied < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    producer.send(new ProducerRecord<>(toTopic, r.partition(), r.timestamp(), r.key(), r.value(),
                            r.headers()));
                    copied++;
                }
            }
            producer.flush();
        }
        assertEquals(expected, copied, "records copied before the deadline");
    }

    private static void sendToTarget(ProducerRecord<byte[], byte[]> record) {
        try (KafkaProducer<byte[], byte[]> producer = clusters.target().createProducer(Map.of())) {
            producer.send(record).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("could not write to the target", e);
        }
    }
}
