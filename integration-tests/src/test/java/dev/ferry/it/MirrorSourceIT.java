package dev.ferry.it;

import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mirror connector against real clusters, driven through the Connect REST API, with every copy
 * checked by the oracle (lost, duplicated, out of order, bytes).
 */
class MirrorSourceIT extends MirrorClustersIT {

    private static final Duration COPY_TIMEOUT = Duration.ofSeconds(90);

    @Test
    void copiesEveryRecordByteForByteAndSkipsExcludedAndInternalTopics() {
        List<String> topics = List.of("orders", "payments", "audit");
        for (String topic : topics) {
            clusters.createSourceTopic(topic, 4, Map.of());
            for (int p = 0; p < 4; p++) {
                producer.produce(topic, p, 2_000);
            }
        }
        clusters.createSourceTopic("orders-scratch", 1, Map.of());
        clusters.createSourceTopic("billing.internal", 1, Map.of());
        producer.produce("orders-scratch", 0, 10);
        producer.produce("billing.internal", 0, 10);

        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "orders.*,payments,audit,billing.*", 3);
        config.put("topics.exclude", "orders-scratch");
        clusters.connect().configureConnector("copy-all", config);
        clusters.awaitConnectorRunning("copy-all", 3, Duration.ofSeconds(60));

        // more records while the connector runs, with headers, null keys and tombstones from the generator
        for (String topic : topics) {
            for (int p = 0; p < 4; p++) {
                producer.produce(topic, p, 500);
            }
        }
        for (String topic : topics) {
            ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east." + topic, topic, producer, COPY_TIMEOUT);
            assertTrue(report.isExact(), report.toString());
            assertEquals(4 * 2_500L, report.seen(), report.toString());
        }
        // the task's metrics tell the same story over JMX: all copied, nothing left
        Waits.until("JMX: orders-0 copied 2500 records with lag 0", Duration.ofSeconds(30),
            () -> Jmx.partitionMetric("copy-all", "orders", 0, "record-count").orElse(-1) == 2_500
                && Jmx.partitionMetric("copy-all", "orders", 0, "lag-records").orElse(-1) == 0
                && Jmx.partitionMetric("copy-all", "orders", 0, "last-copied-offset").orElse(-1) == 2_499);
        assertTrue(Jmx.metric("kafka.connect:type=plugins,connector=copy-all,*", "replication-latency-ms-p99").isPresent());
        Map<String, Optional<?>> excluded = Map.copyOf(clusters.target().describeTopics("east.orders-scratch", "east.billing.internal"));
        assertFalse(excluded.get("east.orders-scratch").isPresent(), "excluded topic must not be mirrored");
        assertFalse(excluded.get("east.billing.internal").isPresent(), "internal topic must not be mirrored");
        clusters.connect().deleteConnector("copy-all");
    }

    @Test
    void newTopicsPartitionIncreasesAndConfigChangesFollowWithinTwoRefreshIntervals() throws Exception {
        clusters.createSourceTopic("growing", 2, Map.of("retention.ms", "86400000"));
        producer.produce("growing", 0, 100);
        clusters.connect().configureConnector("follow", MirrorConnectors.eastToWest(clusters, "growing|late.*", 1));
        clusters.awaitConnectorRunning("follow", 1, Duration.ofSeconds(60));
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.growing", "growing", producer, COPY_TIMEOUT).isExact());
        assertEquals("86400000", remoteConfig("east.growing", "retention.ms"), "configs set at creation");

        // a new topic: refresh interval is 2 s, so within two intervals plus the copy itself
        long created = System.nanoTime();
        clusters.createSourceTopic("late-arrival", 3, Map.of("retention.bytes", "1073741824"));
        for (int p = 0; p < 3; p++) {
            producer.produce("late-arrival", p, 50);
        }
        ReplicationReport late = CHECKER.awaitExact(clusters.target(), "east.late-arrival", "late-arrival", producer, COPY_TIMEOUT);
        long tookMs = Duration.ofNanos(System.nanoTime() - created).toMillis();
        assertTrue(late.isExact(), late.toString());
        assertTrue(tookMs < 3 * 2_000 + 4_000, "new topic mirrored after " + tookMs + " ms");
        assertEquals("1073741824", remoteConfig("east.late-arrival", "retention.bytes"));

        // partitions added on the source are added on the target, and their records copied
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.createPartitions(Map.of("growing", NewPartitions.increaseTo(4))).all().get();
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "growing"),
                List.of(new AlterConfigOp(new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get();
        }
        clusters.awaitTopicOnSource("growing", 4, Duration.ofSeconds(30));
        producer.produce("growing", 3, 77);
        producer.produce("growing", 1, 10);
        ReplicationReport grown = CHECKER.awaitExact(clusters.target(), "east.growing", "growing", producer, COPY_TIMEOUT);
        assertTrue(grown.isExact(), grown.toString());
        assertEquals(4, clusters.target().describeTopics("east.growing").get("east.growing").orElseThrow().partitions().size());
        Waits.until("retention.ms change synced to east.growing", Duration.ofSeconds(20),
            () -> "3600000".equals(remoteConfig("east.growing", "retention.ms")));
        clusters.connect().deleteConnector("follow");
    }

    @Test
    void abortedTransactionsAreNotCopied() throws Exception {
        clusters.createSourceTopic("ledger-txn", 1, Map.of());
        Map<String, Object> props = Map.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mirror-it-txn",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> transactional = clusters.source().createProducer(props)) {
            transactional.initTransactions();
            sendInTransaction(transactional, "txn-committed", 0, 50, true);
            sendInTransaction(transactional, "txn-aborted", 0, 30, false);
            sendInTransaction(transactional, "txn-committed", 50, 20, true);
        }
        clusters.connect().configureConnector("txn", MirrorConnectors.eastToWest(clusters, "ledger-txn", 1));
        clusters.awaitConnectorRunning("txn", 1, Duration.ofSeconds(60));

        ReplicationReport report = Waits.untilValue("70 committed records on east.ledger-txn", COPY_TIMEOUT,
            () -> CHECKER.read(clusters.target(), "east.ledger-txn", "txn-committed", "ledger-txn", 1, Map.of(0, 70L)),
            r -> r.lost() == 0);
        assertTrue(report.isExact(), "aborted records would show as foreign: " + report);
        clusters.connect().deleteConnector("txn");
    }

    private void sendInTransaction(KafkaProducer<byte[], byte[]> producer, String run, long firstSeq, int count, boolean commit) {
        producer.beginTransaction();
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            producer.send(OracleRecords.record(run, "ledger-txn", 0, seq).toProducerRecord("ledger-txn"));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    @Test
    void aDeletedSourceTopicStopsBeingMirroredAndItsRemoteTopicIsKept() {
        clusters.createSourceTopic("doomed", 2, Map.of());
        clusters.createSourceTopic("survivor", 2, Map.of());
        for (int p = 0; p < 2; p++) {
            producer.produce("doomed", p, 100);
            producer.produce("survivor", p, 100);
        }
        clusters.connect().configureConnector("deletions", MirrorConnectors.eastToWest(clusters, "doomed|survivor", 2));
        clusters.awaitConnectorRunning("deletions", 2, Duration.ofSeconds(60));
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.doomed", "doomed", producer, COPY_TIMEOUT).isExact());

        clusters.source().deleteTopic("doomed");
        Waits.until("task configs without 'doomed'", Duration.ofSeconds(30), () -> clusters.connect().taskConfigs("deletions")
            .stream().noneMatch(task -> task.config().getOrDefault("task.partitions", "").contains("doomed:")));
        clusters.awaitConnectorRunning("deletions", 2, Duration.ofSeconds(60));
        for (int p = 0; p < 2; p++) {
            producer.produce("survivor", p, 50);
        }
        ReplicationReport survivor = CHECKER.awaitExact(clusters.target(), "east.survivor", "survivor", producer, COPY_TIMEOUT);
        assertTrue(survivor.isExact(), survivor.toString());
        assertTrue(clusters.target().describeTopics("east.doomed").get("east.doomed").isPresent(), "remote topic kept");
        clusters.connect().deleteConnector("deletions");
    }

    private String remoteConfig(String topic, String key) throws Exception {
        try (Admin admin = clusters.target().createAdminClient()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get(key).value();
        }
    }
}
