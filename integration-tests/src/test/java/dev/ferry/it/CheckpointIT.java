package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.LogCaptureAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint connector, loaded from the plugin directory next to a real mirror, writes checkpoints
 * that a consumer can resume from on the target re-reading nothing and skipping nothing, measured by
 * record identity for every partition of every checkpoint checked, also on a partition whose mirror was
 * rewound so that part of it is copied twice downstream. Checkpoints follow commits forward,
 * follow a reset of the group back (and say so in the log), and new groups are picked up within the
 * refresh interval.
 *
 * <p>The tests run in order and share one mirror and one checkpoint connector: each step builds on
 * the group positions of the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CheckpointIT extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(CheckpointIT.class);

    private static final String CHECKPOINT_CONNECTOR_CLASS = "dev.ferry.checkpoints.CheckpointConnector";
    private static final String TOPIC = "orders";
    private static final String REMOTE_TOPIC = "east.orders";
    private static final String CHECKPOINTS_TOPIC = "ferry-checkpoints.east.internal";
    private static final int PARTITIONS = 3;
    private static final int RECORDS_PER_PARTITION = 200;
    private static final int MORE_RECORDS_PER_PARTITION = 50;
    private static final int REWIND_FROM = 120;
    private static final long REFRESH_GROUPS_MS = 1_000;
    private static final long EMIT_MS = 500;
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofSeconds(30);

    private LogCaptureAppender logs;
    private CheckpointHistory history;

    @BeforeAll
    void startMirrorAndCheckpoints() {
        logs = LogCaptureAppender.createAndRegister();
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, RECORDS_PER_PARTITION);
        }
        Map<String, String> mirror = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        mirror.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("mirror", mirror);
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), REMOTE_TOPIC, TOPIC, producer, Duration.ofSeconds(60));
        assertTrue(copied.isExact(), copied.toString());
        rewindMirror();

        clusters.connect().configureConnector("checkpoints", checkpointConnector());
        // No group matches yet, so the connector runs with no task; the first group brings one.
        clusters.awaitConnectorRunning("checkpoints", 0, Duration.ofSeconds(30));
        history = new CheckpointHistory(clusters.target().createConsumer(Map.of()));
    }

    @AfterAll
    void stopReading() {
        if (history != null) {
            history.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    /**
     * Makes the translation of partition 0 more than the identity: rewinding the mirror copies upstream
     * {@value #REWIND_FROM}..199 a second time (as a restart does), so later records land further
     * downstream than their upstream offset, and then more records follow on every partition.
     */
    private void rewindMirror() {
        clusters.connect().stopConnector("mirror");
        Waits.until("'mirror' stopped with no tasks", Duration.ofSeconds(30), () -> {
            var status = clusters.connect().connectorStatus("mirror");
            return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty();
        });
        Map<String, Object> partition0 = new LinkedHashMap<>();
        partition0.put("topic", TOPIC);
        partition0.put("partition", 0);
        partition0.put("cluster", "east");
        // the source offset is the last copied upstream offset
        clusters.connect().alterSourceConnectorOffset("mirror", partition0, Map.of("offset", REWIND_FROM - 1));
        clusters.connect().resumeConnector("mirror");
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, MORE_RECORDS_PER_PARTITION);
        }
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), REMOTE_TOPIC, TOPIC, producer, Duration.ofSeconds(60));
        assertEquals(0, copied.lost(), copied.toString());
        assertEquals(RECORDS_PER_PARTITION - REWIND_FROM, copied.partition(0).duplicated(), copied.toString());
    }

    private Map<String, String> checkpointConnector() {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CHECKPOINT_CONNECTOR_CLASS);
        config.put("tasks.max", "2");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("groups", "app-.*");
        config.put("refresh.groups.interval.ms", Long.toString(REFRESH_GROUPS_MS));
        config.put("emit.checkpoints.interval.ms", Long.toString(EMIT_MS));
        config.put("key.converter", MirrorConnectors.BYTES);
        config.put("value.converter", MirrorConnectors.BYTES);
        // Task counts here follow the groups alone: with verification on, a connector without groups runs one task.
        config.put("verification.enabled", "false");
        return config;
    }

    @Test
    @Order(1)
    void aCommittedGroupResumesOnTheTargetRereadingAndSkippingNothingAtStartMiddleAndEnd() {
        // the start (nothing read), the middle, and the end of what was replicated
        long end = producer.producedCount(TOPIC, 1);
        Map<Integer, Long> positions = consumeAndCommit("app-1", Map.of(0, 37L, 1, end, 2, 0L), "phase-1");
        for (int p = 0; p < PARTITIONS; p++) {
            Checkpoint checkpoint = awaitCheckpoint("app-1", p, positions.get(p));
            assertEquals("phase-1", checkpoint.metadata(), "the commit's metadata travels with the checkpoint");
            assertResumesExactly(checkpoint);
        }
    }

    @Test
    @Order(2)
    void aCommitFurtherAheadAdvancesTheCheckpoint() {
        Map<Integer, Long> positions = consumeAndCommit("app-1", Map.of(0, 100L, 2, 50L), "phase-2");
        assertEquals(137L, positions.get(0));
        assertEquals(50L, positions.get(2));
        Checkpoint afterRewind = awaitCheckpoint("app-1", 0, positions.get(0));
        // 120..136 were copied twice; their last copies decide, further downstream than 137
        assertTrue(afterRewind.downstreamOffset() > afterRewind.upstreamOffset(), afterRewind.toString());
        assertResumesExactly(afterRewind);
        assertResumesExactly(awaitCheckpoint("app-1", 2, positions.get(2)));
        assertMonotonicExceptAtResets("app-1");
    }

    @Test
    @Order(3)
    void aResetOfTheGroupOnTheSourceMovesTheCheckpointBackAndIsLogged() {
        TopicPartition orders0 = new TopicPartition(TOPIC, 0);
        long before = awaitCheckpoint("app-1", 0, 137).downstreamOffset();
        try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer("app-1")) {
            // what kafka-consumer-groups --reset-offsets does: commit an earlier offset for the idle group
            consumer.commitSync(Map.of(orders0, new OffsetAndMetadata(10, "reset")));
        }
        Checkpoint reset = awaitCheckpoint("app-1", 0, 10);
        assertTrue(reset.downstreamOffset() < before, reset + " did not move back from " + before);
        assertResumesExactly(reset);
        assertMonotonicExceptAtResets("app-1");
        Waits.until("the reset of app-1 on orders-0 to be logged", Duration.ofSeconds(10), () -> logs.getMessages("INFO").stream()
            .anyMatch(line -> line.contains("'app-1' was reset") && line.contains("orders-0") && line.contains("from offset 137 to 10")));
    }

    @Test
    @Order(4)
    void aNewGroupIsCheckpointedWithinTheRefreshInterval() {
        // timed from before the group's first request: it may be listed by the source before its commit completes
        long firstActivity = System.nanoTime();
        Map<Integer, Long> positions = consumeAndCommit("app-2", Map.of(0, 5L, 1, 150L), "new");
        long committedMs = Duration.ofNanos(System.nanoTime() - firstActivity).toMillis();
        List<Checkpoint> checkpoints = new ArrayList<>();
        for (int p : new int[] {0, 1}) {
            checkpoints.add(awaitCheckpoint("app-2", p, positions.get(p)));
        }
        long tookMs = Duration.ofNanos(System.nanoTime() - firstActivity).toMillis();
        log.info("CheckpointIT: new group app-2 checkpointed {} ms after its first request ({} ms after its commit; refresh {} ms, "
            + "emit {} ms)", tookMs, tookMs - committedMs, REFRESH_GROUPS_MS, EMIT_MS);
        // group refresh + task restart and syncs catch-up + one emit round, with room for a slow machine
        assertTrue(tookMs < REFRESH_GROUPS_MS + EMIT_MS + 10_000, "took " + tookMs + " ms");
        checkpoints.forEach(this::assertResumesExactly);
        clusters.awaitConnectorRunning("checkpoints", 2, Duration.ofSeconds(30));
        // the old group keeps its checkpoints across the reconfiguration, never moved back
        assertMonotonicExceptAtResets("app-1");
    }

    /**
     * Consumes {@code counts} more records of each partition as group {@code group} on the source (from
     * its committed position, else the beginning) and commits the positions reached, explicitly.
     *
     * @return the committed offset per partition
     */
    private Map<Integer, Long> consumeAndCommit(String group, Map<Integer, Long> counts, String metadata) {
        try (KafkaConsumer<byte[], byte[]> consumer = groupConsumer(group)) {
            List<TopicPartition> partitions = counts.keySet().stream().map(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> next = new HashMap<>();
            Map<TopicPartition, Long> left = new HashMap<>();
            for (TopicPartition tp : partitions) {
                next.put(tp, consumer.position(tp, Duration.ofSeconds(10)));
                left.put(tp, counts.get(tp.partition()));
            }
            Waits.until("group " + group + " to consume " + counts, Duration.ofSeconds(30), () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (left.get(tp) > 0 && record.offset() == next.get(tp)) {
                        assertEquals(record.offset(), seqOf(record), "upstream offsets are the oracle's seqs");
                        next.put(tp, record.offset() + 1);
                        left.put(tp, left.get(tp) - 1);
                    }
                }
                left.forEach((tp, remaining) -> {
                    if (remaining == 0) {
                        consumer.pause(List.of(tp));
                    }
                });
                return left.values().stream().allMatch(remaining -> remaining == 0);
            });
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            next.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset, metadata)));
            consumer.commitSync(commit);
            Map<Integer, Long> committed = new HashMap<>();
            next.forEach((tp, offset) -> committed.put(tp.partition(), offset));
            return committed;
        }
    }

    private KafkaConsumer<byte[], byte[]> groupConsumer(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return clusters.source().createConsumer(config);
    }

    /** Waits for an exact checkpoint of (group, orders-p) at upstream offset {@code committed}. */
    private Checkpoint awaitCheckpoint(String group, int partition, long committed) {
        TopicPartition source = new TopicPartition(TOPIC, partition);
        return Waits.untilValue("an exact checkpoint of " + group + " on " + source + " at upstream " + committed, CHECKPOINT_TIMEOUT,
            () -> {
                history.poll();
                return history.latest(group, source);
            },
            checkpoint -> checkpoint != null && checkpoint.upstreamOffset() == committed && checkpoint.translation() == TranslationKind.EXACT);
    }

    /**
     * A consumer starting on the target at the checkpoint's downstream offset T must see, first, the copy
     * of the committed upstream offset c, then a copy of every later record (skips nothing), and no copy
     * of any record before c (re-reads nothing). Counted by oracle id over the whole remote partition.
     */
    private void assertResumesExactly(Checkpoint checkpoint) {
        int partition = checkpoint.source().partition();
        long c = checkpoint.upstreamOffset();
        long t = checkpoint.downstreamOffset();
        long produced = producer.producedCount(TOPIC, partition);
        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(clusters.target(), REMOTE_TOPIC,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30)).stream().filter(copy -> copy.partition() == partition).toList();
        long reRead = 0;
        Set<Long> seenFromT = new HashSet<>();
        Long firstSeq = null;
        for (ConsumerRecord<byte[], byte[]> copy : copies) {
            if (copy.offset() < t) {
                continue;
            }
            long seq = seqOf(copy);
            if (firstSeq == null) {
                firstSeq = seq;
            }
            if (seq < c) {
                reRead++;
            }
            seenFromT.add(seq);
        }
        long skipped = 0;
        for (long seq = c; seq < produced; seq++) {
            if (!seenFromT.contains(seq)) {
                skipped++;
            }
        }
        log.info("CheckpointIT measured: group={} partition={} committed={} checkpoint={} ({}) first-seq-at-T={} re-read={} skipped={}",
            checkpoint.consumerGroup(), partition, c, t, checkpoint.translation(), firstSeq, reRead, skipped);
        String what = checkpoint + " against " + copies.size() + " copies";
        assertEquals(0, reRead, "re-read, " + what);
        assertEquals(0, skipped, "skipped, " + what);
        if (c < produced) {
            assertEquals(c, firstSeq, "the first record at T is the copy of c, " + what);
        } else {
            assertEquals(copies.size(), t, "a group at the end resumes at the end, " + what);
        }
    }

    /** Each (group, partition)'s downstream offsets never went down, except where its upstream offset did. */
    private void assertMonotonicExceptAtResets(String group) {
        history.poll();
        for (int p = 0; p < PARTITIONS; p++) {
            Checkpoint previous = null;
            for (Checkpoint checkpoint : history.all(group, new TopicPartition(TOPIC, p))) {
                if (previous != null && checkpoint.upstreamOffset() >= previous.upstreamOffset()) {
                    assertTrue(checkpoint.downstreamOffset() >= previous.downstreamOffset(),
                        "moved back without a reset: " + previous + " then " + checkpoint);
                }
                previous = checkpoint;
            }
        }
    }

    private static long seqOf(ConsumerRecord<byte[], byte[]> record) {
        return OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow().seq();
    }

    /** Every checkpoint written so far, read from the checkpoints topic on the target in order. */
    private static final class CheckpointHistory implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, List<Checkpoint>> byKey = new LinkedHashMap<>();

        CheckpointHistory(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
            TopicPartition tp = new TopicPartition(CHECKPOINTS_TOPIC, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
        }

        void poll() {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                // a record that does not deserialize fails the test: only the connector writes here
                Checkpoint checkpoint = Checkpoint.deserialize(record.key(), record.value());
                byKey.computeIfAbsent(key(checkpoint.consumerGroup(), checkpoint.source()), k -> new ArrayList<>()).add(checkpoint);
            }
        }

        Checkpoint latest(String group, TopicPartition source) {
            List<Checkpoint> all = all(group, source);
            return all.isEmpty() ? null : all.get(all.size() - 1);
        }

        List<Checkpoint> all(String group, TopicPartition source) {
            return byKey.getOrDefault(key(group, source), List.of());
        }

        private static String key(String group, TopicPartition source) {
            return group + "/" + source;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
