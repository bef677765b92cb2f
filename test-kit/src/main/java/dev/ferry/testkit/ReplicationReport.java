package dev.ferry.testkit;

import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/**
 * The replication oracle's verdict on one source topic's copy: one {@link PartitionReport} per source
 * partition (and per any other partition number in which records were found), plus totals.
 *
 * <p>Its {@link #toString()} is meant as an assertion message:
 * {@code assertTrue(report.isExact(), report::toString)}.
 */
public final class ReplicationReport {

    private final String run;
    private final String sourceTopic;
    private final List<PartitionReport> partitions;

    ReplicationReport(String run, String sourceTopic, List<PartitionReport> partitions) {
        this.run = run;
        this.sourceTopic = sourceTopic;
        this.partitions = partitions.stream().sorted(Comparator.comparingInt(PartitionReport::partition)).toList();
    }

    /** @return the run whose records were checked */
    public String run() {
        return run;
    }

    /** @return the source topic whose records were checked */
    public String sourceTopic() {
        return sourceTopic;
    }

    /** @return the per-partition reports, ordered by partition */
    public List<PartitionReport> partitions() {
        return partitions;
    }

    /**
     * @param partition a partition number
     * @return its report
     * @throws IllegalArgumentException if the report has no such partition
     */
    public PartitionReport partition(int partition) {
        return partitions.stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no partition " + partition + " in report: "
                        + partitions.stream().map(p -> String.valueOf(p.partition())).collect(Collectors.joining(","))));
    }

    /** @return true when every partition is exact: all expected records once, in order, unchanged, nothing else */
    public boolean isExact() {
        return partitions.stream().allMatch(PartitionReport::isExact);
    }

    /** @return total records expected */
    public long expected() {
        return sum(PartitionReport::expected);
    }

    /** @return total records attributed to this run and topic on the target */
    public long seen() {
        return sum(PartitionReport::seen);
    }

    /** @return total expected records with no copy */
    public long lost() {
        return sum(PartitionReport::lost);
    }

    /** @return total extra copies */
    public long duplicated() {
        return sum(PartitionReport::duplicated);
    }

    /** @return total first copies out of order */
    public long outOfOrder() {
        return sum(PartitionReport::outOfOrder);
    }

    /** @return total copies that differ from the oracle */
    public long mismatched() {
        return sum(PartitionReport::mismatched);
    }

    /** @return total copies with a seq beyond the expected count */
    public long unexpected() {
        return sum(PartitionReport::unexpected);
    }

    /** @return total records not from this run and topic */
    public long foreign() {
        return sum(PartitionReport::foreign);
    }

    /** A summary line for the topic, then one block per partition. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder()
                .append("replication of '").append(sourceTopic).append("' (run '").append(run).append("'): ")
                .append(isExact() ? "EXACT" : "NOT EXACT")
                .append(" expected=").append(expected())
                .append(" seen=").append(seen())
                .append(" lost=").append(lost())
                .append(" duplicated=").append(duplicated())
                .append(" outOfOrder=").append(outOfOrder())
                .append(" mismatched=").append(mismatched())
                .append(" unexpected=").append(unexpected())
                .append(" foreign=").append(foreign());
        for (PartitionReport p : partitions) {
            s.append("\n  ").append(p);
        }
        return s.toString();
    }

    private long sum(ToLongFunction<PartitionReport> figure) {
        return partitions.stream().mapToLong(figure).sum();
    }
}
