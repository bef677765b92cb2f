package dev.ferry.mirror;

import dev.ferry.mirror.MirrorSourceConfig.GapPolicy;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartPositionsTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final Uuid TOPIC_ID = Uuid.randomUuid();
    private static final AssignedPartition ASSIGNED = new AssignedPartition(TP, TOPIC_ID, "east.orders");

    private MockConsumer<byte[], byte[]> consumer;

    @BeforeEach
    void setUp() {
        consumer = new MockConsumer<>("none");
        consumer.assign(List.of(TP));
        consumer.updateBeginningOffsets(Map.of(TP, 100L));
        consumer.updateEndOffsets(Map.of(TP, 500L));
    }

    private static Map<Map<String, Object>, Map<String, Object>> stored(long lastCopied, Uuid topicId) {
        return Map.of(SourceOffsets.partitionKey("east", TP),
            Map.of(SourceOffsets.OFFSET, lastCopied, SourceOffsets.TOPIC_ID, topicId.toString()));
    }

    private StartPositions positions(GapPolicy policy, OffsetResetStrategy start) {
        return new StartPositions(consumer, "east", start, policy);
    }

    @Test
    void resumesRightAfterTheLastCopiedRecord() {
        positions(GapPolicy.FAIL, OffsetResetStrategy.EARLIEST).seekAll(List.of(ASSIGNED), stored(299, TOPIC_ID));
        assertEquals(300L, consumer.position(TP));
    }

    @Test
    void newPartitionsStartAtTheConfiguredEnd() {
        positions(GapPolicy.FAIL, OffsetResetStrategy.EARLIEST).seekAll(List.of(ASSIGNED), Map.of());
        assertEquals(100L, consumer.position(TP));

        setUp();
        positions(GapPolicy.FAIL, OffsetResetStrategy.LATEST).seekAll(List.of(ASSIGNED), Map.of());
        assertEquals(500L, consumer.position(TP));
    }

    @Test
    void recordsLostToRetentionFailTheTaskWithTheCount() {
        ConnectException e = assertThrows(ConnectException.class,
            () -> positions(GapPolicy.FAIL, OffsetResetStrategy.EARLIEST).seekAll(List.of(ASSIGNED), stored(39, TOPIC_ID)));
        assertTrue(e.getMessage().contains("orders-0"), e.getMessage());
        assertTrue(e.getMessage().contains("60 record(s) at offsets [40, 100)"), e.getMessage());
        assertTrue(e.getMessage().contains(MirrorSourceConfig.GAP_POLICY), e.getMessage());
    }

    @Test
    void recordsLostToRetentionAreSkippedOnlyWhenAllowed() {
        positions(GapPolicy.CONTINUE, OffsetResetStrategy.EARLIEST).seekAll(List.of(ASSIGNED), stored(39, TOPIC_ID));
        assertEquals(100L, consumer.position(TP));
    }

    @Test
    void aRecreatedTopicIsCopiedFromItsFirstRecord() {
        positions(GapPolicy.FAIL, OffsetResetStrategy.LATEST).seekAll(List.of(ASSIGNED), stored(299, Uuid.randomUuid()));
        assertEquals(100L, consumer.position(TP), "never skip the new topic's first records");
    }

    @Test
    void aLogThatEndsBeforeWhatWasCopiedIsAnError() {
        ConnectException e = assertThrows(ConnectException.class,
            () -> positions(GapPolicy.FAIL, OffsetResetStrategy.EARLIEST).seekAll(List.of(ASSIGNED), stored(899, TOPIC_ID)));
        assertTrue(e.getMessage().contains("ends at offset 500"), e.getMessage());
    }
}
