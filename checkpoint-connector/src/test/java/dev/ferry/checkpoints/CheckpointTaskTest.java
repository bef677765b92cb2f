package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTaskTest {

    private static final String SYNCS = "ferry-offset-syncs.east.internal";
    private static final String CHECKPOINTS = "ferry-checkpoints.east.internal";
    private static final TopicPartition SYNCS_0 = new TopicPartition(SYNCS, 0);
    private static final TopicPartition CHECKPOINTS_0 = new TopicPartition(CHECKPOINTS, 0);
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final long EMIT_MS = 1_000;

    private final MockConsumer<byte[], byte[]> syncsConsumer = new MockConsumer<>("earliest");
    private final MockConsumer<byte[], byte[]> checkpointsConsumer = new MockConsumer<>("earliest");
    private final Map<TopicPartition, OffsetAndMetadata> committed = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final CheckpointTask task = new CheckpointTask(new TaskClients() {
        @Override
        public Consumer<byte[], byte[]> offsetSyncsConsumer(CheckpointConfig config, String clientId) {
            return syncsConsumer;
        }

        @Override
        public Consumer<byte[], byte[]> checkpointsConsumer(CheckpointConfig config, String clientId) {
            return checkpointsConsumer;
        }

        @Override
        public GroupOffsets groupOffsets(CheckpointConfig config, String clientId, Duration callTimeout) {
            return new GroupOffsets() {
                @Override
                public Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Collection<String> groups) {
                    return Map.of("billing", Map.copyOf(committed));
                }
            };
        }

        @Override
        public MirroredTopics mirroredTopics(CheckpointConfig config, String clientId, Duration callTimeout, LongSupplier clock) {
            return "orders"::equals;
        }

        @Override
        public TargetGroups targetGroups(CheckpointConfig config, String clientId, Duration callTimeout) {
            return targetGroups;
        }
    }, clock::get);
    private final GroupOffsetSyncerTest.FakeTargetGroups targetGroups = new GroupOffsetSyncerTest.FakeTargetGroups();

    private final Metrics workerMetrics = new Metrics();

    @AfterEach
    void stop() {
        task.stop();
        workerMetrics.close();
    }

    /** Runs the task with plugin metrics, as a worker does for task 0 of connector "cp". */
    private void initializeWithMetrics() {
        PluginMetrics pluginMetrics = new PluginMetricsImpl(workerMetrics, Map.of("connector", "cp", "task", "0"));
        task.initialize(new SourceTaskContext() {
            @Override
            public Map<String, String> configs() {
                return Map.of();
            }

            @Override
            public OffsetStorageReader offsetStorageReader() {
                return null;
            }

            @Override
            public PluginMetrics pluginMetrics() {
                return pluginMetrics;
            }
        });
    }

    /** The value of a metric of task 0 with these extra tags, or null when it is not registered. */
    private Object metric(String name, Map<String, String> extraTags) {
        for (Map.Entry<MetricName, KafkaMetric> entry : workerMetrics.metrics().entrySet()) {
            MetricName metricName = entry.getKey();
            if (metricName.name().equals(name) && metricName.group().equals("plugins")
                && metricName.tags().entrySet().containsAll(extraTags.entrySet())
                && "east".equals(metricName.tags().get("source")) && "west".equals(metricName.tags().get("target"))) {
                return entry.getValue().metricValue();
            }
        }
        return null;
    }

    private static RecordMetadata acked(long offset) {
        return new RecordMetadata(CHECKPOINTS_0, offset, 0, 0, 0, 0);
    }

    private void start() {
        start(Map.of());
    }

    private void start(Map<String, String> extra) {
        Map<String, String> props = CheckpointConnectorValidateTest.validConfig();
        props.putAll(extra);
        props.put(CheckpointConfig.EMIT_INTERVAL_MS, Long.toString(EMIT_MS));
        props.put(CheckpointTaskConfig.TASK_GROUPS, CheckpointTaskConfig.encodeGroups(List.of("billing")));
        task.start(props);
    }

    private static void topic(MockConsumer<byte[], byte[]> consumer, TopicPartition tp, long end) {
        consumer.updatePartitions(tp.topic(), List.of(TopicTailTest.partition(tp.topic(), tp.partition())));
        consumer.updateBeginningOffsets(Map.of(tp, 0L));
        consumer.updateEndOffsets(Map.of(tp, end));
    }

    private static ConsumerRecord<byte[], byte[]> syncRecord(long offset, OffsetSync sync) {
        return new ConsumerRecord<>(SYNCS, 0, offset, sync.serializeKey(), sync.serializeValue());
    }

    /** orders-0: upstream 0..49 copied to downstream 100..149 and reported. */
    private void addSyncs() {
        syncsConsumer.addRecord(syncRecord(0, OffsetSync.runStart(ORDERS_0, 0, 100, null, 1)));
        syncsConsumer.addRecord(syncRecord(1, OffsetSync.progress(ORDERS_0, new RunSpan(0, 100, 49, 149), null, 2)));
    }

    private static Checkpoint only(List<SourceRecord> records) {
        assertEquals(1, records.size(), records.toString());
        SourceRecord record = records.get(0);
        assertEquals(CHECKPOINTS, record.topic());
        assertEquals(Schema.BYTES_SCHEMA, record.keySchema());
        assertEquals(Schema.BYTES_SCHEMA, record.valueSchema());
        assertEquals(Map.of(CheckpointRecords.PARTITION_GROUP, "billing"), record.sourcePartition());
        return Checkpoint.deserialize((byte[]) record.key(), (byte[]) record.value());
    }

    @Test
    void nothingIsWrittenUntilTheSyncsAreReadToTheirEndThenCheckpointsFollowEachInterval() {
        topic(syncsConsumer, SYNCS_0, 2);
        topic(checkpointsConsumer, CHECKPOINTS_0, 0);
        committed.put(ORDERS_0, new OffsetAndMetadata(40));
        start();

        assertNull(task.poll(), "the syncs topic is not read to its end yet: translating now would be conservative");
        assertNull(task.poll());

        addSyncs();
        Checkpoint first = only(task.poll());
        assertEquals(new Checkpoint("billing", ORDERS_0, 40, 140, "", TranslationKind.EXACT, clock.get()), first);

        committed.put(ORDERS_0, new OffsetAndMetadata(45));
        assertNull(task.poll(), "the next round is one interval later");
        clock.addAndGet(EMIT_MS);
        assertEquals(145, only(task.poll()).downstreamOffset());

        clock.addAndGet(EMIT_MS);
        assertNull(task.poll(), "nothing changed");

        committed.put(ORDERS_0, new OffsetAndMetadata(80)); // beyond what the syncs report: written, labelled
        clock.addAndGet(EMIT_MS);
        Checkpoint ahead = only(task.poll());
        assertEquals(TranslationKind.NOT_YET_REPLICATED, ahead.translation());
        assertEquals(150, ahead.downstreamOffset());
    }

    @Test
    void aRestartedTaskReadsItsEarlierCheckpointsBackAndNeverMovesOneBack() {
        topic(syncsConsumer, SYNCS_0, 2);
        topic(checkpointsConsumer, CHECKPOINTS_0, 2);
        committed.put(ORDERS_0, new OffsetAndMetadata(95));
        start();
        assertNull(task.poll());
        // written by an earlier incarnation that knew orders-0 was copied further (its syncs have since expired)
        Checkpoint earlier = new Checkpoint("billing", ORDERS_0, 95, 500, "", TranslationKind.EXACT, clock.get() - 5_000);
        Checkpoint otherGroup = new Checkpoint("search", ORDERS_0, 1, 101, "", TranslationKind.EXACT, clock.get() - 5_000);
        checkpointsConsumer.addRecord(new ConsumerRecord<>(CHECKPOINTS, 0, 0, earlier.serializeKey(), earlier.serializeValue()));
        checkpointsConsumer.addRecord(new ConsumerRecord<>(CHECKPOINTS, 0, 1, otherGroup.serializeKey(), otherGroup.serializeValue()));
        addSyncs();

        assertNull(task.poll(), "95 now only translates conservatively to 150, below the earlier 500: held");
        assertEquals(1, task.ledger().held());
        assertEquals(1, task.ledger().size(), "only this task's groups are read back");

        committed.put(ORDERS_0, new OffsetAndMetadata(10)); // reset on the source: goes through
        clock.addAndGet(EMIT_MS);
        assertEquals(110, only(task.poll()).downstreamOffset());
        assertEquals(1, task.ledger().resets());
    }

    @Test
    void aMissingSyncsTopicMeansNoCheckpointAndAWaitThatStopEnds() {
        topic(checkpointsConsumer, CHECKPOINTS_0, 0);
        committed.put(ORDERS_0, new OffsetAndMetadata(40));
        start();
        long before = System.nanoTime();
        assertNull(task.poll());
        assertTrue(Duration.ofNanos(System.nanoTime() - before).toMillis() < 5_000);
        task.stop();
        long afterStop = System.nanoTime();
        assertNull(task.poll());
        assertTrue(Duration.ofNanos(System.nanoTime() - afterStop).toMillis() < 500, "a stopped task returns at once");
    }

    @Test
    void groupSyncIsOffByDefault() {
        topic(syncsConsumer, SYNCS_0, 2);
        topic(checkpointsConsumer, CHECKPOINTS_0, 0);
        committed.put(ORDERS_0, new OffsetAndMetadata(40));
        start();
        assertNull(task.poll());
        addSyncs();
        assertEquals(null, task.groupSyncer());
        only(task.poll());
        assertTrue(targetGroups.commits.isEmpty());
    }

    @Test
    void groupSyncCommitsExactTranslationsEachSyncInterval() {
        topic(syncsConsumer, SYNCS_0, 2);
        topic(checkpointsConsumer, CHECKPOINTS_0, 0);
        committed.put(ORDERS_0, new OffsetAndMetadata(40));
        start(Map.of(CheckpointConfig.SYNC_GROUP_OFFSETS_ENABLED, "true",
            CheckpointConfig.SYNC_GROUP_OFFSETS_INTERVAL_MS, Long.toString(3 * EMIT_MS)));
        assertNull(task.poll());
        addSyncs();
        only(task.poll());
        TopicPartition remote = new TopicPartition("east.orders", 0);
        assertEquals(140, targetGroups.offset("billing", remote));

        committed.put(ORDERS_0, new OffsetAndMetadata(45));
        clock.addAndGet(EMIT_MS);
        assertEquals(145, only(task.poll()).downstreamOffset());
        assertEquals(140, targetGroups.offset("billing", remote), "the next sync is one sync interval later");

        clock.addAndGet(2 * EMIT_MS);
        assertNull(task.poll());
        assertEquals(145, targetGroups.offset("billing", remote));
        assertEquals(2, task.groupSyncer().offsetsCommitted());
    }

    @Test
    void metricsCountWhatTheTaskDid() {
        initializeWithMetrics();
        topic(syncsConsumer, SYNCS_0, 3);
        topic(checkpointsConsumer, CHECKPOINTS_0, 2);
        committed.put(ORDERS_0, new OffsetAndMetadata(95));
        start();
        assertEquals(1L, metric("groups-tracked", Map.of()));
        assertEquals(-1L, metric("checkpoint-age-ms", Map.of("group", "billing")), "no checkpoint yet");
        assertNull(task.poll());
        Checkpoint earlier = new Checkpoint("billing", ORDERS_0, 95, 500, "", TranslationKind.EXACT, clock.get() - 5_000);
        checkpointsConsumer.addRecord(new ConsumerRecord<>(CHECKPOINTS, 0, 0, earlier.serializeKey(), earlier.serializeValue()));
        checkpointsConsumer.addRecord(new ConsumerRecord<>(CHECKPOINTS, 0, 1, new byte[] {1}, new byte[] {2, 3}));
        addSyncs();
        syncsConsumer.addRecord(new ConsumerRecord<>(SYNCS, 0, 2, "not a sync".getBytes(), new byte[] {9}));

        assertNull(task.poll(), "95 translates conservatively below the earlier checkpoint: held");
        assertEquals(1L, metric("checkpoints-held-total", Map.of()));
        assertEquals(1L, metric("translations-total", Map.of("kind", "NOT_YET_REPLICATED")));
        assertEquals(0L, metric("translations-total", Map.of("kind", "EXACT")));
        assertEquals(2L, metric("offset-syncs-applied-total", Map.of()));
        assertEquals(1L, metric("offset-syncs-skipped-total", Map.of()));
        assertEquals(1L, metric("checkpoint-records-skipped-total", Map.of()));
        assertEquals(5_000L, metric("checkpoint-age-ms", Map.of("group", "billing")), "the checkpoint read back is 5 s old");

        committed.put(ORDERS_0, new OffsetAndMetadata(10)); // reset on the source
        clock.addAndGet(EMIT_MS);
        List<SourceRecord> records = task.poll();
        assertEquals(1, records.size());
        assertEquals(1L, metric("source-resets-total", Map.of()));
        assertEquals(1L, metric("translations-total", Map.of("kind", "EXACT")));
        assertEquals(0.0, metric("checkpoints-written-total", Map.of()), "not acknowledged yet");
        clock.addAndGet(300);
        task.commitRecord(records.get(0), acked(2));
        assertEquals(1.0, metric("checkpoints-written-total", Map.of()));
        assertEquals(300L, metric("checkpoint-age-ms", Map.of("group", "billing")));
        task.commitRecord(records.get(0), null); // dropped by Connect: not written
        assertEquals(1.0, metric("checkpoints-written-total", Map.of()));
        assertNull(metric("group-offsets-committed-total", Map.of()), "group sync is off");

        task.stop();
        assertNull(metric("checkpoints-written-total", Map.of()), "a stopped task's metrics are gone");
        assertNull(metric("checkpoint-age-ms", Map.of("group", "billing")));
    }

    @Test
    void groupSyncMetricsCountCommittedOffsets() {
        initializeWithMetrics();
        topic(syncsConsumer, SYNCS_0, 2);
        topic(checkpointsConsumer, CHECKPOINTS_0, 0);
        committed.put(ORDERS_0, new OffsetAndMetadata(40));
        start(Map.of(CheckpointConfig.SYNC_GROUP_OFFSETS_ENABLED, "true"));
        assertNull(task.poll());
        addSyncs();
        only(task.poll());
        assertEquals(1L, metric("group-offsets-committed-total", Map.of()));
        assertEquals(0L, metric("group-sync-skipped-active-total", Map.of()));
    }
}
