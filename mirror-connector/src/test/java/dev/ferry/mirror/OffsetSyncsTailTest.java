package dev.ferry.mirror;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class OffsetSyncsTailTest {

    private static final String TOPIC = "ferry-offset-syncs.east.internal";
    private static final TopicPartition SYNCS = new TopicPartition(TOPIC, 0);
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(AutoOffsetResetStrategy.NONE.name());
    private long nextOffset;

    private void write(OffsetSync sync) {
        consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, sync.serializeKey(), sync.serializeValue()));
    }

    private void topicHolds(long records) {
        Node node = new Node(0, "localhost", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[] {node})));
        consumer.updateBeginningOffsets(Map.of(SYNCS, 0L));
        consumer.updateEndOffsets(Map.of(SYNCS, records));
    }

    @Test
    void theNewestSyncOfEachWantedPartitionInTheTailIsFound() {
        topicHolds(4);
        consumer.schedulePollTask(() -> {
            write(OffsetSync.runStart(ORDERS_0, 100, 50, null, 1));
            write(OffsetSync.progress(ORDERS_0, new RunSpan(100, 50, 140, 90), null, 2));
            write(OffsetSync.progress(ORDERS_1, new RunSpan(0, 0, 7, 7), null, 2));
            consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, nextOffset++, new byte[] {1}, new byte[] {2})); // foreign
        });
        Map<TopicPartition, RunSpan> newest = OffsetSyncsTail.newestRuns(consumer, TOPIC, Set.of(ORDERS_0), 10, Duration.ofSeconds(5));
        assertEquals(Map.of(ORDERS_0, new RunSpan(100, 50, 140, 90)), newest, "the newest sync of the wanted partition only");
    }

    @Test
    void onlyTheTailIsRead() {
        topicHolds(1_000);
        Map<TopicPartition, RunSpan> newest = OffsetSyncsTail.newestRuns(consumer, TOPIC, Set.of(ORDERS_0), 10, Duration.ofMillis(300));
        assertEquals(990, consumer.position(SYNCS), "it started 10 records before the end");
        assertFalse(newest.containsKey(ORDERS_0), "nothing found within the time allowed");
    }
}
