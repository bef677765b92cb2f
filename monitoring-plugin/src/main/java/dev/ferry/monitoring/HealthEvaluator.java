package dev.ferry.monitoring;

import dev.ferry.common.wire.PartitionProgress;

import java.util.List;

/**
 * Health of one partition from a sliding window of its most recent progress reports, in the spirit of
 * Burrow's consumer evaluator. The window is the last {@code N} reports ({@code ferry.monitoring.health.window.reports},
 * 10 by default: about 50 s at the default report interval). Rules, first match wins:
 * <ol>
 *   <li><b>stale</b>: the last report is older than 3 report intervals (the task stopped, was paused, or cannot
 *       reach the target):
 *       <ul>
 *         <li>STALLED if the source log end advanced over the window (records kept arriving, none is being copied);</li>
 *         <li>ERR if records were waiting at the last report (lag &gt; 0) but the source was not seen advancing;</li>
 *         <li>OK if the partition was idle (lag 0: lag 0 is always OK).</li>
 *       </ul></li>
 *   <li><b>lag 0</b> (or not yet known) at the last report: OK.</li>
 *   <li>fewer than 2 reports: OK (too early to judge).</li>
 *   <li><b>STALLED</b>: lag &gt; 0 and the next offset to copy did not move over the window while the source log end did.</li>
 *   <li><b>ERR</b>: the window holds at least 3 reports and lag grew between every two consecutive reports.</li>
 *   <li><b>WARN</b>: lag at the last report is higher than at the first report of the window.</li>
 *   <li>OK otherwise (lag steady or shrinking).</li>
 * </ol>
 * Topic and connector statuses are the worst status of their partitions ({@link HealthStatus#worst}).
 */
public final class HealthEvaluator {

    private final int window;
    private final long reportIntervalMs;

    /**
     * @param window           reports in the sliding window, at least 3
     * @param reportIntervalMs the interval at which tasks publish reports
     */
    public HealthEvaluator(int window, long reportIntervalMs) {
        if (window < 3) {
            throw new IllegalArgumentException("health window must hold at least 3 reports: " + window);
        }
        this.window = window;
        this.reportIntervalMs = reportIntervalMs;
    }

    /**
     * @param reports a partition's reports, oldest first; not empty
     * @param nowMs   the current time
     */
    public Health evaluate(List<PartitionProgress> reports, long nowMs) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("no report to evaluate");
        }
        List<PartitionProgress> win = reports.subList(Math.max(0, reports.size() - window), reports.size());
        PartitionProgress first = win.get(0);
        PartitionProgress last = win.get(win.size() - 1);
        long lag = last.lagRecords();
        boolean sourceAdvanced = first.sourceLogEndOffset() >= 0 && last.sourceLogEndOffset() > first.sourceLogEndOffset();

        long silentMs = nowMs - last.reportedAtMs();
        if (silentMs > 3 * reportIntervalMs) {
            if (sourceAdvanced) {
                return new Health(HealthStatus.STALLED, "no report for " + silentMs / 1000 + " s while the source log end advanced by "
                    + (last.sourceLogEndOffset() - first.sourceLogEndOffset()) + " records over the window");
            }
            if (lag > 0) {
                return new Health(HealthStatus.ERR, "no report for " + silentMs / 1000 + " s with " + lag + " records waiting");
            }
            return new Health(HealthStatus.OK, "idle; last report " + silentMs / 1000 + " s ago");
        }
        if (lag < 0) {
            return new Health(HealthStatus.OK, "position not known yet");
        }
        if (lag == 0) {
            return new Health(HealthStatus.OK, "caught up");
        }
        if (win.size() < 2) {
            return new Health(HealthStatus.OK, "lag " + lag + "; too few reports to judge a trend");
        }
        if (last.nextOffset() == first.nextOffset() && sourceAdvanced) {
            return new Health(HealthStatus.STALLED, "next offset stuck at " + last.nextOffset() + " over the last " + win.size()
                + " reports while the source log end advanced to " + last.sourceLogEndOffset());
        }
        if (win.size() >= 3 && lagGrewEveryTime(win)) {
            return new Health(HealthStatus.ERR, "lag grew in each of the last " + win.size() + " reports, to " + lag);
        }
        if (first.lagRecords() >= 0 && lag > first.lagRecords()) {
            return new Health(HealthStatus.WARN, "lag grew from " + first.lagRecords() + " to " + lag + " over the last "
                + win.size() + " reports");
        }
        return new Health(HealthStatus.OK, "lag " + lag + ", not growing");
    }

    private static boolean lagGrewEveryTime(List<PartitionProgress> win) {
        for (int i = 1; i < win.size(); i++) {
            if (win.get(i).lagRecords() <= win.get(i - 1).lagRecords()) {
                return false;
            }
        }
        return true;
    }
}
