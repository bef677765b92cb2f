package dev.ferry.mirror;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceReachabilityTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final AtomicLong connections = new AtomicLong(2);

    private final Metric connectionCount = new Metric() {
        @Override
        public MetricName metricName() {
            return new MetricName("connection-count", "consumer-metrics", "", Map.of());
        }

        @Override
        public Object metricValue() {
            return (double) connections.get();
        }
    };

    private SourceReachability reachability(Map<MetricName, Metric> metrics) {
        return new SourceReachability(() -> metrics, clock::get, 15_000);
    }

    @Test
    void reportsOnlyAfterTheTimeoutWithoutAnyConnection() {
        SourceReachability reachability = reachability(Map.of(connectionCount.metricName(), connectionCount));
        assertEquals(-1, reachability.unreachableForMs());
        connections.set(0);
        assertEquals(-1, reachability.unreachableForMs(), "down just now");
        clock.addAndGet(14_999);
        assertEquals(-1, reachability.unreachableForMs());
        clock.addAndGet(1);
        assertEquals(15_000, reachability.unreachableForMs());
    }

    @Test
    void aConnectionResetsTheClock() {
        SourceReachability reachability = reachability(Map.of(connectionCount.metricName(), connectionCount));
        connections.set(0);
        reachability.unreachableForMs();
        clock.addAndGet(10_000);
        connections.set(1);
        assertEquals(-1, reachability.unreachableForMs());
        connections.set(0);
        clock.addAndGet(10_000);
        assertEquals(-1, reachability.unreachableForMs(), "the 10 s before the reconnect do not count");
    }

    @Test
    void withoutTheMetricTheSourceIsNeverDeclaredDown() {
        SourceReachability reachability = reachability(Map.of());
        clock.addAndGet(60_000);
        assertEquals(-1, reachability.unreachableForMs());
    }
}
