package dev.ferry.monitoring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThroughputTest {

    @Test
    void rateOverTheWindowFromCounterDeltas() {
        Reports r = Reports.of("orders", 0);
        for (int i = 0; i < 20; i++) {
            r.report(1000L * i, 1000L * i, 500); // 500 records per 5 s report = 100/s
        }
        Throughput minute = Throughput.over(r.list(), 60_000, r.lastReportAt(), Reports.INTERVAL);
        assertEquals(100.0, minute.recordsPerSec(), 1e-9);
        assertEquals(10_000.0, minute.bytesPerSec(), 1e-9);
    }

    @Test
    void oneMinuteAndFiveMinutesDiffer() {
        Reports r = Reports.of("orders", 0);
        for (int i = 0; i < 48; i++) {
            r.report(0, 0, 0); // 4 minutes idle
        }
        for (int i = 0; i < 12; i++) {
            r.report(0, 0, 1000); // then 1 minute at 200/s
        }
        long now = r.lastReportAt();
        assertEquals(200.0, Throughput.over(r.list(), 60_000, now, Reports.INTERVAL).recordsPerSec(), 1e-9);
        assertEquals(12_000 / 295.0, Throughput.over(r.list(), 300_000, now, Reports.INTERVAL).recordsPerSec(), 1e-9);
    }

    @Test
    void newTaskStartResetsCountersWithoutNegativeRates() {
        Reports r = Reports.of("orders", 0).report(0, 0, 500).report(0, 0, 500).report(0, 0, 500);
        r.restart().report(0, 0, 500).report(0, 0, 500);
        // 4 intervals of 500 records: the restart's first report counts its 500 from zero
        assertEquals(100.0, Throughput.over(r.list(), 60_000, r.lastReportAt(), Reports.INTERVAL).recordsPerSec(), 1e-9);
    }

    @Test
    void decaysWhenReportsStop() {
        Reports r = Reports.of("orders", 0);
        for (int i = 0; i < 13; i++) {
            r.report(0, 0, 500);
        }
        long now = r.lastReportAt() + 120_000;
        assertEquals(0.0, Throughput.over(r.list(), 60_000, now, Reports.INTERVAL).recordsPerSec(), 1e-9);
        // Within two intervals the last rate stands.
        assertEquals(100.0, Throughput.over(r.list(), 60_000, r.lastReportAt() + 2 * Reports.INTERVAL, Reports.INTERVAL)
            .recordsPerSec(), 1e-9);
    }

    @Test
    void fewerThanTwoReportsGiveZero() {
        Reports r = Reports.of("orders", 0).report(0, 0, 500);
        assertEquals(Throughput.ZERO, Throughput.over(r.list(), 60_000, r.lastReportAt(), Reports.INTERVAL));
    }
}
