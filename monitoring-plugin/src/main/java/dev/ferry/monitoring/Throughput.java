package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;

import java.util.List;

/**
 * Copy rates of one partition over a trailing window, from the cumulative counters of its progress reports.
 *
 * <p>Between two consecutive reports of the same run ({@code taskStartedAtMs} equal) the records copied are
 * the difference of their counters; when the start time changes the counters were reset, and the newer
 * report's counters are what was copied since that start. The rate over a window of {@code W} ms is the sum
 * of these deltas for the reports inside the last {@code W} ms of reports, divided by the time from the
 * report before the first of them to the end of the window. The window ends at the last report, or at
 * {@code now} when the last report is older than two report intervals, so a partition whose task stopped
 * reporting decays to 0 instead of showing its last rate forever.
 *
 * @param recordsPerSec records copied per second
 * @param bytesPerSec   bytes copied per second
 */
public record Throughput(double recordsPerSec, double bytesPerSec) {

    /** Nothing copied. */
    public static final Throughput ZERO = new Throughput(0, 0);

    /** The sum of two rates (for topic and connector roll-ups). */
    public Throughput plus(Throughput other) {
        return new Throughput(recordsPerSec + other.recordsPerSec, bytesPerSec + other.bytesPerSec);
    }

    /**
     * @param reports          a partition's reports, oldest first
     * @param windowMs         the window length
     * @param nowMs            the current time
     * @param reportIntervalMs the interval at which reports are expected
     * @return the rates, or {@link #ZERO} when fewer than two reports fall in reach
     */
    public static Throughput over(List<PartitionProgress> reports, long windowMs, long nowMs, long reportIntervalMs) {
        if (reports.size() < 2) {
            return ZERO;
        }
        PartitionProgress last = reports.get(reports.size() - 1);
        long end = nowMs - last.reportedAtMs() > 2 * reportIntervalMs ? nowMs : last.reportedAtMs();
        long from = end - windowMs;
        long records = 0;
        long bytes = 0;
        long spanStart = -1;
        for (int i = reports.size() - 1; i >= 1; i--) {
            PartitionProgress current = reports.get(i);
            PartitionProgress previous = reports.get(i - 1);
            if (current.reportedAtMs() <= from) {
                break;
            }
            records += delta(previous, current, true);
            bytes += delta(previous, current, false);
            spanStart = previous.reportedAtMs();
        }
        if (spanStart < 0 || end <= spanStart) {
            return ZERO;
        }
        double seconds = (end - spanStart) / 1000.0;
        return new Throughput(records / seconds, bytes / seconds);
    }

    /** Records (or bytes) copied between two consecutive reports, counting a new run from zero. */
    static long delta(PartitionProgress previous, PartitionProgress current, boolean records) {
        long now = records ? current.recordsCopied() : current.bytesCopied();
        if (current.taskStartedAtMs() != previous.taskStartedAtMs()) {
            return now;
        }
        long before = records ? previous.recordsCopied() : previous.bytesCopied();
        // A counter that went down within one run is a publisher bug; count nothing rather than a negative rate.
        return Math.max(0, now - before);
    }

    /** Records per second between the report at {@code index} and the one before it (for charts); 0 for the first. */
    static double recordsPerSecAt(List<PartitionProgress> reports, int index) {
        if (index < 1) {
            return 0;
        }
        PartitionProgress previous = reports.get(index - 1);
        PartitionProgress current = reports.get(index);
        long ms = current.reportedAtMs() - previous.reportedAtMs();
        return ms <= 0 ? 0 : delta(previous, current, true) * 1000.0 / ms;
    }
}
