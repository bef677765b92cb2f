package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;

import java.util.List;

/**
 * Lag of one partition in seconds: how long ago the source partition's log end was where the mirror's next
 * offset to copy is now. In other words, the age of the oldest record not yet copied, measured against the
 * source log end (not record timestamps, which producers may set freely).
 *
 * <p>Method: the reports carry observations {@code (sourceLogEndOffset, logEndObservedAtMs)}. With the
 * latest report's next offset {@code n}, find the first observation whose log end reached {@code n}; the time
 * the log end passed {@code n} is interpolated linearly between it and the observation before it. The lag is
 * the latest observation time minus that time. When lag in records is 0 the lag in seconds is 0. When every
 * kept observation already had its log end past {@code n} (the lag is older than the history), the estimate
 * falls back to lag in records divided by the 5-minute copy rate, and when nothing is being copied, to the
 * time spanned by the history (a lower bound). Unknown (-1) when no report says where the log end is.
 */
public final class LagEstimator {

    private LagEstimator() {
    }

    /**
     * @param reports         a partition's reports, oldest first
     * @param recordsPerSec5m the partition's 5-minute copy rate, for the fallback
     * @return the lag in seconds, or -1 when unknown
     */
    public static double lagSeconds(List<PartitionProgress> reports, double recordsPerSec5m) {
        if (reports.isEmpty()) {
            return -1;
        }
        PartitionProgress last = reports.get(reports.size() - 1);
        long lag = last.lagRecords();
        if (lag < 0 || last.logEndObservedAtMs() < 0) {
            return -1;
        }
        if (lag == 0) {
            return 0;
        }
        long next = last.nextOffset();
        long asOf = last.logEndObservedAtMs();
        PartitionProgress before = null;
        for (PartitionProgress report : reports) {
            if (report.sourceLogEndOffset() < 0 || report.logEndObservedAtMs() < 0) {
                continue;
            }
            if (report.sourceLogEndOffset() >= next) {
                if (before == null) {
                    break;
                }
                double fraction = (double) (next - before.sourceLogEndOffset())
                    / (report.sourceLogEndOffset() - before.sourceLogEndOffset());
                double passedAt = before.logEndObservedAtMs() + fraction * (report.logEndObservedAtMs() - before.logEndObservedAtMs());
                return Math.max(0, (asOf - passedAt) / 1000.0);
            }
            before = report;
        }
        if (recordsPerSec5m > 0) {
            return lag / recordsPerSec5m;
        }
        long oldest = reports.stream().mapToLong(PartitionProgress::logEndObservedAtMs).filter(t -> t >= 0).min().orElse(asOf);
        return (asOf - oldest) / 1000.0;
    }
}
