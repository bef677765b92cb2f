package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults around a running mirror, on one set of clusters: a checkpoint connector restarted mid-stream, a
 * source whose fetches stall (a 1 byte/s fetch quota on the mirror's consumer) and resume once it is lifted, a replication factor the
 * target cannot give, and the target (worker) cluster's brokers down for 20 s. Each test brings its own topics and connectors and deletes the connectors after it;
 * the target outage runs last because every connector of the worker lives through it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(FaultMatrixIT.class);
    private static final String CHECKPOINT_CONNECTOR_CLASS = "dev.ferry.checkpoints.CheckpointConnector";
    private static final String CHECKPOINTS_TOPIC = "ferry-checkpoints.east.internal";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        // A worker that cannot find its group coordinator (on the target) for heartbeat.interval.ms (3 s by
        // default) revokes its own connectors and tasks (Connect's WorkerCoordinator), taking their metrics with
        // them. 25 s heartbeats within a 60 s session let the tasks ride out the 20 s outage, lag visible all along.
        return builder.workerProp("session.timeout.ms", "60000")
            .workerProp("heartbeat.interval.ms", "25000");
    }

    @Test
    @Order(1)
    void checkpointsStayMonotonicAndExactAcrossCheckpointConnectorRestartsMidStream() throws Exception {
        String topic = "cp-restart";
        String group = "app-restart";
        clusters.createSourceTopic(topic, 2, Map.of());
        startMirror("cp-restart-mirror", topic);
        clusters.connect().configureConnector("cp-restart-checkpoints", checkpointConnector(group));

        List<Checkpoint> seen = new ArrayList<>();
        try (BackgroundProduction production = producer.produceInBackground(List.of(topic), 2, 200);
             KafkaConsumer<byte[], byte[]> checkpoints = checkpointReader()) {
            for (int round = 0; round < 3; round++) {
                Map<Integer, Long> committed = commitNearTheEnd(group, topic, 2);
                if (round > 0) {
                    // The restarted task must read the offset syncs to their end before it translates anything.
                    clusters.connect().restartConnectorAndTasks("cp-restart-checkpoints", false, true, false);
                }
                for (Map.Entry<Integer, Long> entry : committed.entrySet()) {
                    TopicPartition source = new TopicPartition(topic, entry.getKey());
                    Waits.until("an exact checkpoint of " + group + " on " + source + " at " + entry.getValue() + " (round " + round + ")",
                        TIMEOUT, () -> {
                            seen.addAll(poll(checkpoints));
                            return seen.stream().anyMatch(cp -> cp.consumerGroup().equals(group) && cp.source().equals(source)
                                && cp.upstreamOffset() == entry.getValue() && cp.translation() == TranslationKind.EXACT);
                        });
                }
            }
            production.stop();
        }
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east." + topic, topic, producer, TIMEOUT);
        assertTrue(report.isExact(), report.toString());

        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(clusters.target(), "east." + topic,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        Map<TopicPartition, Checkpoint> previous = new HashMap<>();
        int checked = 0;
        for (Checkpoint checkpoint : seen) {
            if (!checkpoint.consumerGroup().equals(group)) {
                continue;
            }
            int p = checkpoint.source().partition();
            assertEquals(TranslationKind.EXACT, checkpoint.translation(), "a checkpoint from partial history: " + checkpoint);
            assertNull(new ResumeCheck(copies, p, producer.producedCount(topic, p))
                .problem(checkpoint.upstreamOffset(), checkpoint.downstreamOffset()), checkpoint.toString());
            Checkpoint before = previous.put(checkpoint.source(), checkpoint);
            if (before != null) {
                assertTrue(checkpoint.upstreamOffset() >= before.upstreamOffset() && checkpoint.downstreamOffset() >= before.downstreamOffset(),
                    "moved back: " + before + " then " + checkpoint);
            }
            checked++;
        }
        log.info("FaultMatrixIT: {} checkpoints of {} across 2 checkpoint connector restarts, all exact and monotonic", checked, group);
        assertTrue(checked >= 6, "checkpoints checked: " + checked);
        clusters.connect().deleteConnector("cp-restart-checkpoints");
        clusters.connect().deleteConnector("cp-restart-mirror");
    }

    @Test
    @Order(2)
    void aSourceWhoseFetchesStallLeavesRestResponsiveAndOtherConnectorsCopying() throws Exception {
        clusters.createSourceTopic("stalled", 1, Map.of());
        clusters.createSourceTopic("healthy", 1, Map.of());
        producer.produce("stalled", 0, 100);
        Map<String, String> stalledConfig = MirrorConnectors.eastToWest(clusters, "stalled", 1);
        stalledConfig.put("source.consumer.client.id", "ferry-stalled");
        clusters.connect().configureConnector("stalled-mirror", stalledConfig);
        startMirror("healthy-mirror", "healthy");
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.stalled", "stalled", producer, TIMEOUT).isExact());

        // A fetch whose response would exceed the quota is answered empty, so a 1 byte/s quota stalls every fetch.
        ClientQuotaEntity stalledClient = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "ferry-stalled"));
        setFetchQuota(stalledClient, 1.0);
        double throttledMs;
        try {
            producer.produce("stalled", 0, 300);
            producer.produce("healthy", 0, 300);
            ReplicationReport healthy = CHECKER.awaitExact(clusters.target(), "east.healthy", "healthy", producer, TIMEOUT);
            assertTrue(healthy.isExact(), healthy.toString());
            for (int call = 0; call < 10; call++) {
                long start = System.nanoTime();
                ConnectorStateInfo status = clusters.connect().connectorStatus("stalled-mirror");
                clusters.connect().connectors();
                long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertTrue(tookMs < 5_000, "REST answered after " + tookMs + " ms");
                assertEquals("RUNNING", status.connector().state(), status.toString());
            }
            ReplicationReport stalled = CHECKER.read(clusters.target(), "east.stalled", "stalled", producer);
            log.info("FaultMatrixIT: while fetches stall, healthy copied {} and stalled {} of {}", healthy.seen(), stalled.seen(),
                producer.producedCount("stalled", 0));
            assertTrue(stalled.lost() > 0, "the quota did not stall the mirror: " + stalled);
            // the consumer's own view of the log end froze with its fetches; the task looks it up instead
            try (ProgressReports reports = new ProgressReports(clusters.target().createConsumer(Map.of()))) {
                TopicPartition stalledPartition = new TopicPartition("stalled", 0);
                PartitionProgress behind = Waits.untilValue("the stalled mirror's lag, in metrics and progress, to show most of the 300 records not copied",
                    TIMEOUT, () -> reports.poll().latest("stalled-mirror", stalledPartition),
                    report -> report != null && report.lagRecords() >= 200
                        && Jmx.partitionMetric("stalled-mirror", "stalled", 0, "lag-records").orElse(-1) >= 200);
                log.info("FaultMatrixIT: stalled partition reported {}", behind);
            }
            throttledMs = Waits.untilValue("the broker to throttle the stalled mirror's fetches", TIMEOUT,
                () -> Jmx.metric("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=ferry-stalled", "fetch-throttle-time-max")
                    .orElse(0), ms -> ms > 0);
        } finally {
            setFetchQuota(stalledClient, null);
        }
        // The broker does not cap a fetch quota's throttle time: the fetch answered empty above was throttled for about
        // its batch's bytes / 1 B/s seconds (hours), and lifting the quota does not end a throttle already given. The
        // task reopens a consumer held back longer than 20 s (FetchThrottleWatch), so copying resumes within ~20 s.
        long lifted = System.nanoTime();
        ReplicationReport recovered = CHECKER.awaitExact(clusters.target(), "east.stalled", "stalled", producer, TIMEOUT);
        log.info("FaultMatrixIT: the broker throttled the stalled mirror's fetches for up to {} s; {} s after the quota was lifted "
            + "the stalled mirror copied: {}", throttledMs / 1000, Duration.ofNanos(System.nanoTime() - lifted).toMillis() / 1000.0, recovered);
        assertEquals(0, recovered.lost(), recovered.toString());
        assertTrue(recovered.isExact(), recovered.toString());
        try (ProgressReports reports = new ProgressReports(clusters.target().createConsumer(Map.of()))) {
            TopicPartition stalledPartition = new TopicPartition("stalled", 0);
            Waits.until("lag 0 in metrics and progress of the mirror that stalled", TIMEOUT, () -> {
                PartitionProgress latest = reports.poll().latest("stalled-mirror", stalledPartition);
                return latest != null && latest.lagRecords() == 0
                    && Jmx.partitionMetric("stalled-mirror", "stalled", 0, "lag-records").orElse(-1) == 0;
            });
        }
        log.info("FaultMatrixIT: {} s after the quota was lifted the stalled mirror reports lag 0",
            Duration.ofNanos(System.nanoTime() - lifted).toMillis() / 1000.0);
        clusters.connect().deleteConnector("stalled-mirror");
        clusters.connect().deleteConnector("healthy-mirror");
    }

    @Test
    @Order(3)
    void aReplicationFactorAboveTheTargetBrokersFailsTheConnectorNamingTopicAndFactor() {
        clusters.createSourceTopic("wide-rf", 1, Map.of());
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "wide-rf", 1);
        config.put("target.topic.replication.factor", "3");
        long start = System.nanoTime();
        clusters.connect().configureConnector("too-few-brokers", config);
        ConnectorStateInfo status = Waits.untilValue("connector 'too-few-brokers' to fail", Duration.ofSeconds(30),
            () -> clusters.connect().connectorStatus("too-few-brokers"),
            info -> "FAILED".equals(info.connector().state()));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String trace = status.connector().trace();
        assertTrue(trace.contains("'east.wide-rf'") && trace.contains("replication factor 3 (target.topic.replication.factor)"), trace);
        assertTrue(!trace.contains("Could not reach the clusters"), "reported as an outage: " + trace);
        log.info("FaultMatrixIT: replication factor 3 on one broker failed the connector after {} ms", tookMs);
        clusters.connect().deleteConnector("too-few-brokers");
    }

    @Test
    @Order(4)
    void targetBrokersDownTwentySecondsLoseNothingLagRisesThenReturnsToZeroAndAGroupFailsOverExactly() throws Exception {
        String topic = "west-outage";
        String group = "app-outage";
        clusters.createSourceTopic(topic, 2, Map.of());
        startMirror("outage-mirror", topic);
        clusters.connect().configureConnector("outage-checkpoints", checkpointConnector(group));
        long sent;
        double lagDuringOutage;
        try (BackgroundProduction production = producer.produceInBackground(List.of(topic), 2, 100)) {
            Waits.until("copying under way", TIMEOUT,
                () -> Jmx.partitionMetric("outage-mirror", topic, 0, "lag-records").isPresent()
                    && CHECKER.read(clusters.target(), "east." + topic, topic, producer).seen() >= 200);

            long down = System.nanoTime();
            long producedAtDown = production.sent();
            double[] highestLag = {-1};
            clusters.target().stopOnlyBrokers();
            try {
                // the source keeps receiving throughout: the outage lasts 20 s of ongoing production
                Waits.until("20 s of target outage with the source receiving", Duration.ofSeconds(60), () -> {
                    highestLag[0] = Math.max(highestLag[0], Jmx.partitionMetric("outage-mirror", topic, 0, "lag-records").orElse(-1));
                    return Duration.ofNanos(System.nanoTime() - down).toSeconds() >= 20 && production.sent() >= producedAtDown + 1_000;
                });
                lagDuringOutage = highestLag[0];
                log.info("FaultMatrixIT: target down {} s, {} records produced meanwhile, highest lag-records of partition 0: {}",
                    Duration.ofNanos(System.nanoTime() - down).toSeconds(), production.sent() - producedAtDown, lagDuringOutage);
            } finally {
                clusters.target().restartOnlyBrokers();
            }
            // 50 records a second reach partition 0: its lag passes 500 within the outage's first half
            assertTrue(lagDuringOutage >= 500, "highest lag-records during the outage: " + lagDuringOutage);
            sent = production.stop();
        }
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east." + topic, topic, producer, Duration.ofSeconds(120));
        log.info("FaultMatrixIT: after 20 s without the target, {} records sent: {}", sent, report);
        assertEquals(0, report.lost(), report.toString());
        assertEquals(0, report.outOfOrder(), report.toString());
        assertEquals(0, report.mismatched(), report.toString());
        try (ProgressReports reports = new ProgressReports(clusters.target().createConsumer(Map.of()))) {
            for (int p = 0; p < 2; p++) {
                TopicPartition source = new TopicPartition(topic, p);
                int partition = p;
                Waits.until("lag 0 in metrics and progress of " + source, TIMEOUT, () -> {
                    PartitionProgress latest = reports.poll().latest("outage-mirror", source);
                    return latest != null && latest.lagRecords() == 0
                        && Jmx.partitionMetric("outage-mirror", topic, partition, "lag-records").orElse(-1) == 0;
                });
            }
        }

        // A group that read everything produced fails over: it resumes on the target re-reading and skipping nothing.
        Map<Integer, Long> committed = commitAt(group, topic, producer.producedCounts(topic));
        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(clusters.target(), "east." + topic,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        try (KafkaConsumer<byte[], byte[]> checkpoints = checkpointReader()) {
            List<Checkpoint> seen = new ArrayList<>();
            for (Map.Entry<Integer, Long> entry : committed.entrySet()) {
                TopicPartition source = new TopicPartition(topic, entry.getKey());
                Checkpoint checkpoint = Waits.untilValue("an exact checkpoint of " + group + " on " + source + " at " + entry.getValue(),
                    TIMEOUT, () -> {
                        seen.addAll(poll(checkpoints));
                        return seen.stream().filter(cp -> cp.consumerGroup().equals(group) && cp.source().equals(source)
                            && cp.upstreamOffset() == entry.getValue()).findFirst().orElse(null);
                    }, cp -> cp != null && cp.translation() == TranslationKind.EXACT);
                assertNull(new ResumeCheck(copies, entry.getKey(), producer.producedCount(topic, entry.getKey()))
                    .problem(checkpoint.upstreamOffset(), checkpoint.downstreamOffset()), checkpoint.toString());
            }
        }
        clusters.connect().deleteConnector("outage-checkpoints");
        clusters.connect().deleteConnector("outage-mirror");
    }

    private void startMirror(String name, String topic) {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, topic, 1);
        config.put("offset-syncs.progress.interval.ms", "200");
        config.put("progress.interval.ms", "500");
        clusters.connect().configureConnector(name, config);
        clusters.awaitConnectorRunning(name, 1, TIMEOUT);
    }

    private Map<String, String> checkpointConnector(String group) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CHECKPOINT_CONNECTOR_CLASS);
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("groups", group);
        config.put("refresh.groups.interval.ms", "1000");
        config.put("emit.checkpoints.interval.ms", "500");
        config.put("key.converter", MirrorConnectors.BYTES);
        config.put("value.converter", MirrorConnectors.BYTES);
        return config;
    }

    /**
     * Commits, for each partition, an offset a little below what the producer has written so far, once the
     * offset syncs on the target translate it exactly: from then on, any checkpoint of it that is not exact
     * was made from part of the syncs only.
     */
    private Map<Integer, Long> commitNearTheEnd(String group, String topic, int partitions) {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            TopicPartition source = new TopicPartition(topic, p);
            long c = Math.max(0, producer.producedCount(topic, p) - 10);
            Waits.until("offset syncs to translate " + source + " at " + c + " exactly", TIMEOUT,
                () -> readSyncs().translate(source, c).isExact());
            offsets.put(p, c);
        }
        return commitAt(group, topic, offsets);
    }

    private OffsetTranslator readSyncs() {
        OffsetSyncStore store = new OffsetSyncStore();
        OffsetSyncReader reader = new OffsetSyncReader(store);
        TopicSnapshot.read(clusters.target(), "ferry-offset-syncs.east.internal", IsolationLevel.READ_UNCOMMITTED,
            Duration.ofSeconds(30)).forEach(reader::add);
        return new OffsetTranslator(store);
    }

    /** Commits these offsets for {@code group} on the source, as a consumer that read up to them would. */
    private Map<Integer, Long> commitAt(String group, String topic, Map<Integer, Long> offsets) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.source().createConsumer(config)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((p, offset) -> commit.put(new TopicPartition(topic, p), new OffsetAndMetadata(offset)));
            consumer.commitSync(commit, Duration.ofSeconds(30));
        }
        return Map.copyOf(offsets);
    }

    private KafkaConsumer<byte[], byte[]> checkpointReader() {
        KafkaConsumer<byte[], byte[]> consumer = clusters.target().createConsumer(Map.of());
        TopicPartition tp = new TopicPartition(CHECKPOINTS_TOPIC, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        return consumer;
    }

    private static List<Checkpoint> poll(KafkaConsumer<byte[], byte[]> consumer) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        // a record that does not deserialize fails the test: only checkpoint connectors write here
        consumer.poll(Duration.ofMillis(200)).forEach(record -> checkpoints.add(Checkpoint.deserialize(record.key(), record.value())));
        return checkpoints;
    }

    /** Sets (or with {@code null} removes) the fetch byte-rate quota of a client id on the source, once the broker applies it. */
    private void setFetchQuota(ClientQuotaEntity client, Double bytesPerSecond) throws Exception {
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(client,
                List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", bytesPerSecond))))).all().get(30, TimeUnit.SECONDS);
            Waits.until("the source broker to " + (bytesPerSecond == null ? "drop" : "apply") + " the quota of " + client, TIMEOUT, () -> {
                Map<String, Double> applied = admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(10, TimeUnit.SECONDS)
                    .getOrDefault(client, Map.of());
                return bytesPerSecond == null ? !applied.containsKey("consumer_byte_rate")
                    : bytesPerSecond.equals(applied.get("consumer_byte_rate"));
            });
        }
    }
}
