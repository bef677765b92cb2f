package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint connector's optional group sync (sync.group.offsets.enabled) on real clusters: it
 * commits the exact translations to idle target groups, so a consumer there resumes re-reading and
 * skipping nothing; it never touches a target group with members; it never moves a target offset back.
 */
class GroupSyncIT extends MirrorClustersIT {

    private static final String TOPIC = "accounts";
    private static final String REMOTE = "east." + TOPIC;
    private static final String CHECKPOINTS = "ferry-checkpoints.east.internal";
    private static final int PARTITIONS = 2;
    private static final long RECORDS = 200;
    private static final long SYNC_INTERVAL_MS = 1_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Admin targetAdmin;
    private KafkaConsumer<byte[], byte[]> checkpointReader;
    /** Every checkpoint read from the checkpoints topic so far, in order. */
    private final List<Checkpoint> checkpoints = new ArrayList<>();

    @BeforeAll
    void mirrorAndCheckpointWithGroupSync() {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, RECORDS);
        }
        Map<String, String> mirror = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        mirror.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("mirror", mirror);
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), REMOTE, TOPIC, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());

        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("groups", "gs-.*");
        config.put("refresh.groups.interval.ms", "1000");
        config.put("emit.checkpoints.interval.ms", "300");
        config.put("emit.checkpoints.unchanged.interval.ms", "500"); // unchanged checkpoints re-emitted: a visible clock
        config.put("sync.group.offsets.enabled", "true");
        config.put("sync.group.offsets.interval.ms", Long.toString(SYNC_INTERVAL_MS));
        config.put("key.converter", MirrorConnectors.BYTES);
        config.put("value.converter", MirrorConnectors.BYTES);
        clusters.connect().configureConnector("checkpoints", config);

        targetAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap()));
        checkpointReader = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    @AfterAll
    void closeClients() {
        if (checkpointReader != null) {
            checkpointReader.close(Duration.ofSeconds(5));
        }
        if (targetAdmin != null) {
            targetAdmin.close(Duration.ofSeconds(5));
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    private void commitOn(String bootstrap, String topic, String group, Map<Integer, Long> offsets) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, group)) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((p, offset) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(offset)));
            consumer.commitSync(commits);
        }
    }

    /** The group's committed offsets of the remote topic on the target, by partition (absent = none). */
    private Map<Integer, Long> targetOffsets(String group) throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        targetAdmin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().forEach((tp, offset) -> {
            if (offset != null && tp.topic().equals(REMOTE)) {
                out.put(tp.partition(), offset.offset());
            }
        });
        return out;
    }

    /** Reads checkpoints written since the last call. */
    private void readCheckpoints() {
        if (checkpointReader.assignment().isEmpty()) {
            List<TopicPartition> partitions = new ArrayList<>();
            checkpointReader.partitionsFor(CHECKPOINTS).forEach(info -> partitions.add(new TopicPartition(CHECKPOINTS, info.partition())));
            checkpointReader.assign(partitions);
            checkpointReader.seekToBeginning(partitions);
        }
        for (ConsumerRecord<byte[], byte[]> record : checkpointReader.poll(Duration.ofMillis(100))) {
            checkpoints.add(Checkpoint.deserialize(record.key(), record.value()));
        }
    }

    /** Waits for an exact checkpoint of each partition at the given upstream offsets; returns the downstream ones. */
    private Map<Integer, Long> awaitTranslations(String group, Map<Integer, Long> upstream) {
        Map<Integer, Long> downstream = new TreeMap<>();
        Waits.until("exact checkpoints of " + group + " at " + upstream, TIMEOUT, () -> {
            readCheckpoints();
            for (Checkpoint checkpoint : checkpoints) {
                if (checkpoint.consumerGroup().equals(group) && checkpoint.translation() == TranslationKind.EXACT
                    && upstream.get(checkpoint.source().partition()) == checkpoint.upstreamOffset()) {
                    downstream.put(checkpoint.source().partition(), checkpoint.downstreamOffset());
                }
            }
            return downstream.keySet().equals(upstream.keySet());
        });
        return downstream;
    }

    /** Checkpoints of the group, at these upstream offsets, written after {@code sinceMs}. */
    private long checkpointsSince(String group, Map<Integer, Long> upstream, long sinceMs) {
        return checkpoints.stream().filter(c -> c.consumerGroup().equals(group) && c.timestampMs() > sinceMs
            && upstream.get(c.source().partition()) == c.upstreamOffset()).count();
    }

    @Test
    void anIdleTargetGroupIsMovedToTheExactTranslationAndResumesRereadingAndSkippingNothing() throws Exception {
        String group = "gs-resume";
        Map<Integer, Long> consumed = Map.of(0, 70L, 1, 130L);
        commitOn(clusters.sourceBootstrap(), TOPIC, group, consumed);
        Map<Integer, Long> translated = awaitTranslations(group, consumed);
        Map<Integer, Long> synced = Waits.untilValue("group sync of " + group + " to " + translated, TIMEOUT,
            () -> targetOffsets(group), translated::equals);
        assertEquals(translated, synced);

        Map<Integer, List<Long>> seen = new HashMap<>();
        long expected = consumed.values().stream().mapToLong(count -> RECORDS - count).sum();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clusters.targetBootstrap(), group)) {
            consumer.subscribe(List.of(REMOTE));
            Waits.until(group + " to read " + expected + " records on the target", TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    OracleId id = OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow();
                    seen.computeIfAbsent(id.partition(), p -> new ArrayList<>()).add(id.seq());
                }
                return seen.values().stream().mapToInt(List::size).sum() >= expected;
            });
        }
        consumed.forEach((p, committed) -> {
            List<Long> seqs = seen.getOrDefault(p, List.of());
            long reread = seqs.stream().filter(seq -> seq < committed).count();
            long skipped = RECORDS - committed - seqs.stream().filter(seq -> seq >= committed).distinct().count();
            assertEquals(0, reread, "partition " + p + " re-read " + reread + " records");
            assertEquals(0, skipped, "partition " + p + " skipped " + skipped + " records");
            assertEquals(committed, seqs.get(0), "partition " + p + " resumes at the first unread record");
        });
        System.out.println("GroupSyncIT resume: source " + consumed + " -> target " + synced + ", read " + expected
            + " records, re-read 0, skipped 0");
    }

    @Test
    void aTargetGroupWithMembersIsNeverTouchedAndIsSyncedOnceTheyLeave() throws Exception {
        String group = "gs-active";
        Map<Integer, Long> first = Map.of(0, 50L, 1, 50L);
        commitOn(clusters.sourceBootstrap(), TOPIC, group, first);
        Map<Integer, Long> firstTranslated = awaitTranslations(group, first);
        Waits.untilValue("group sync of " + group + " to " + firstTranslated, TIMEOUT, () -> targetOffsets(group),
            firstTranslated::equals);

        Map<Integer, Long> second = Map.of(0, 150L, 1, 160L);
        try (KafkaConsumer<byte[], byte[]> member = consumer(clusters.targetBootstrap(), group)) {
            member.subscribe(List.of(REMOTE));
            Waits.until("a live member of " + group + " on the target", TIMEOUT, () -> {
                member.poll(Duration.ofMillis(100));
                return member.assignment().size() == PARTITIONS;
            });
            long committedAtMs = System.currentTimeMillis();
            commitOn(clusters.sourceBootstrap(), TOPIC, group, second);
            Map<Integer, Long> secondTranslated = awaitTranslations(group, second);
            // The connector re-emits unchanged checkpoints every 500 ms: wait until they span at least three sync
            // intervals after the commit, checking the target group's offsets (and keeping the member alive) each poll.
            long needed = 2L * PARTITIONS * (3 * SYNC_INTERVAL_MS / 500);
            Waits.until(needed + " checkpoints of " + group + " at " + second + " while the member stays", TIMEOUT, () -> {
                member.poll(Duration.ofMillis(100));
                readCheckpoints();
                assertEquals(firstTranslated, targetOffsets(group), "the group sync changed a group with members");
                return checkpointsSince(group, second, committedAtMs) >= needed;
            });
            assertEquals(firstTranslated, targetOffsets(group));
            System.out.println("GroupSyncIT active: target stayed at " + firstTranslated + " while a member was in the group, "
                + checkpointsSince(group, second, committedAtMs) + " checkpoints at " + second + " -> " + secondTranslated
                + " emitted meanwhile over " + (System.currentTimeMillis() - committedAtMs) + " ms");
            assertTrue(!secondTranslated.equals(firstTranslated), secondTranslated.toString());

            member.unsubscribe();
            member.close(Duration.ofSeconds(10));
            Waits.untilValue("group sync of " + group + " to " + secondTranslated + " once its member left", TIMEOUT,
                () -> targetOffsets(group), secondTranslated::equals);
        }
    }

    @Test
    void aTargetOffsetAheadOfTheTranslationIsNeverMovedBack() throws Exception {
        String group = "gs-ahead";
        commitOn(clusters.targetBootstrap(), REMOTE, group, Map.of(0, 180L, 1, 10L));
        Map<Integer, Long> consumed = Map.of(0, 100L, 1, 100L);
        long committedAtMs = System.currentTimeMillis();
        commitOn(clusters.sourceBootstrap(), TOPIC, group, consumed);
        Map<Integer, Long> translated = awaitTranslations(group, consumed);
        assertTrue(translated.get(0) < 180, translated.toString());
        Waits.untilValue("group sync of " + group + " partition 1 to " + translated.get(1), TIMEOUT,
            () -> targetOffsets(group), offsets -> translated.get(1).equals(offsets.get(1)));
        long needed = 2L * PARTITIONS * (3 * SYNC_INTERVAL_MS / 500);
        Waits.until(needed + " checkpoints of " + group + " at " + consumed, TIMEOUT, () -> {
            readCheckpoints();
            assertEquals(180L, targetOffsets(group).get(0), "the group sync moved an offset back");
            return checkpointsSince(group, consumed, committedAtMs) >= needed;
        });
        assertEquals(Map.of(0, 180L, 1, translated.get(1)), targetOffsets(group));
        System.out.println("GroupSyncIT ahead: translations " + translated + ", target " + targetOffsets(group) + " after "
            + checkpointsSince(group, consumed, committedAtMs) + " checkpoints");
    }
}
