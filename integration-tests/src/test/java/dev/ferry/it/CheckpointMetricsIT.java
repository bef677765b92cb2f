package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.common.wire.WireFormatException;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mirror writing its offset syncs on the <b>source</b> cluster ({@code offset-syncs.topic.location=source})
 * and a checkpoint connector reading them there: checkpoints are exact (a consumer resuming on the target
 * re-reads and skips nothing, by record identity), and the checkpoint task's metrics, read over JMX as an
 * operator would, match what happened: checkpoints written = checkpoints in the topic, junk records in the
 * syncs and checkpoints topics counted exactly, a reset counted, group sync commits and refusals counted,
 * the group's checkpoint age small and advancing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointMetricsIT extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(CheckpointMetricsIT.class);

    private static final String TOPIC = "orders";
    private static final String REMOTE_TOPIC = "east.orders";
    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_PARTITION = 150;
    private static final String SYNCS_ON_SOURCE = "ferry-source-offset-syncs.east-to-west.internal";
    private static final String CHECKPOINTS_TOPIC = "ferry-checkpoints.east.internal";
    private static final String GROUP = "app-1";
    private static final Map<Integer, Long> COMMITTED = Map.of(0, 60L, 1, (long) RECORDS_PER_PARTITION);
    private static final long EMIT_MS = 500;
    private static final long UNCHANGED_MS = 1_500;
    private static final String TASK_METRICS = "kafka.connect:type=plugins,connector=checkpoints,task=0,source=east,target=west";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private int junkSyncs;
    private int junkCheckpoints;

    @BeforeAll
    void mirrorWithSyncsOnTheSourceAndCheckpoints() throws Exception {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, RECORDS_PER_PARTITION);
        }
        Map<String, String> mirror = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        mirror.put("offset-syncs.topic.location", "source");
        mirror.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("mirror", mirror);
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), REMOTE_TOPIC, TOPIC, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());

        clusters.awaitTopicOnSource(SYNCS_ON_SOURCE, 1, TIMEOUT);
        assertTrue(clusters.target().describeTopics(SYNCS_ON_SOURCE, "ferry-offset-syncs.east.internal").values().stream()
            .allMatch(description -> description.isEmpty()), "no offset-syncs topic on the target");

        // Junk in the syncs topic (on the source): corrupt bytes, a checkpoint, a tombstone. Each is skipped and counted.
        Checkpoint foreign = new Checkpoint("x", new TopicPartition(TOPIC, 0), 1, 1, "", TranslationKind.EXACT, 1);
        List<byte[][]> syncJunk = List.of(
            new byte[][] {"not a sync".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8)},
            new byte[][] {foreign.serializeKey(), foreign.serializeValue()},
            new byte[][] {OffsetSync.runStart(new TopicPartition(TOPIC, 1), 0, 0, null, 1).serializeKey(), null});
        produce(clusters.sourceBootstrap(), SYNCS_ON_SOURCE, syncJunk);
        junkSyncs = syncJunk.size();

        // Junk in the checkpoints topic before the connector starts: read back at task start, skipped and counted.
        clusters.createTargetTopic(CHECKPOINTS_TOPIC, 1, Map.of("cleanup.policy", "compact"));
        OffsetSync notACheckpoint = OffsetSync.runStart(new TopicPartition(TOPIC, 0), 5, 999, null, 1);
        List<byte[][]> checkpointJunk = List.of(
            new byte[][] {"not a checkpoint".getBytes(StandardCharsets.UTF_8), new byte[] {7}},
            new byte[][] {notACheckpoint.serializeKey(), notACheckpoint.serializeValue()});
        produce(clusters.targetBootstrap(), CHECKPOINTS_TOPIC, checkpointJunk);
        junkCheckpoints = checkpointJunk.size();

        commitOnSource(COMMITTED, "first");
        clusters.connect().configureConnector("checkpoints", checkpointConnector());
        clusters.awaitConnectorRunning("checkpoints", 1, TIMEOUT);
    }

    private Map<String, String> checkpointConnector() {
        Map<String, String> config = MirrorConnectors.checkpointsEastToWest(clusters, "app-.*");
        config.put("offset-syncs.topic.location", "source");
        config.put("emit.checkpoints.interval.ms", Long.toString(EMIT_MS));
        config.put("emit.checkpoints.unchanged.interval.ms", Long.toString(UNCHANGED_MS));
        config.put("sync.group.offsets.enabled", "true");
        config.put("sync.group.offsets.interval.ms", "500");
        return config;
    }

    @Test
    @Order(1)
    void checkpointsFromSyncsOnTheSourceAreExact() {
        for (Map.Entry<Integer, Long> committed : COMMITTED.entrySet()) {
            Checkpoint checkpoint = awaitExactCheckpoint(committed.getKey(), committed.getValue());
            assertResumesExactly(checkpoint);
        }
    }

    @Test
    @Order(2)
    void metricsMatchWhatTheTaskDid() throws Exception {
        // checkpoints written = readable checkpoints in the topic (they keep coming every UNCHANGED_MS: compare a quiet moment)
        long[] seen = new long[2];
        Waits.until("checkpoints-written-total to equal the checkpoints in " + CHECKPOINTS_TOPIC, TIMEOUT, () -> {
            double before = taskMetric("checkpoints-written-total").orElse(-1);
            long inTopic = readCheckpoints().size();
            double after = taskMetric("checkpoints-written-total").orElse(-1);
            seen[0] = inTopic;
            seen[1] = (long) after;
            return inTopic > 0 && before == inTopic && after == inTopic;
        });
        log.info("CheckpointMetricsIT: checkpoints-written-total={} checkpoints in topic={}", seen[1], seen[0]);

        assertEquals(junkSyncs, (long) taskMetric("offset-syncs-skipped-total").orElseThrow());
        assertTrue(taskMetric("offset-syncs-applied-total").orElseThrow() > 0);
        assertEquals(junkCheckpoints, (long) taskMetric("checkpoint-records-skipped-total").orElseThrow());
        assertEquals(1, (long) taskMetric("groups-tracked").orElseThrow());
        assertEquals(0, (long) taskMetric("checkpoints-held-total").orElseThrow());
        assertEquals(0, (long) taskMetric("source-resets-total").orElseThrow());
        // A round that ran before the syncs covering a group's position arrived may have answered conservatively;
        // once they are read, every further round must be EXACT: the other kinds stop counting.
        List<TranslationKind> conservative = List.of(TranslationKind.NOT_YET_REPLICATED, TranslationKind.UNREPORTED_TAIL,
            TranslationKind.HISTORY_GONE, TranslationKind.NO_SYNCS);
        Map<TranslationKind, Double> before = new HashMap<>();
        for (TranslationKind kind : conservative) {
            before.put(kind, kindMetric(kind));
        }
        double exactBefore = kindMetric(TranslationKind.EXACT);
        Waits.until("two more rounds of EXACT translations", TIMEOUT, () -> kindMetric(TranslationKind.EXACT) >= exactBefore + 2 * PARTITIONS);
        for (TranslationKind kind : conservative) {
            assertEquals(before.get(kind), kindMetric(kind), kind + " translations after the syncs were read");
        }
        double exact = kindMetric(TranslationKind.EXACT);
        log.info("CheckpointMetricsIT: translations-total before the last two rounds: {}", before);
        log.info("CheckpointMetricsIT: offset-syncs-skipped-total={} (junk written {}), offset-syncs-applied-total={}, "
                + "checkpoint-records-skipped-total={} (junk written {}), translations-total EXACT={}", taskMetric("offset-syncs-skipped-total"),
            junkSyncs, taskMetric("offset-syncs-applied-total"), taskMetric("checkpoint-records-skipped-total"), junkCheckpoints, exact);
        double rate = taskMetric("checkpoints-written-rate").orElseThrow();
        assertTrue(rate > 0, "checkpoints-written-rate " + rate);

        // group sync: the idle target group was moved to the exact translations, and that was counted
        Waits.until("group sync to commit both partitions of " + GROUP + " on the target", TIMEOUT,
            () -> taskMetric("group-offsets-committed-total").orElse(0) >= PARTITIONS
                && targetCommitted().equals(COMMITTED));
        assertEquals(0, (long) taskMetric("group-sync-skipped-active-total").orElseThrow());

        // the group's checkpoint age stays small and its newest checkpoint keeps advancing (re-confirmed every UNCHANGED_MS)
        long firstNewest = newestCheckpointMs();
        long secondNewest = Waits.untilValue("a newer checkpoint of " + GROUP, TIMEOUT, this::newestCheckpointMs,
            newest -> newest > firstNewest);
        log.info("CheckpointMetricsIT: newest checkpoint of {} advanced by {} ms", GROUP, secondNewest - firstNewest);
    }

    @Test
    @Order(3)
    void aResetOnTheSourceAndAnActiveTargetGroupAreCounted() throws Exception {
        commitOnSource(Map.of(0, 10L), "reset");
        assertResumesExactly(awaitExactCheckpoint(0, 10));
        Waits.until("source-resets-total to be 1", TIMEOUT, () -> taskMetric("source-resets-total").orElse(0) == 1);

        // a consumer of the group on the target makes it active there: group sync leaves it alone and counts that
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> active = clusters.target().createConsumer(settings)) {
            active.subscribe(List.of(REMOTE_TOPIC));
            Waits.until("group-sync-skipped-active-total to grow while " + GROUP + " has a member on the target", TIMEOUT, () -> {
                active.poll(Duration.ofMillis(200));
                return taskMetric("group-sync-skipped-active-total").orElse(0) > 0;
            });
        }
        assertEquals(COMMITTED, targetCommitted(), "the target group was never moved back to the reset position");
    }

    // --- helpers

    private static OptionalDouble taskMetric(String name) {
        return Jmx.metric(TASK_METRICS, name);
    }

    private static double kindMetric(TranslationKind kind) {
        return Jmx.metric(TASK_METRICS + ",kind=" + kind.name(), "translations-total").orElseThrow();
    }

    /** Now minus checkpoint-age-ms: when the group's newest checkpoint was written. */
    private long newestCheckpointMs() {
        long now = System.currentTimeMillis();
        double age = Jmx.metric(TASK_METRICS + ",group=" + GROUP, "checkpoint-age-ms").orElseThrow();
        assertTrue(age >= 0 && age < 10_000, "checkpoint-age-ms " + age);
        return now - (long) age;
    }

    private static void produce(String bootstrap, String topic, List<byte[][]> keysAndValues) throws Exception {
        try (KafkaProducer<byte[], byte[]> writer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer"))) {
            for (byte[][] record : keysAndValues) {
                writer.send(new ProducerRecord<>(topic, 0, record[0], record[1])).get();
            }
        }
    }

    private void commitOnSource(Map<Integer, Long> offsets, String metadata) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.source().createConsumer(settings)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((partition, offset) -> commit.put(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(offset, metadata)));
            consumer.commitSync(commit);
        }
    }

    private Map<Integer, Long> targetCommitted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap()))) {
            Map<Integer, Long> committed = new HashMap<>();
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
                if (tp.topic().equals(REMOTE_TOPIC) && offset != null) {
                    committed.put(tp.partition(), offset.offset());
                }
            });
            return committed;
        }
    }

    /** The readable checkpoints in the checkpoints topic, in order (the junk written by the test left out). */
    private List<Checkpoint> readCheckpoints() {
        return TopicSnapshot.read(clusters.target(), CHECKPOINTS_TOPIC, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30))
            .stream().<Checkpoint>mapMulti((record, out) -> {
                try {
                    out.accept(Checkpoint.deserialize(record.key(), record.value()));
                } catch (WireFormatException junk) {
                    // one of the records this test wrote
                }
            }).toList();
    }

    private Checkpoint awaitExactCheckpoint(int partition, long committed) {
        TopicPartition source = new TopicPartition(TOPIC, partition);
        return Waits.untilValue("an exact checkpoint of " + GROUP + " on " + source + " at upstream " + committed, TIMEOUT,
            () -> readCheckpoints().stream().filter(c -> c.consumerGroup().equals(GROUP) && c.source().equals(source))
                .reduce((first, second) -> second).orElse(null),
            checkpoint -> checkpoint != null && checkpoint.upstreamOffset() == committed
                && checkpoint.translation() == TranslationKind.EXACT);
    }

    /**
     * From the checkpoint's downstream offset T, the remote partition holds the copy of the committed offset c
     * first, then a copy of every later record, and nothing from before c. Counted by oracle id.
     */
    private void assertResumesExactly(Checkpoint checkpoint) {
        int partition = checkpoint.source().partition();
        long c = checkpoint.upstreamOffset();
        long t = checkpoint.downstreamOffset();
        long produced = producer.producedCount(TOPIC, partition);
        List<ConsumerRecord<byte[], byte[]>> fromT = TopicSnapshot.read(clusters.target(), REMOTE_TOPIC,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30)).stream()
            .filter(copy -> copy.partition() == partition && copy.offset() >= t).toList();
        long reRead = fromT.stream().filter(copy -> seqOf(copy) < c).count();
        Set<Long> seen = new HashSet<>();
        fromT.forEach(copy -> seen.add(seqOf(copy)));
        long skipped = 0;
        for (long seq = c; seq < produced; seq++) {
            if (!seen.contains(seq)) {
                skipped++;
            }
        }
        log.info("CheckpointMetricsIT measured: partition={} committed={} checkpoint={} ({}) re-read={} skipped={}", partition, c, t,
            checkpoint.translation(), reRead, skipped);
        assertEquals(0, reRead, "re-read from " + checkpoint);
        assertEquals(0, skipped, "skipped from " + checkpoint);
        if (c < produced) {
            assertEquals(c, seqOf(fromT.get(0)), "the first record at T is the copy of c");
        } else {
            assertFalse(fromT.stream().findAny().isPresent(), "a group at the end resumes at the end");
        }
    }

    private static long seqOf(ConsumerRecord<byte[], byte[]> record) {
        return OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow().seq();
    }
}
