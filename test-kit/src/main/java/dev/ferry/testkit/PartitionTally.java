package dev.ferry.testkit;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Accumulates the observations for one source partition while the checker walks the target records. */
final class PartitionTally {

    /** How many lost seqs a report names. */
    static final int EXAMPLES = 10;

    private final int partition;
    private final int expected;
    private final BitSet firstCopySeen;
    private long seen;
    private long duplicated;
    private long outOfOrder;
    private long highestFirstCopy = -1;
    private long mismatched;
    private final Map<RecordField, Long> mismatchedByField = new EnumMap<>(RecordField.class);
    private String firstMismatch;
    private long unexpected;
    private long foreign;
    private String firstForeign;

    PartitionTally(int partition, long expected) {
        if (expected < 0 || expected > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("expected count for partition " + partition
                    + " must be between 0 and " + Integer.MAX_VALUE + ": " + expected);
        }
        this.partition = partition;
        this.expected = (int) expected;
        this.firstCopySeen = new BitSet(this.expected);
    }

    long expected() {
        return expected;
    }

    /** A copy of an expected seq ({@code 0 <= seq < expected}), with the result of comparing it to the oracle. */
    void copy(long seq, ConsumerRecord<byte[], byte[]> record, Optional<RecordDiff.Mismatch> mismatch) {
        seen++;
        int index = (int) seq;
        if (firstCopySeen.get(index)) {
            duplicated++;
        } else {
            firstCopySeen.set(index);
            if (seq < highestFirstCopy) {
                outOfOrder++;
            }
            highestFirstCopy = Math.max(highestFirstCopy, seq);
        }
        mismatch.ifPresent(m -> {
            mismatched++;
            for (RecordField field : m.fields()) {
                mismatchedByField.merge(field, 1L, Long::sum);
            }
            if (firstMismatch == null) {
                firstMismatch = "seq " + seq + " at target " + where(record) + ": " + m.description();
            }
        });
    }

    /** A record with a valid id for this partition whose seq is at or beyond the expected count. */
    void unexpected() {
        seen++;
        unexpected++;
    }

    /** A record in this target partition that does not belong to the run and topic being checked. */
    void foreign(ConsumerRecord<byte[], byte[]> record, String why) {
        foreign++;
        if (firstForeign == null) {
            firstForeign = "target " + where(record) + ": " + why;
        }
    }

    PartitionReport report() {
        List<Long> firstLost = new ArrayList<>();
        for (int seq = firstCopySeen.nextClearBit(0); seq < expected && firstLost.size() < EXAMPLES;
             seq = firstCopySeen.nextClearBit(seq + 1)) {
            firstLost.add((long) seq);
        }
        long lost = expected - firstCopySeen.cardinality();
        return new PartitionReport(partition, expected, seen, lost, firstLost, duplicated, outOfOrder, mismatched,
                mismatchedByField, firstMismatch, unexpected, foreign, firstForeign);
    }

    private static String where(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
