package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExactAndLargerOnesAtMostAnEighthHigh() {
        for (long value = 0; value < 8; value++) {
            assertEquals(value, LatencyHistogram.upperBound(LatencyHistogram.bucketOf(value)));
        }
        for (long value = 8; value < 5_000_000; value = value * 3 / 2 + 1) {
            long reported = LatencyHistogram.upperBound(LatencyHistogram.bucketOf(value));
            assertTrue(reported >= value && reported <= value + value / 8, value + " reported as " + reported);
        }
        // buckets are contiguous: every value's bucket starts right after the previous bucket's upper bound
        for (int bucket = 1; bucket < LatencyHistogram.bucketOf(LatencyHistogram.MAX_TRACKED_MS); bucket++) {
            assertEquals(bucket, LatencyHistogram.bucketOf(LatencyHistogram.upperBound(bucket - 1) + 1));
        }
    }

    @Test
    void percentilesOfTheRecordsSinceTheLastDrain() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            histogram.record(i);   // 1..1000 ms
        }
        histogram.record(-5);      // clock skew: not a latency
        PartitionProgress.Latency latency = histogram.drain();
        assertEquals(1000, latency.count());
        assertBetween(500, latency.p50Ms(), 500 + 500 / 8);
        assertBetween(990, latency.p99Ms(), 990 + 990 / 8);
        assertBetween(999, latency.p999Ms(), 1000);
        assertEquals(1000, latency.maxMs());
        assertEquals(PartitionProgress.Latency.NONE, histogram.drain(), "drained");

        histogram.record(7);
        histogram.record(3_000_000_000_000_000L); // far beyond the range: capped bucket, exact max
        PartitionProgress.Latency next = histogram.drain();
        assertEquals(7, next.p50Ms());
        assertEquals(3_000_000_000_000_000L, next.maxMs());
    }

    private static void assertBetween(long low, long actual, long high) {
        assertTrue(actual >= low && actual <= high, actual + " not in [" + low + ", " + high + "]");
    }
}
