package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.monitoring.ReplicationView.AuditWindowView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums the Chaperone-style audit counts of a topic's partitions, window by window, from each partition's latest
 * progress report. Counts are cumulative since each task started, so a window shows what the current tasks consumed
 * and had acknowledged in it; a window whose {@code unacknowledged} count stays above 0 once its records are past
 * holds records consumed and never copied (dropped by a transform or by errors.tolerance=all, or lost).
 */
final class AuditReport {

    private AuditReport() {
    }

    /** The topic's audit windows, oldest first; empty when its reports carry no audit. */
    static List<AuditWindowView> windows(Collection<List<PartitionProgress>> partitions) {
        Map<Long, long[]> byStart = new TreeMap<>();
        long windowMs = 0;
        for (List<PartitionProgress> history : partitions) {
            PartitionProgress.Audit audit = history.get(history.size() - 1).audit();
            if (audit.windowMs() <= 0) {
                continue;
            }
            windowMs = audit.windowMs();
            for (PartitionProgress.AuditWindow window : audit.windows()) {
                long[] counts = byStart.computeIfAbsent(window.startMs(), start -> new long[2]);
                counts[0] += window.consumed();
                counts[1] += window.acknowledged();
            }
        }
        List<AuditWindowView> views = new ArrayList<>(byStart.size());
        for (Map.Entry<Long, long[]> window : byStart.entrySet()) {
            long[] counts = window.getValue();
            views.add(new AuditWindowView(window.getKey(), windowMs, counts[0], counts[1], counts[0] - counts[1]));
        }
        return views;
    }
}
