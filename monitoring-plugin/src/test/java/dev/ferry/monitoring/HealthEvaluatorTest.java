package dev.ferry.monitoring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthEvaluatorTest {

    private final HealthEvaluator evaluator = new HealthEvaluator(5, Reports.INTERVAL);

    private Health evaluateJustAfter(Reports reports) {
        return evaluator.evaluate(reports.list(), reports.lastReportAt() + 1_000);
    }

    @Test
    void lagZeroIsOk() {
        Reports r = Reports.of("orders", 0).report(100, 90, 10).report(200, 150, 60).report(300, 300, 150);
        Health health = evaluateJustAfter(r);
        assertEquals(HealthStatus.OK, health.status());
        assertEquals("caught up", health.reason());
    }

    @Test
    void unknownPositionIsOk() {
        Reports r = Reports.of("orders", 0).report(-1, -1, 0);
        assertEquals(HealthStatus.OK, evaluateJustAfter(r).status());
    }

    @Test
    void singleReportWithLagIsOkUntilATrendShows() {
        Reports r = Reports.of("orders", 0).report(100, 50, 50);
        Health health = evaluateJustAfter(r);
        assertEquals(HealthStatus.OK, health.status());
        assertTrue(health.reason().contains("too few reports"), health.reason());
    }

    @Test
    void stuckNextOffsetWhileSourceAdvancesIsStalled() {
        Reports r = Reports.of("orders", 0).report(100, 50, 0).report(150, 50, 0).report(200, 50, 0);
        Health health = evaluateJustAfter(r);
        assertEquals(HealthStatus.STALLED, health.status());
        assertTrue(health.reason().contains("stuck at 50"), health.reason());
    }

    @Test
    void stuckNextOffsetWithIdleSourceIsNotStalled() {
        // Records wait, the task reports but copies nothing, and nothing new arrives: lag flat, so OK by the window rule.
        Reports r = Reports.of("orders", 0).report(100, 50, 0).report(100, 50, 0).report(100, 50, 0);
        assertEquals(HealthStatus.OK, evaluateJustAfter(r).status());
    }

    @Test
    void lagGrowingInEveryReportIsErr() {
        Reports r = Reports.of("orders", 0).report(100, 90, 10).report(200, 180, 90).report(300, 270, 90).report(400, 350, 80);
        Health health = evaluateJustAfter(r);
        assertEquals(HealthStatus.ERR, health.status());
        assertTrue(health.reason().contains("grew in each"), health.reason());
    }

    @Test
    void lagGrowingOnlyOverallIsWarn() {
        // lags 10, 20, 15, 30: grew overall, but not at every step
        Reports r = Reports.of("orders", 0).report(100, 90, 10).report(200, 180, 90).report(300, 285, 105).report(400, 370, 85);
        Health health = evaluateJustAfter(r);
        assertEquals(HealthStatus.WARN, health.status());
        assertTrue(health.reason().contains("from 10 to 30"), health.reason());
    }

    @Test
    void twoReportsWithGrowingLagAreOnlyWarn() {
        Reports r = Reports.of("orders", 0).report(100, 90, 10).report(200, 170, 80);
        assertEquals(HealthStatus.WARN, evaluateJustAfter(r).status());
    }

    @Test
    void shrinkingLagIsOk() {
        Reports r = Reports.of("orders", 0).report(100, 10, 10).report(200, 150, 140).report(300, 280, 130);
        Health health = evaluateJustAfter(r);
        assertEquals(HealthStatus.OK, health.status());
        assertTrue(health.reason().contains("not growing"), health.reason());
    }

    @Test
    void onlyTheWindowCounts() {
        // Old growth falls out of the 5-report window; the last 5 show a steady lag of 20.
        Reports r = Reports.of("orders", 0).report(100, 95, 5).report(200, 150, 55).report(300, 200, 50);
        for (int i = 1; i <= 5; i++) {
            r.report(300 + 100L * i, 280 + 100L * i, 100);
        }
        assertEquals(HealthStatus.OK, evaluateJustAfter(r).status());
    }

    @Test
    void silentTaskWhileSourceAdvancedIsStalled() {
        Reports r = Reports.of("orders", 0).report(100, 100, 100).report(200, 200, 100).report(300, 300, 100);
        long now = r.lastReportAt() + 3 * Reports.INTERVAL + 1;
        Health health = evaluator.evaluate(r.list(), now);
        assertEquals(HealthStatus.STALLED, health.status());
        assertTrue(health.reason().startsWith("no report for 15 s"), health.reason());
    }

    @Test
    void silentTaskWithWaitingRecordsButIdleSourceIsErr() {
        Reports r = Reports.of("orders", 0).report(300, 250, 0).report(300, 250, 0);
        Health health = evaluator.evaluate(r.list(), r.lastReportAt() + 60_000);
        assertEquals(HealthStatus.ERR, health.status());
        assertTrue(health.reason().contains("50 records waiting"), health.reason());
    }

    @Test
    void silentTaskOnIdleCaughtUpPartitionIsOk() {
        Reports r = Reports.of("orders", 0).report(300, 300, 0).report(300, 300, 0);
        Health health = evaluator.evaluate(r.list(), r.lastReportAt() + 60_000);
        assertEquals(HealthStatus.OK, health.status());
        assertTrue(health.reason().startsWith("idle"), health.reason());
    }

    @Test
    void silenceUpToThreeIntervalsIsNotStale() {
        Reports r = Reports.of("orders", 0).report(100, 100, 100).report(200, 200, 100);
        assertEquals(HealthStatus.OK, evaluator.evaluate(r.list(), r.lastReportAt() + 3 * Reports.INTERVAL).status());
    }

    @Test
    void worstStatusRollsUp() {
        assertEquals(HealthStatus.STALLED, HealthStatus.worst(java.util.List.of(HealthStatus.OK, HealthStatus.STALLED, HealthStatus.ERR)));
        assertEquals(HealthStatus.ERR, HealthStatus.worst(java.util.List.of(HealthStatus.WARN, HealthStatus.ERR)));
        assertEquals(HealthStatus.OK, HealthStatus.worst(java.util.List.of()));
    }

    @Test
    void rejectsWindowsTooSmallForTheRule() {
        assertThrows(IllegalArgumentException.class, () -> new HealthEvaluator(2, 5_000));
    }
}
