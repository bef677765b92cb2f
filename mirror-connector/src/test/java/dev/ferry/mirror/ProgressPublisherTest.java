package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressPublisherTest {

    private static final String TOPIC = "ferry-progress.internal";

    private final MockProducer<byte[], byte[]> producer =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final PartitionTracker orders0 = new PartitionTracker(new TopicPartition("orders", 0), "east.orders");
    private final PartitionTracker orders1 = new PartitionTracker(new TopicPartition("orders", 1), "east.orders");
    private long now = 10_000;
    private final ProgressPublisher publisher = new ProgressPublisher(producer, TOPIC, "east-to-west", "east", "west", 2, 1_000,
        List.of(orders0, orders1), () -> now);

    @Test
    void publishesOneReportPerPartitionKeyedByConnectorAndPartition() {
        orders0.startAt(7);
        orders0.observed(9, 7, 9_500);
        publisher.publish();
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(2, sent.size());
        PartitionProgress first = PartitionProgress.deserialize(sent.get(0).key(), sent.get(0).value());
        assertEquals("east-to-west", first.connector());
        assertEquals(new TopicPartition("orders", 0), first.source());
        assertEquals(2, first.taskId());
        assertEquals(1_000, first.taskStartedAtMs());
        assertEquals(2, first.lagRecords());
        assertEquals(TOPIC, sent.get(0).topic());
        assertEquals(10_000L, sent.get(0).timestamp());
        assertEquals(new TopicPartition("orders", 1), PartitionProgress.deserialize(sent.get(1).key(), sent.get(1).value()).source());

        producer.completeNext();
        producer.errorNext(new TimeoutException("target gone"));
        assertEquals(1, publisher.sent());
        assertEquals(1, publisher.failed());
    }

    @Test
    void skipsAndCountsReportsWhileTwoRoundsAreUnacknowledged() {
        publisher.publish();
        publisher.publish();
        publisher.publish();   // 4 unacknowledged: this round is skipped
        assertEquals(4, producer.history().size());
        assertEquals(2, publisher.failed());
        while (producer.completeNext()) {
            // the target catches up
        }
        publisher.publish();
        assertEquals(6, producer.history().size());
        assertEquals(4, publisher.sent());
    }
}
