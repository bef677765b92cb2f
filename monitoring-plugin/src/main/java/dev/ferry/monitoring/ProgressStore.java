package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cache every request is served from: for each connector and source partition, its recent progress
 * reports ({@link PartitionHistory}). Filled by {@link ProgressFeed}'s thread, read by request threads.
 */
final class ProgressStore {

    private final int historySamples;
    private final Map<PartitionKey, PartitionHistory> histories = new HashMap<>();

    ProgressStore(int historySamples) {
        this.historySamples = historySamples;
    }

    synchronized void add(PartitionProgress report) {
        histories.computeIfAbsent(new PartitionKey(report.connector(), report.source()),
            key -> new PartitionHistory(historySamples)).add(report);
    }

    /** Every partition's reports, oldest first; a consistent copy. */
    synchronized Map<PartitionKey, List<PartitionProgress>> snapshot() {
        Map<PartitionKey, List<PartitionProgress>> copy = new HashMap<>();
        histories.forEach((key, history) -> copy.put(key, history.reports()));
        return copy;
    }
}
