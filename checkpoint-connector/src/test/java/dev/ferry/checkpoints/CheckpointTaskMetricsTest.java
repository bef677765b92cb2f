package dev.ferry.checkpoints;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTaskMetricsTest {

    private final Metrics workerMetrics = new Metrics();
    private final AtomicLong clock = new AtomicLong(1_000_000);

    @AfterEach
    void closeMetrics() {
        workerMetrics.close();
    }

    /**
     * Metrics of an instance of task 0 of connector "cp", each with a PluginMetrics of its own, as Connect gives them.
     *
     * @param instance the instance's number: Connect creates a task's instances one after another
     */
    private CheckpointTaskMetrics instance(long instance) {
        return new CheckpointTaskMetrics(new PluginMetricsImpl(workerMetrics, Map.of("connector", "cp", "task", "0")),
            "east", "west", instance, clock::get);
    }

    private Object value(String name, Map<String, String> extraTags) {
        for (Map.Entry<MetricName, KafkaMetric> entry : workerMetrics.metrics().entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.name().equals(name) && "plugins".equals(metric.group())
                && metric.tags().entrySet().containsAll(extraTags.entrySet())) {
                return entry.getValue().metricValue();
            }
        }
        return null;
    }

    @Test
    void anInstanceStartedInPlaceOfAnAbandonedOneTakesItsMetricsOver() {
        CheckpointTaskMetrics abandoned = instance(1); // Connect gave up stopping it: never closed in time
        abandoned.registerGroups(List.of("app"));
        abandoned.checkpointWritten("app", clock.get() - 50);

        CheckpointTaskMetrics replacement = instance(2); // "metric already exists" here left the task FAILED
        replacement.registerGroups(List.of("app"));
        replacement.checkpointWritten("app", clock.get() - 20);
        replacement.checkpointWritten("app", clock.get() - 10);
        assertEquals(2.0, value("checkpoints-written-total", Map.of()), "the new instance's count is the one shown");
        assertEquals(10L, value("checkpoint-age-ms", Map.of("group", "app")));

        abandoned.registerGroups(List.of("other")); // the abandoned thread goes on for a while
        assertNull(value("checkpoint-age-ms", Map.of("group", "other")), "a closed instance registers nothing");
        abandoned.close(); // and finally stops
        assertEquals(2.0, value("checkpoints-written-total", Map.of()), "the abandoned instance's close leaves the new metrics");
        assertEquals(10L, value("checkpoint-age-ms", Map.of("group", "app")));

        replacement.close();
        assertTrue(workerMetrics.metrics().keySet().stream().noneMatch(name -> "plugins".equals(name.group())),
            "every metric is removed once the live instance closes");
    }

    @Test
    void anInstanceAbandonedWhileStartingCannotTakeTheNamesBackFromItsReplacement() {
        // The older instance was still in start() when Connect gave up on it: it gets to its metrics last.
        CheckpointTaskMetrics replacement = instance(2);
        replacement.registerGroups(List.of("app"));
        replacement.checkpointWritten("app", clock.get() - 10);

        CheckpointTaskMetrics abandoned = instance(1);
        abandoned.registerGroups(List.of("app", "other"));
        abandoned.checkpointWritten("app", clock.get() - 500);
        assertEquals(1.0, value("checkpoints-written-total", Map.of()), "the replacement's count is still the one shown");
        assertEquals(10L, value("checkpoint-age-ms", Map.of("group", "app")));
        assertNull(value("checkpoint-age-ms", Map.of("group", "other")), "the abandoned instance registers nothing");

        abandoned.close();
        assertEquals(1.0, value("checkpoints-written-total", Map.of()), "the abandoned instance's close leaves the replacement's");
        replacement.close();
    }
}
