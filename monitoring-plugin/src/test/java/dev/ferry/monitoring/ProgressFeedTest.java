package dev.ferry.monitoring;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Foreign or corrupt records in the progress and checkpoints topics are counted per topic and skipped; the rest are read. */
class ProgressFeedTest {

    private static final String PROGRESS = "ferry-progress.internal";
    private static final String CHECKPOINTS = "ferry-checkpoints.east.internal";

    @Test
    void unreadableRecordsAreCountedPerTopicAndSkippedWhileTheirNeighboursAreRead() {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(PROGRESS, List.of(new PartitionInfo(PROGRESS, 0, node, new Node[] {node}, new Node[] {node})));
        consumer.updatePartitions(CHECKPOINTS, List.of(new PartitionInfo(CHECKPOINTS, 0, node, new Node[] {node}, new Node[] {node})));
        TopicPartition progressTp = new TopicPartition(PROGRESS, 0);
        TopicPartition checkpointsTp = new TopicPartition(CHECKPOINTS, 0);
        consumer.updateBeginningOffsets(Map.of(progressTp, 0L, checkpointsTp, 0L));
        ProgressStore progress = new ProgressStore(10);
        CheckpointStore checkpoints = new CheckpointStore();
        List<FerryConnector> connectors = List.of(
            new FerryConnector("east-to-west", FerryConnector.Kind.MIRROR, "east", "west", PROGRESS, null, 5_000),
            new FerryConnector("east-checkpoints", FerryConnector.Kind.CHECKPOINT, "east", "west", CHECKPOINTS, null, 5_000));
        ProgressFeed feed = new ProgressFeed(consumer, () -> connectors, progress, checkpoints, 60_000, () -> 0L);
        feed.step(); // assigns the two topics and seeks to their beginning

        PartitionProgress report = Reports.of("orders", 0).report(100, 100, 100).list().get(0);
        Checkpoint checkpoint = new Checkpoint("app", new TopicPartition("orders", 0), 40, 40, "", TranslationKind.EXACT, 1L);
        byte[] junk = "not a Ferry record".getBytes(StandardCharsets.UTF_8);
        long offset = 0;
        consumer.addRecord(new ConsumerRecord<>(PROGRESS, 0, offset++, junk, junk));
        // a checkpoint is well-formed but foreign to the progress topic
        consumer.addRecord(new ConsumerRecord<>(PROGRESS, 0, offset++, checkpoint.serializeKey(), checkpoint.serializeValue()));
        consumer.addRecord(new ConsumerRecord<>(PROGRESS, 0, offset++, report.serializeKey(), report.serializeValue()));
        consumer.addRecord(new ConsumerRecord<>(PROGRESS, 0, offset, report.serializeKey(), new byte[] {0, 1}));
        consumer.addRecord(new ConsumerRecord<>(CHECKPOINTS, 0, 0, checkpoint.serializeKey(), checkpoint.serializeValue()));
        consumer.addRecord(new ConsumerRecord<>(CHECKPOINTS, 0, 1, report.serializeKey(), report.serializeValue()));
        feed.step();

        assertEquals(Map.of(PROGRESS, 3L, CHECKPOINTS, 1L), feed.unparseableRecords());
        assertEquals(Map.of(new PartitionKey("east-to-west", new TopicPartition("orders", 0)), List.of(report)), progress.snapshot());
        assertEquals(List.of(checkpoint), List.copyOf(checkpoints.snapshot().values()));
    }
}
