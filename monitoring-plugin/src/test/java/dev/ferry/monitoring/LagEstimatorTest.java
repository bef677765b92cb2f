package dev.ferry.monitoring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LagEstimatorTest {

    @Test
    void zeroLagIsZeroSeconds() {
        Reports r = Reports.of("orders", 0).report(100, 100, 100);
        assertEquals(0.0, LagEstimator.lagSeconds(r.list(), 10), 1e-9);
    }

    @Test
    void unknownWithoutLogEnd() {
        Reports r = Reports.of("orders", 0).report(-1, 100, 0);
        assertEquals(-1.0, LagEstimator.lagSeconds(r.list(), 10), 1e-9);
    }

    @Test
    void interpolatesWhenTheLogEndPassedTheNextOffset() {
        // log end 1000, 2000, 3000, 4000 at 5 s steps; next offset 2500 at the last report:
        // the log end passed 2500 half way between the 2nd and 3rd observation, 7.5 s before the last one.
        Reports r = Reports.of("orders", 0).report(1000, 1000, 0).report(2000, 2000, 0).report(3000, 2400, 0).report(4000, 2500, 0);
        assertEquals(7.5, LagEstimator.lagSeconds(r.list(), 10), 1e-9);
    }

    @Test
    void fallsBackToLagOverRateWhenTheLagIsOlderThanTheHistory() {
        Reports r = Reports.of("orders", 0).report(5000, 1000, 0).report(6000, 1500, 0);
        assertEquals(4500 / 100.0, LagEstimator.lagSeconds(r.list(), 100), 1e-9);
    }

    @Test
    void fallsBackToTheHistorySpanWhenNothingIsCopied() {
        Reports r = Reports.of("orders", 0).report(5000, 1000, 0).report(6000, 1000, 0).report(7000, 1000, 0);
        assertEquals(10.0, LagEstimator.lagSeconds(r.list(), 0), 1e-9);
    }
}
