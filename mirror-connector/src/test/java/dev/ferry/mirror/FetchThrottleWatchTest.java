package dev.ferry.mirror;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FetchThrottleWatchTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicReference<Double> throttleMax = new AtomicReference<>(Double.NaN);

    private final Metric throttleTimeMax = new Metric() {
        @Override
        public MetricName metricName() {
            return new MetricName("fetch-throttle-time-max", "consumer-fetch-manager-metrics", "", Map.of("client-id", "c"));
        }

        @Override
        public Object metricValue() {
            return throttleMax.get();
        }
    };

    private FetchThrottleWatch watch(Map<MetricName, Metric> metrics) {
        return new FetchThrottleWatch(() -> metrics, clock::get, 20_000);
    }

    @Test
    void aThrottleLongerThanTheBoundIsReportedOnceItHasHeldTheConsumerForTheBound() {
        FetchThrottleWatch watch = watch(Map.of(throttleTimeMax.metricName(), throttleTimeMax));
        assertEquals(-1, watch.heldBackTooLongMs(), "no throttled fetch yet");
        throttleMax.set(3_600_000.0);
        assertEquals(-1, watch.heldBackTooLongMs(), "throttled just now");
        clock.addAndGet(19_999);
        assertEquals(-1, watch.heldBackTooLongMs());
        clock.addAndGet(1);
        assertEquals(3_600_000, watch.heldBackTooLongMs());
    }

    @Test
    void throttlesWithinTheBoundAreWaitedOut() {
        FetchThrottleWatch watch = watch(Map.of(throttleTimeMax.metricName(), throttleTimeMax));
        throttleMax.set(11_000.0);
        watch.heldBackTooLongMs();
        clock.addAndGet(60_000);
        assertEquals(-1, watch.heldBackTooLongMs());
        throttleMax.set(20_000.0);
        clock.addAndGet(60_000);
        assertEquals(-1, watch.heldBackTooLongMs(), "exactly the bound is within it");
    }

    @Test
    void aLongThrottleThatLeftTheMetricWindowRestartsTheClock() {
        FetchThrottleWatch watch = watch(Map.of(throttleTimeMax.metricName(), throttleTimeMax));
        throttleMax.set(50_000.0);
        watch.heldBackTooLongMs();
        clock.addAndGet(15_000);
        throttleMax.set(Double.NaN);
        assertEquals(-1, watch.heldBackTooLongMs());
        throttleMax.set(50_000.0);
        clock.addAndGet(10_000);
        assertEquals(-1, watch.heldBackTooLongMs(), "the 15 s before the unthrottled window do not count");
        clock.addAndGet(20_000);
        assertEquals(50_000, watch.heldBackTooLongMs());
    }

    @Test
    void withoutTheMetricTheConsumerIsNeverReopened() {
        FetchThrottleWatch watch = watch(Map.of());
        watch.heldBackTooLongMs();
        clock.addAndGet(3_600_000);
        assertEquals(-1, watch.heldBackTooLongMs());
    }
}
