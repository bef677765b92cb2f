package dev.ferry.common;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnedTaskMetricsTest {

    private final Metrics workerMetrics = new Metrics();

    @AfterEach
    void closeMetrics() {
        workerMetrics.close();
    }

    /** An instance of task 0 of connector "m" claiming its metrics through a PluginMetrics of its own, as Connect gives. */
    private OwnedTaskMetrics claim(long instance) {
        return OwnedTaskMetrics.claim(new PluginMetricsImpl(workerMetrics, Map.of("connector", "m", "task", "0")),
            "test", "east", "west", instance);
    }

    private static void gauge(OwnedTaskMetrics metrics, String name, long value) {
        metrics.gauge(metrics.name(name, "a test gauge", Map.of()), (Gauge<Long>) (config, now) -> value);
    }

    private Object value(String name) {
        for (Map.Entry<MetricName, KafkaMetric> entry : workerMetrics.metrics().entrySet()) {
            if (entry.getKey().name().equals(name) && "plugins".equals(entry.getKey().group())) {
                return entry.getValue().metricValue();
            }
        }
        return null;
    }

    @Test
    void namesCarryTheTaskAndClusterTagsThenTheExtraOnesInOrder() {
        OwnedTaskMetrics metrics = claim(OwnedTaskMetrics.nextTaskInstance());
        MetricName name = metrics.name("lag", "d", new LinkedHashMap<>(Map.of("topic", "orders")));
        List<String> keys = new ArrayList<>(name.tags().keySet());
        // Connect's own tags come first (their order is the worker's); ours follow in the order given
        assertEquals(Set.of("connector", "task"), Set.copyOf(keys.subList(0, 2)));
        assertEquals(List.of("source", "target", "topic"), keys.subList(2, keys.size()));
        assertEquals("east", name.tags().get("source"));
        metrics.close();
    }

    @Test
    void aNewerInstanceTakesTheNamesOverAndTheOlderOnesCloseLeavesThem() {
        OwnedTaskMetrics abandoned = claim(1);
        gauge(abandoned, "copied", 5);
        OwnedTaskMetrics replacement = claim(2);
        assertTrue(abandoned.closed(), "the older instance is closed by the takeover");
        assertNull(value("copied"), "and its metrics are gone");
        gauge(replacement, "copied", 7);
        gauge(abandoned, "late", 1);
        assertNull(value("late"), "a closed instance registers nothing");
        abandoned.close();
        assertEquals(7L, value("copied"));
        replacement.close();
        assertNull(value("copied"));
    }

    @Test
    void anOlderInstanceClaimingAfterANewerOneRegistersNothing() {
        OwnedTaskMetrics replacement = claim(2);
        gauge(replacement, "copied", 7);
        OwnedTaskMetrics abandonedWhileStarting = claim(1);
        assertTrue(abandonedWhileStarting.closed());
        assertFalse(replacement.closed(), "the newer instance keeps the names");
        gauge(abandonedWhileStarting, "copied", 5); // "already exists" if it were registered
        abandonedWhileStarting.sensor("written", sensor -> sensor.add(
            abandonedWhileStarting.name("written-total", "d", Map.of()), new CumulativeCount())).record(1, 0);
        assertEquals(7L, value("copied"));
        assertNull(value("written-total"));
        replacement.close();
    }

    @Test
    void sensorsOfInstancesOfOneTaskHaveNamesOfTheirOwn() {
        OwnedTaskMetrics first = claim(1);
        OwnedTaskMetrics.Recorder firstWritten = first.sensor("written", sensor -> sensor.add(
            first.name("written-total", "d", Map.of()), new CumulativeCount()));
        OwnedTaskMetrics second = claim(2);
        OwnedTaskMetrics.Recorder written = second.sensor("written", sensor -> sensor.add(
            second.name("written-total", "d", Map.of()), new CumulativeCount()));
        written.record(1, 0);
        written.record(1, 0);
        firstWritten.record(1, 0); // recorded into the removed sensor: shown nowhere
        assertEquals(2.0, value("written-total"));
        second.close();
        assertNull(value("written-total"));
    }

    @Test
    void instancesStartingAtOnceNeverCollideAndTheNewestOwnsTheNames() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                long older = OwnedTaskMetrics.nextTaskInstance();
                long newer = OwnedTaskMetrics.nextTaskInstance();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<OwnedTaskMetrics>> started = new ArrayList<>();
                for (long instance : new long[] {older, newer}) {
                    started.add(threads.submit(() -> {
                        go.await();
                        OwnedTaskMetrics metrics = claim(instance);
                        for (int i = 0; i < 20; i++) {
                            gauge(metrics, "gauge-" + i, instance); // throws "already exists" on a collision
                        }
                        return metrics;
                    }));
                }
                go.countDown();
                OwnedTaskMetrics olderMetrics = started.get(0).get(10, TimeUnit.SECONDS);
                OwnedTaskMetrics newerMetrics = started.get(1).get(10, TimeUnit.SECONDS);
                assertTrue(olderMetrics.closed(), "round " + round + ": the older instance gave the names up");
                assertFalse(newerMetrics.closed(), "round " + round + ": the newer instance owns them");
                for (int i = 0; i < 20; i++) {
                    assertEquals(newer, value("gauge-" + i), "round " + round + ": gauge-" + i + " is the newer instance's");
                }
                olderMetrics.close();
                newerMetrics.close();
                assertNull(value("gauge-0"));
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
