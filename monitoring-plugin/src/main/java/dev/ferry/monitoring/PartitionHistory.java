package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The most recent progress reports of one partition, oldest first, at most {@code capacity} of them: enough
 * for 5-minute rates, lag in seconds and charts at a bounded memory cost. Not thread-safe; {@link ProgressStore}
 * guards it.
 */
final class PartitionHistory {

    private final int capacity;
    private final ArrayDeque<PartitionProgress> reports;

    PartitionHistory(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("history capacity must be at least 2: " + capacity);
        }
        this.capacity = capacity;
        this.reports = new ArrayDeque<>(capacity);
    }

    /**
     * Adds a report unless it is not newer than the last one kept (a re-read of the compacted topic, or a
     * report of a task that stopped after its successor started, must not move the partition backwards).
     *
     * @return whether it was added
     */
    boolean add(PartitionProgress report) {
        PartitionProgress last = reports.peekLast();
        if (last != null && report.reportedAtMs() <= last.reportedAtMs()) {
            return false;
        }
        if (reports.size() == capacity) {
            reports.removeFirst();
        }
        reports.addLast(report);
        return true;
    }

    /** A copy of the kept reports, oldest first. */
    List<PartitionProgress> reports() {
        return List.copyOf(reports);
    }
}
