package dev.ferry.checkpoints;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicTailTest {

    private static final String TOPIC = "ferry-offset-syncs.east.internal";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final long CHECK_MS = 10_000;

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    private final TopicTail tail = new TopicTail(consumer, TOPIC, read::add, CHECK_MS, Duration.ofSeconds(1), clock::get);

    static PartitionInfo partition(String topic, int partition) {
        Node node = new Node(0, "localhost", 9092);
        return new PartitionInfo(topic, partition, node, new Node[] {node}, new Node[] {node});
    }

    static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[] {1}, new byte[] {(byte) offset});
    }

    private void exists(TopicPartition... partitions) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            infos.add(partition(tp.topic(), tp.partition()));
            consumer.updateBeginningOffsets(Map.of(tp, 0L));
        }
        consumer.updatePartitions(TOPIC, infos);
    }

    @Test
    void aMissingTopicIsCheckedButNotFoundUntilItAppearsAtTheNextCheck() {
        assertEquals(0, tail.poll(Duration.ZERO));
        assertTrue(tail.checked());
        assertFalse(tail.found());
        assertFalse(tail.caughtUp());

        exists(P0);
        consumer.updateEndOffsets(Map.of(P0, 0L));
        tail.poll(Duration.ZERO);
        assertFalse(tail.found(), "partitions are looked up once per check interval");
        clock.addAndGet(CHECK_MS);
        tail.poll(Duration.ZERO);
        assertTrue(tail.found());
        assertTrue(tail.caughtUp(), "an empty topic is read to its end at once");
    }

    @Test
    void caughtUpOnlyOnceEveryRecordPresentWhenFoundWasRead() {
        exists(P0, P1);
        consumer.updateEndOffsets(Map.of(P0, 2L, P1, 1L));
        tail.poll(Duration.ZERO);
        assertTrue(tail.found());
        assertFalse(tail.caughtUp());

        consumer.addRecord(record(P0, 0));
        consumer.addRecord(record(P0, 1));
        assertEquals(2, tail.poll(Duration.ZERO));
        assertFalse(tail.caughtUp(), "partition 1 is not read yet");

        consumer.addRecord(record(P1, 0));
        consumer.updateEndOffsets(Map.of(P0, 5L, P1, 3L)); // later records do not move the goal
        assertEquals(1, tail.poll(Duration.ZERO));
        assertTrue(tail.caughtUp());
        assertEquals(3, tail.records());
        assertEquals(3, read.size());
    }

    @Test
    void partitionsAddedLaterAreReadFromTheBeginning() {
        exists(P0);
        consumer.updateEndOffsets(Map.of(P0, 0L));
        tail.poll(Duration.ZERO);
        exists(P0, P1);
        clock.addAndGet(CHECK_MS);
        tail.poll(Duration.ZERO);
        assertEquals(2, consumer.assignment().size());
        consumer.addRecord(record(P1, 0));
        assertEquals(1, tail.poll(Duration.ZERO));
        assertEquals(P1.partition(), read.get(0).partition());
    }
}
