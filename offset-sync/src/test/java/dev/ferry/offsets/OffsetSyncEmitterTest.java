package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetSyncEmitterTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final String TOPIC = "ferry.offset-syncs";

    // Sends complete only when a test says so, like a slow or failing broker.
    private final MockProducer<byte[], byte[]> producer =
        new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void sendsRunStartsAtOnceAndProgressAtMostEveryInterval() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 1000, 100);
        for (long u = 0; u < 10; u++) {
            emitter.onCopied(P0, u, u, 5);
        }
        assertEquals(List.of(OffsetSync.runStart(P0, 0, 0, null, 5)), sent());
        emitter.maybeEmitProgress(1_000);
        assertEquals(OffsetSync.progress(P0, new RunSpan(0, 0, 9, 9), null, 1_000), sent().get(1));
        emitter.onCopied(P0, 10, 10, 1_200);
        emitter.maybeEmitProgress(1_500);
        assertEquals(2, sent().size(), "within the interval");
        emitter.maybeEmitProgress(2_000);
        assertEquals(new RunSpan(0, 0, 10, 10), sent().get(2).run());
        assertTrue(producer.history().stream().allMatch(r -> r.topic().equals(TOPIC) && r.timestamp() == null));
    }

    @Test
    void theAckListenerHearsOfAcknowledgedSyncsOnlyWithThePartitionAndHowFarTheyReport() {
        List<String> acknowledged = new java.util.ArrayList<>();
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 10,
            (source, upstream, nowMs) -> acknowledged.add(source + "@" + upstream));
        emitter.onCopied(P0, 0, 0, 1);
        emitter.onCopied(P1, 0, 0, 1);
        assertEquals(List.of(), acknowledged, "nothing acknowledged yet");
        producer.completeNext();
        producer.errorNext(new TimeoutException("broker gone"));
        assertEquals(List.of(P0 + "@0"), acknowledged, "a failed send is no acknowledgement; a RUN_START reports its first copy");
        emitter.onCopied(P1, 1, 1, 2);
        emitter.onCopied(P1, 2, 2, 2);
        emitter.maybeEmitProgress(3);
        while (producer.completeNext()) {
            // the progress sync of P1 (and the RUN_START retried) are acknowledged
        }
        assertTrue(acknowledged.contains(P1 + "@2"), "a PROGRESS reports the run's last copy: " + acknowledged);
    }

    @Test
    void runStartsWaitForASlotInOrderWhileProgressIsSkippedAndReportedLater() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 2);
        emitter.onCopied(P0, 0, 0, 1);
        emitter.onCopied(P1, 0, 0, 1);
        emitter.onCopied(P1, 5, 1, 1);  // a third RUN_START: no slot
        emitter.onCopied(P0, 1, 1, 1);
        assertEquals(2, sent().size());
        assertEquals(1, emitter.queuedRunStarts());
        emitter.maybeEmitProgress(2);
        assertEquals(1, emitter.progressSkipped());
        assertEquals(2, sent().size());

        producer.completeNext();
        emitter.maybeEmitProgress(3);
        assertEquals(RunSpan.of(5, 1), sent().get(2).run(), "the queued RUN_START goes first");
        assertEquals(0, emitter.queuedRunStarts());
        producer.completeNext();
        emitter.maybeEmitProgress(4);
        assertEquals(new RunSpan(0, 0, 1, 1), sent().get(3).run(), "the skipped progress is reported again");
        assertFalse(emitter.failure().isPresent());
    }

    @Test
    void aRunStartThatCannotBeQueuedIsReportedAsFailure() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 1);
        emitter.onCopied(P0, 0, 0, 1);   // in flight
        emitter.onCopied(P0, 5, 1, 1);   // queued
        emitter.onCopied(P0, 9, 2, 1);   // neither
        assertEquals(1, emitter.runStartsLost());
        Exception failure = emitter.failure().orElseThrow();
        assertTrue(failure.getMessage().contains("RUN_START 9 -> 2 of source partition orders-0")
            && failure.getMessage().contains(TOPIC) && failure.getMessage().contains("does not keep up"), failure.getMessage());
    }

    @Test
    void aFailedRunStartSendIsReportedAsFailure() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 10);
        emitter.onCopied(P0, 0, 0, 1);
        producer.errorNext(new TimeoutException("broker unreachable"));
        Exception failure = emitter.failure().orElseThrow();
        assertInstanceOf(TimeoutException.class, failure.getCause());
        assertTrue(failure.getMessage().contains("broker unreachable"), failure.getMessage());
        // Later syncs still go out: they keep translations exact elsewhere.
        emitter.onCopied(P0, 7, 1, 2);
        assertEquals(2, sent().size());
    }

    @Test
    void aFailedProgressIsReportedAgainWithoutNewCopies() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 10);
        emitter.onCopied(P0, 0, 0, 1);
        emitter.onCopied(P0, 1, 1, 1);
        producer.completeNext();
        emitter.maybeEmitProgress(2);
        producer.errorNext(new TimeoutException("lost"));
        emitter.maybeEmitProgress(3);
        assertEquals(3, sent().size());
        assertEquals(sent().get(1).run(), sent().get(2).run());
        assertFalse(emitter.failure().isPresent(), "a lost progress is superseded, not a failure");
    }

    @Test
    void copiesWithUnknownOffsetsAreLeftOut() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 10);
        emitter.onCopied(P0, 0, 0, 1);
        emitter.onCopied(P0, 1, -1, 1); // acks=0: the producer did not learn the offset
        emitter.onCopied(P0, 2, 2, 1);
        assertEquals(1, emitter.unknownOffsets());
        assertEquals(RunSpan.of(2, 2), sent().get(1).run(), "no run claims the unknown copy");
    }

    @Test
    void flushSendsQueuedRunStartsAndWaitsForAcknowledgements() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 1);
        emitter.onCopied(P0, 0, 0, 1);
        emitter.onCopied(P0, 5, 1, 1);
        producer.completeNext();
        emitter.flush();
        assertEquals(2, sent().size());
        assertEquals(0, emitter.queuedRunStarts());
        assertTrue(producer.flushed());
    }

    @Test
    void closeReportsWhereEveryRunGotAndClosesTheProducer() {
        MockProducer<byte[], byte[]> completing = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(completing, TOPIC, 60_000, 10);
        for (long u = 0; u < 5; u++) {
            emitter.onCopied(P0, u, 100 + u, 7);
        }
        emitter.close();
        OffsetSync last = OffsetSync.deserialize(completing.history().get(1).key(), completing.history().get(1).value());
        assertEquals(OffsetSync.progress(P0, new RunSpan(0, 100, 4, 104), null, 7), last);
        assertTrue(completing.closed());
        emitter.onCopied(P0, 5, 105, 8);
        emitter.close();
        assertEquals(2, completing.history().size(), "nothing after close");
    }

    @Test
    void closeGivesUpOnRunStartsWithoutASlotAndSaysSo() {
        OffsetSyncEmitter emitter = new OffsetSyncEmitter(producer, TOPIC, 0, 1);
        emitter.onCopied(P0, 0, 0, 1);   // in flight forever
        emitter.onCopied(P0, 5, 1, 1);   // queued
        emitter.close(Duration.ZERO);
        assertEquals(1, emitter.runStartsLost());
        assertTrue(emitter.failure().orElseThrow().getMessage().contains("closed"));
        assertTrue(producer.closed());
    }

    private List<OffsetSync> sent() {
        return producer.history().stream().map(OffsetSyncEmitterTest::decode).toList();
    }

    private static OffsetSync decode(ProducerRecord<byte[], byte[]> record) {
        return OffsetSync.deserialize(record.key(), record.value());
    }
}
