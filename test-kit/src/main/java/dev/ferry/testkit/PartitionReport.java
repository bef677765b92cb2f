package dev.ferry.testkit;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the replication oracle found for one source partition on the target.
 *
 * <p>Definitions (records are attributed to a source partition by their {@value OracleRecords#ID_HEADER}
 * header, foreign records by the target partition they are in):
 * <ul>
 *   <li>{@code expected}: records produced to the source partition, seqs {@code 0..expected-1};</li>
 *   <li>{@code seen}: target records whose id names this run, topic and partition, duplicates included;</li>
 *   <li>{@code lost}: expected seqs with no copy at all;</li>
 *   <li>{@code duplicated}: copies beyond the first of an expected seq;</li>
 *   <li>{@code outOfOrder}: first copies whose seq is lower than that of an earlier first copy, in
 *       target offset order (a swapped pair counts 1);</li>
 *   <li>{@code mismatched}: copies (any, not just first) whose partition, key, value, headers or
 *       timestamp differ from the oracle's; a record with several differing fields counts once,
 *       and {@link #mismatchedByField()} counts each field;</li>
 *   <li>{@code unexpected}: copies with a valid id for this partition but a seq &ge; {@code expected}
 *       (produced after the expectation was taken, or invented);</li>
 *   <li>{@code foreign}: records in this target partition without a parseable id for this run and topic.</li>
 * </ul>
 */
public final class PartitionReport {

    private final int partition;
    private final long expected;
    private final long seen;
    private final long lost;
    private final List<Long> firstLostSeqs;
    private final long duplicated;
    private final long outOfOrder;
    private final long mismatched;
    private final Map<RecordField, Long> mismatchedByField;
    private final String firstMismatch;
    private final long unexpected;
    private final long foreign;
    private final String firstForeign;

    PartitionReport(int partition, long expected, long seen, long lost, List<Long> firstLostSeqs, long duplicated,
                    long outOfOrder, long mismatched, Map<RecordField, Long> mismatchedByField, String firstMismatch,
                    long unexpected, long foreign, String firstForeign) {
        this.partition = partition;
        this.expected = expected;
        this.seen = seen;
        this.lost = lost;
        this.firstLostSeqs = List.copyOf(firstLostSeqs);
        this.duplicated = duplicated;
        this.outOfOrder = outOfOrder;
        this.mismatched = mismatched;
        this.mismatchedByField = mismatchedByField.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(mismatchedByField));
        this.firstMismatch = firstMismatch;
        this.unexpected = unexpected;
        this.foreign = foreign;
        this.firstForeign = firstForeign;
    }

    /** @return the source partition (equal to the target partition for correctly placed copies) */
    public int partition() {
        return partition;
    }

    /** @return records produced to the source partition */
    public long expected() {
        return expected;
    }

    /** @return target records attributed to this partition, duplicates and unexpected seqs included */
    public long seen() {
        return seen;
    }

    /** @return expected seqs with no copy on the target */
    public long lost() {
        return lost;
    }

    /** @return the lowest lost seqs, at most 10 of them */
    public List<Long> firstLostSeqs() {
        return firstLostSeqs;
    }

    /** @return copies beyond the first of each expected seq */
    public long duplicated() {
        return duplicated;
    }

    /** @return first copies that appear after a first copy of a higher seq */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** @return copies that differ from the oracle in at least one field */
    public long mismatched() {
        return mismatched;
    }

    /** @return for each differing field, how many copies differ in it */
    public Map<RecordField, Long> mismatchedByField() {
        return mismatchedByField;
    }

    /** @return a description of the first mismatching copy: which seq, where, and what differs */
    public Optional<String> firstMismatch() {
        return Optional.ofNullable(firstMismatch);
    }

    /** @return copies with a seq beyond what was expected */
    public long unexpected() {
        return unexpected;
    }

    /** @return records in this target partition that are not from this run and topic */
    public long foreign() {
        return foreign;
    }

    /** @return a description of the first foreign record */
    public Optional<String> firstForeign() {
        return Optional.ofNullable(firstForeign);
    }

    /** @return true when every expected record is there exactly once, in order, unchanged, and nothing else is */
    public boolean isExact() {
        return seen == expected && lost == 0 && duplicated == 0 && outOfOrder == 0 && mismatched == 0
                && unexpected == 0 && foreign == 0;
    }

    /** One line of figures, followed by the first examples of whatever went wrong. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append('p').append(partition).append(isExact() ? " exact:" : " NOT exact:")
                .append(" expected=").append(expected)
                .append(" seen=").append(seen)
                .append(" lost=").append(lost)
                .append(" duplicated=").append(duplicated)
                .append(" outOfOrder=").append(outOfOrder)
                .append(" mismatched=").append(mismatched)
                .append(" unexpected=").append(unexpected)
                .append(" foreign=").append(foreign);
        if (lost > 0) {
            s.append("\n    lost seqs: ").append(firstLostSeqs).append(lost > firstLostSeqs.size() ? " ..." : "");
        }
        if (mismatched > 0) {
            s.append("\n    mismatched fields: ").append(mismatchedByField)
                    .append("\n    first mismatch: ").append(firstMismatch);
        }
        if (foreign > 0) {
            s.append("\n    first foreign: ").append(firstForeign);
        }
        return s.toString();
    }
}
