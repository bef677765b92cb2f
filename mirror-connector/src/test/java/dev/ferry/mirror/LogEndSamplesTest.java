package dev.ferry.mirror;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogEndSamplesTest {

    @Test
    void lagIsTheTimeSinceTheLogEndPassedTheNextOffset() {
        LogEndSamples samples = new LogEndSamples();
        assertEquals(-1, samples.lagMs(0, 0), "unknown before any sample");
        samples.observe(100, 10_000);
        samples.observe(100, 11_000);          // unchanged: not kept
        samples.observe(200, 12_000);
        samples.observe(300, 13_000);
        assertEquals(3, samples.size());
        assertEquals(0, samples.lagMs(300, 20_000), "nothing left");
        // record 249 was appended when the log end went to 250: halfway between 12 s and 13 s
        assertEquals(20_000 - 12_500, samples.lagMs(249, 20_000));
        // record 100 came right after the 10 s sample
        assertEquals(20_000 - 10_020, samples.lagMs(100, 20_000));
        // older than every sample: the oldest sample's age is a lower bound
        assertEquals(10_000, samples.lagMs(50, 20_000));
    }

    @Test
    void aFullBufferThinsOutOldSamplesAndKeepsRecentOnesDense() {
        LogEndSamples samples = new LogEndSamples();
        for (int second = 0; second < 1_000; second++) {
            samples.observe(second * 10L + 10, second * 1_000L);
        }
        assertTrue(samples.size() <= LogEndSamples.CAPACITY);
        // recent samples are all there: record 9950 was appended at 994.1 s
        assertEquals(5_000, samples.lagMs(9_950, 999_100));
        // the oldest sample survives thinning, and at a steady rate sparse samples still interpolate well:
        // record 15 was appended at 0.6 s
        long lag = samples.lagMs(15, 1_000_000);
        assertTrue(Math.abs(lag - 999_400) <= 1_000, "lag " + lag);
    }

    @Test
    void aShrinkingLogEndStartsOver() {
        LogEndSamples samples = new LogEndSamples();
        samples.observe(500, 1_000);
        samples.observe(5, 2_000);   // topic recreated
        assertEquals(1, samples.size());
        assertEquals(1_000, samples.lagMs(0, 3_000));
    }
}
