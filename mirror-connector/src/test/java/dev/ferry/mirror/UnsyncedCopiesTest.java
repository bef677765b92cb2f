package dev.ferry.mirror;

import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsyncedCopiesTest {

    private static final TopicPartition SOURCE = new TopicPartition("orders", 2);
    private static final TopicPartition REMOTE = new TopicPartition("east.orders", 2);
    /** The syncs describe the run up to upstream 4 at downstream 100. */
    private static final RunSpan LAST_SYNCED = new RunSpan(0, 96, 4, 100);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final MockConsumer<byte[], byte[]> sourceReader = new MockConsumer<>("none");
    private final MockConsumer<byte[], byte[]> targetReader = new MockConsumer<>("none");

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset, String value, long timestamp,
                                                         TimestampType type) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, timestamp, type, 0, value.length(),
            ("k" + value).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
            Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> original(long offset, String value) {
        return record(SOURCE, offset, value, 1_000 + offset, TimestampType.CREATE_TIME);
    }

    private static ConsumerRecord<byte[], byte[]> copy(long offset, String value, long sourceOffset) {
        return record(REMOTE, offset, value, 1_000 + sourceOffset, TimestampType.CREATE_TIME);
    }

    private void onSource(List<ConsumerRecord<byte[], byte[]>> records) {
        sourceReader.updateBeginningOffsets(Map.of(SOURCE, 0L));
        sourceReader.updateEndOffsets(Map.of(SOURCE, records.get(records.size() - 1).offset() + 1));
        sourceReader.schedulePollTask(() -> records.forEach(sourceReader::addRecord));
    }

    private void onTarget(List<ConsumerRecord<byte[], byte[]>> records) {
        targetReader.updateBeginningOffsets(Map.of(REMOTE, 0L));
        targetReader.updateEndOffsets(Map.of(REMOTE, records.get(records.size() - 1).offset() + 1));
        targetReader.schedulePollTask(() -> records.forEach(targetReader::addRecord));
    }

    private UnsyncedCopies.Found find(long committed) {
        // the task does not copy records whose value is "looped" (as it drops records that came from the target)
        return UnsyncedCopies.find(sourceReader, targetReader, SOURCE, REMOTE, LAST_SYNCED, committed,
            record -> !"looped".equals(new String(record.value(), StandardCharsets.UTF_8)), 1_000, TIMEOUT);
    }

    @Test
    void copiesAfterTheLastSyncArePairedInOrderAcrossMarkersAndRecordsNotCopied() {
        onSource(List.of(original(5, "a"), original(6, "b"), original(7, "looped"), original(8, "c"), original(9, "d"),
            original(10, "uncommitted")));
        // 103 is the commit marker of the transaction that held a and b
        onTarget(List.of(copy(101, "a", 5), copy(102, "b", 6), copy(104, "c", 8), copy(105, "d", 9)));

        UnsyncedCopies.Found found = find(9);

        assertTrue(found.paired(), found.unpaired());
        assertEquals(List.of(new UnsyncedCopies.Copy(5, 101), new UnsyncedCopies.Copy(6, 102), new UnsyncedCopies.Copy(8, 104),
            new UnsyncedCopies.Copy(9, 105)), found.copies());
    }

    @Test
    void aRecordOfAnotherWriterOnTheTargetPairsNothing() {
        onSource(List.of(original(5, "a"), original(6, "b")));
        onTarget(List.of(copy(101, "a", 5), copy(102, "someone else's", 0), copy(103, "b", 6)));

        UnsyncedCopies.Found found = find(6);

        assertFalse(found.paired());
        assertEquals("source offset 6 differs from target offset 102", found.unpaired());
        assertTrue(found.copies().isEmpty());
    }

    @Test
    void copiesMadeAfterTheCommittedOffsetAreLeftAlone() {
        // at least once, the predecessor's copies acknowledged after its last offset commit follow on the target
        onSource(List.of(original(5, "a"), original(6, "b"), original(7, "c")));
        onTarget(List.of(copy(101, "a", 5), copy(102, "b", 6), copy(103, "c", 7)));

        UnsyncedCopies.Found found = find(6);

        assertEquals(List.of(new UnsyncedCopies.Copy(5, 101), new UnsyncedCopies.Copy(6, 102)), found.copies());
    }

    @Test
    void fewerCommittedRecordsOnTheTargetThanCopiedPairNothing() {
        onSource(List.of(original(5, "a"), original(6, "b")));
        onTarget(List.of(copy(101, "a", 5)));

        UnsyncedCopies.Found found = find(6);

        assertEquals("2 source record(s) copied but only 1 committed on the target", found.unpaired());
    }

    @Test
    void aCopyThatDiffersFromItsOriginalPairsNothing() {
        List<ConsumerRecord<byte[], byte[]>> expected = List.of(original(5, "a"), original(6, "b"));

        UnsyncedCopies.Found changedValue = UnsyncedCopies.pair(expected, List.of(copy(101, "a", 5), copy(102, "B", 6)));
        UnsyncedCopies.Found changedTimestamp = UnsyncedCopies.pair(expected, List.of(copy(101, "a", 5), copy(102, "b", 7)));

        assertEquals("source offset 6 differs from target offset 102", changedValue.unpaired());
        assertEquals("source offset 6 differs from target offset 102", changedTimestamp.unpaired());
    }

    @Test
    void aTargetStampingLogAppendTimeStillPairs() {
        List<ConsumerRecord<byte[], byte[]>> expected = List.of(original(5, "a"));
        UnsyncedCopies.Found found = UnsyncedCopies.pair(expected,
            List.of(record(REMOTE, 101, "a", 99_999, TimestampType.LOG_APPEND_TIME)));
        assertEquals(List.of(new UnsyncedCopies.Copy(5, 101)), found.copies());
    }

    @Test
    void moreRecordsThanTheBoundAreNotRead() {
        UnsyncedCopies.Found found = UnsyncedCopies.find(sourceReader, targetReader, SOURCE, REMOTE, LAST_SYNCED, 5_000,
            record -> true, 1_000, TIMEOUT);
        assertEquals("more than 1000 records after the last synced copy", found.unpaired());
    }

    @Test
    void aReadThatDoesNotFinishInTimePairsNothing() {
        onSource(List.of(original(5, "a")));
        // the target's end is past records that never arrive (its reader cannot get there)
        targetReader.updateBeginningOffsets(Map.of(REMOTE, 0L));
        targetReader.updateEndOffsets(Map.of(REMOTE, 200L));

        UnsyncedCopies.Found found = UnsyncedCopies.find(sourceReader, targetReader, SOURCE, REMOTE, LAST_SYNCED, 5,
            record -> true, 1_000, Duration.ofMillis(300));

        assertFalse(found.paired());
        assertTrue(found.unpaired().contains("did not finish within 300 ms"), found.unpaired());
    }
}
