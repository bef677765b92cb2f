package dev.ferry.checkpoints;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RecordFetcherTest {

    private static final TopicPartition TP = new TopicPartition("east.orders", 0);
    private static final Duration TIMEOUT = Duration.ofMillis(50);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
    private final AtomicLong clock = new AtomicLong();
    private final RecordFetcher fetcher = new RecordFetcher(consumer, () -> clock.addAndGet(10));

    /** The log holds offsets 10 and 12 (11 compacted away) and ends at 13. */
    private void logWith10And12() {
        consumer.schedulePollTask(() -> {
            consumer.addRecord(new ConsumerRecord<>(TP.topic(), 0, 10, "k10".getBytes(), "v10".getBytes()));
            consumer.addRecord(new ConsumerRecord<>(TP.topic(), 0, 12, "k12".getBytes(), "v12".getBytes()));
        });
        consumer.updateBeginningOffsets(Map.of(TP, 10L));
        consumer.updateEndOffsets(Map.of(TP, 13L));
    }

    @Test
    void findsTheRecordAtTheOffset() {
        logWith10And12();
        RecordSource.Fetch fetch = fetcher.fetch(TP, 12, TIMEOUT);
        assertEquals(RecordSource.Outcome.FOUND, fetch.outcome(), fetch.reason());
        assertArrayEquals("v12".getBytes(), fetch.record().value());
        assertEquals(Set.of(TP), consumer.assignment());
    }

    @Test
    void aHoleIsNotAMissingCopy() {
        logWith10And12();
        RecordSource.Fetch fetch = fetcher.fetch(TP, 11, TIMEOUT);
        assertEquals(RecordSource.Outcome.HOLE, fetch.outcome());
        assertEquals("the next record is at offset 12", fetch.reason());
    }

    @Test
    void beyondTheEndWhenNothingComesAndTheLogEndsBefore() {
        consumer.updateEndOffsets(Map.of(TP, 13L));
        RecordSource.Fetch fetch = fetcher.fetch(TP, 20, TIMEOUT);
        assertEquals(RecordSource.Outcome.BEYOND_END, fetch.outcome());
        assertEquals("the log ends at offset 13", fetch.reason());
    }

    @Test
    void unavailableWhenNothingComesBelowTheEnd() {
        consumer.updateEndOffsets(Map.of(TP, 13L));
        assertEquals(RecordSource.Outcome.UNAVAILABLE, fetcher.fetch(TP, 12, TIMEOUT).outcome());
    }

    @Test
    void beforeTheStartWhenTheOffsetIsOutOfRangeBelowTheLogStart() {
        consumer.updateBeginningOffsets(Map.of(TP, 10L));
        consumer.setPollException(new OffsetOutOfRangeException("out of range", Map.of(TP, 3L)));
        RecordSource.Fetch fetch = fetcher.fetch(TP, 3, TIMEOUT);
        assertEquals(RecordSource.Outcome.BEFORE_START, fetch.outcome());
        assertEquals("the log starts at offset 10", fetch.reason());
    }
}
