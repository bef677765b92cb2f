package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ReplicationCheckerTest {

    private static final String RUN = "unit";
    private static final String TOPIC = "orders";
    /** 30 records cover a null key (seq 3), tombstones (5, 16, 27) and repeated headers (2, 6, ...). */
    private static final Map<Integer, Long> COUNTS = Map.of(0, 30L, 1, 20L);

    private final List<ConsumerRecord<byte[], byte[]>> copies = new ArrayList<>(TargetCopies.exact(RUN, TOPIC, COUNTS));

    @Test
    void exactCopyIsExact() {
        ReplicationReport report = analyze(Set.of());

        assertTrue(report.isExact(), report::toString);
        assertEquals(50, report.expected());
        assertEquals(50, report.seen());
        assertEquals(0, report.lost() + report.duplicated() + report.outOfOrder() + report.mismatched()
                + report.unexpected() + report.foreign());
        assertEquals(List.of(0, 1), report.partitions().stream().map(PartitionReport::partition).toList());
    }

    @Test
    void droppedRecordIsLostAndNamed() {
        copies.remove(indexOf(0, 12));

        ReplicationReport report = analyze(Set.of());

        PartitionReport p0 = report.partition(0);
        assertEquals(1, p0.lost());
        assertEquals(List.of(12L), p0.firstLostSeqs());
        assertEquals(29, p0.seen());
        assertEquals(0, p0.outOfOrder(), "a gap is not disorder");
        assertFalse(report.isExact());
        assertTrue(report.partition(1).isExact(), report::toString);
        assertTrue(report.toString().contains("lost seqs: [12]"), report::toString);
    }

    @Test
    void duplicateIsCountedOnce() {
        copies.add(TargetCopies.copy(OracleRecords.record(RUN, TOPIC, 1, 7), 1, 20));

        PartitionReport p1 = analyze(Set.of()).partition(1);

        assertEquals(1, p1.duplicated());
        assertEquals(21, p1.seen());
        assertEquals(0, p1.lost());
        assertEquals(0, p1.outOfOrder(), "a later copy of an already seen seq is a duplicate, not disorder");
        assertFalse(p1.isExact());
    }

    @Test
    void swappedPairIsOutOfOrder() {
        int i = indexOf(0, 10);
        ConsumerRecord<byte[], byte[]> ten = copies.get(i);
        ConsumerRecord<byte[], byte[]> eleven = copies.get(i + 1);
        copies.set(i, TargetCopies.atOffset(eleven, 0, 10));
        copies.set(i + 1, TargetCopies.atOffset(ten, 0, 11));

        PartitionReport p0 = analyze(Set.of()).partition(0);

        assertEquals(1, p0.outOfOrder());
        assertEquals(0, p0.lost());
        assertEquals(0, p0.duplicated());
        assertEquals(0, p0.mismatched());
    }

    @Test
    void flippedValueByteIsAValueMismatch() {
        int i = indexOf(0, 4);
        ConsumerRecord<byte[], byte[]> original = copies.get(i);
        byte[] value = original.value();
        value[40] ^= 0x01;
        copies.set(i, TargetCopies.record(0, 4, original.timestamp(), original.key(), value, original.headers()));

        PartitionReport p0 = analyze(Set.of()).partition(0);

        assertEquals(1, p0.mismatched());
        assertEquals(Map.of(RecordField.VALUE, 1L), p0.mismatchedByField());
        String example = p0.firstMismatch().orElseThrow();
        assertTrue(example.startsWith("seq 4 at target src.orders-0@4: value differs at byte 40"), example);
        assertEquals(0, p0.lost());
    }

    @Test
    void changedTimestampIsATimestampMismatch() {
        int i = indexOf(1, 0);
        ConsumerRecord<byte[], byte[]> original = copies.get(i);
        copies.set(i, TargetCopies.record(1, 0, original.timestamp() + 1, original.key(), original.value(),
                original.headers()));

        PartitionReport p1 = analyze(Set.of()).partition(1);

        assertEquals(1, p1.mismatched());
        assertEquals(Map.of(RecordField.TIMESTAMP, 1L), p1.mismatchedByField());
        assertTrue(p1.firstMismatch().orElseThrow().contains("timestamp: expected " + original.timestamp()));
    }

    @Test
    void extraHeaderIsAHeaderMismatchUnlessIgnored() {
        int i = indexOf(0, 2);
        ConsumerRecord<byte[], byte[]> original = copies.get(i);
        RecordHeaders headers = new RecordHeaders(original.headers().toArray());
        headers.add("ferry.source", new byte[] {1, 2});
        copies.set(i, TargetCopies.record(0, 2, original.timestamp(), original.key(), original.value(), headers));

        PartitionReport strict = analyze(Set.of()).partition(0);
        assertEquals(1, strict.mismatched());
        assertEquals(Map.of(RecordField.HEADERS, 1L), strict.mismatchedByField());
        assertTrue(strict.firstMismatch().orElseThrow().contains("headers differ at #4"), strict::toString);

        ReplicationReport lenient = analyze(Set.of("ferry.source"));
        assertTrue(lenient.isExact(), lenient::toString);
    }

    @Test
    void copyInWrongPartitionIsAPartitionMismatch() {
        int i = indexOf(0, 8);
        copies.set(i, TargetCopies.atOffset(copies.get(i), 1, 8));

        ReplicationReport report = analyze(Set.of());

        PartitionReport p0 = report.partition(0);
        assertEquals(1, p0.mismatched());
        assertEquals(Map.of(RecordField.PARTITION, 1L), p0.mismatchedByField());
        assertEquals(0, p0.lost(), "the copy exists, just in the wrong place");
        assertTrue(p0.firstMismatch().orElseThrow().contains("partition: expected 0, got 1"));
        assertEquals(0, report.partition(1).foreign(), "it is attributed by its id, not by where it landed");
    }

    @Test
    void recordsFromElsewhereAreForeign() {
        copies.add(TargetCopies.record(1, 20, 0L, null, new byte[] {9}, new RecordHeaders()));
        copies.add(TargetCopies.copy(OracleRecords.record("another-run", TOPIC, 1, 0), 1, 21));

        PartitionReport p1 = analyze(Set.of()).partition(1);

        assertEquals(2, p1.foreign());
        assertEquals(20, p1.seen());
        assertEquals("target src.orders-1@20: no oracle.id header", p1.firstForeign().orElseThrow());
        assertFalse(p1.isExact());
    }

    @Test
    void seqBeyondExpectationIsUnexpected() {
        ReplicationReport report = ReplicationChecker.analyze(RUN, TOPIC, 2, Map.of(0, 29L, 1, 20L), copies, Set.of());

        PartitionReport p0 = report.partition(0);
        assertEquals(1, p0.unexpected());
        assertEquals(30, p0.seen());
        assertEquals(29, p0.expected());
        assertFalse(report.isExact());
    }

    @Test
    void emptyTargetLosesEverything() {
        ReplicationReport report = ReplicationChecker.analyze(RUN, TOPIC, 3, COUNTS, List.of(), Set.of());

        assertEquals(50, report.lost());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), report.partition(0).firstLostSeqs());
        assertEquals(0, report.partition(2).expected(), "an unproduced source partition is reported, empty");
        assertTrue(report.partition(2).isExact());
    }

    private ReplicationReport analyze(Set<String> ignoredHeaders) {
        return ReplicationChecker.analyze(RUN, TOPIC, 2, COUNTS, copies, ignoredHeaders);
    }

    private int indexOf(int partition, long seq) {
        String id = new OracleId(RUN, TOPIC, partition, seq).format();
        for (int i = 0; i < copies.size(); i++) {
            Header header = copies.get(i).headers().lastHeader(OracleRecords.ID_HEADER);
            if (header != null && id.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no copy of " + id);
    }
}
