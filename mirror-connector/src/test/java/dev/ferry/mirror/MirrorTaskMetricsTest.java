package dev.ferry.mirror;

import dev.ferry.common.OwnedTaskMetrics;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MirrorTaskMetricsTest {

    private final Metrics workerMetrics = new Metrics();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final PartitionTracker orders = new PartitionTracker(new TopicPartition("orders", 0), "east.orders");
    private final PartitionTracker payments = new PartitionTracker(new TopicPartition("payments", 1), "east.payments");

    @AfterEach
    void closeMetrics() {
        workerMetrics.close();
    }

    private MirrorTaskMetrics metrics(String task) {
        MirrorTaskMetrics metrics = new MirrorTaskMetrics(new PluginMetricsImpl(workerMetrics, Map.of("connector", "m", "task", task)),
            "east", "west", OwnedTaskMetrics.nextTaskInstance(), clock::get);
        metrics.register(orders, true);
        metrics.register(payments, false);
        return metrics;
    }

    private double value(String name, String task, Map<String, String> extraTags) {
        for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> entry : workerMetrics.metrics().entrySet()) {
            MetricName metric = entry.getKey();
            if (metric.name().equals(name) && task.equals(metric.tags().get("task"))
                && metric.tags().entrySet().containsAll(extraTags.entrySet())
                && (extraTags.containsKey("topic") || !metric.tags().containsKey("topic"))) {
                return ((Number) entry.getValue().metricValue()).doubleValue();
            }
        }
        throw new AssertionError("no metric " + name + " of task " + task + " with " + extraTags);
    }

    private void copy(PartitionTracker tracker, long upstream, int bytes, long latencyMs) {
        tracker.handedOver(1, upstream);
        tracker.copied(upstream, upstream, clock.get() - latencyMs, bytes, latencyMs);
    }

    @Test
    void windowedFiguresCoverTheLastClosedWindowOnly() {
        MirrorTaskMetrics metrics = metrics("0");
        Map<String, String> ordersTags = Map.of("topic", "orders", "partition", "0");
        assertEquals(0.0, value("record-rate", "0", ordersTags), "no window closed yet");
        assertTrue(Double.isNaN(value("replication-latency-ms-avg", "0", ordersTags)));
        assertTrue(Double.isNaN(value("replication-latency-ms-p99", "0", Map.of())));

        for (long offset = 0; offset < 200; offset++) {
            copy(orders, offset, 100, offset < 100 ? 4 : 6);
        }
        copy(payments, 0, 1_000, 2_000);
        clock.addAndGet(10_000);
        metrics.closeWindow();

        assertEquals(20.0, value("record-rate", "0", ordersTags), "200 records in 10 s");
        assertEquals(2_000.0, value("byte-rate", "0", ordersTags));
        assertEquals(5.0, value("replication-latency-ms-avg", "0", ordersTags));
        assertEquals(6.0, value("replication-latency-ms-max", "0", ordersTags));
        assertEquals(200.0, value("record-count", "0", ordersTags), "counts are totals, not windowed");
        assertEquals(0.1, value("record-rate", "0", Map.of("topic", "payments", "partition", "1")));
        assertEquals(6.0, value("replication-latency-ms-p50", "0", Map.of()), "the task's percentiles merge every partition");
        assertTrue(value("replication-latency-ms-p999", "0", Map.of()) >= 2_000, "the slow payments copy is the 99.9th percentile");

        for (long offset = 200; offset < 250; offset++) {
            copy(orders, offset, 100, 1);
        }
        clock.addAndGet(5_000);
        metrics.closeWindow();
        assertEquals(10.0, value("record-rate", "0", ordersTags), "the next window starts where the last ended");
        assertEquals(1.0, value("replication-latency-ms-max", "0", ordersTags));
        assertTrue(Double.isNaN(value("replication-latency-ms-avg", "0", Map.of("topic", "payments", "partition", "1"))),
            "a window without copies has no latency");
        assertEquals(0.0, value("record-rate", "0", Map.of("topic", "payments", "partition", "1")));
        assertEquals(250.0, value("record-count", "0", ordersTags));
        metrics.close();
    }

    @Test
    void twoTasksOnOneWorkerKeepTheirOwnMetricsAndClosingOneLeavesTheOther() {
        MirrorTaskMetrics first = metrics("0");
        PartitionTracker other = new PartitionTracker(new TopicPartition("orders", 1), "east.orders");
        MirrorTaskMetrics second = new MirrorTaskMetrics(new PluginMetricsImpl(workerMetrics, Map.of("connector", "m", "task", "1")),
            "east", "west", OwnedTaskMetrics.nextTaskInstance(), clock::get);
        second.register(other, true);
        copy(orders, 0, 10, 3);
        copy(other, 0, 10, 700);
        clock.addAndGet(10_000);
        first.closeWindow();
        second.closeWindow();
        assertEquals(3.0, value("replication-latency-ms-p99", "0", Map.of()));
        assertEquals(700.0, value("replication-latency-ms-p99", "1", Map.of()));

        first.close();
        assertEquals(700.0, value("replication-latency-ms-p99", "1", Map.of()), "closing task 0 must not remove task 1's metrics");
        assertTrue(workerMetrics.metrics().keySet().stream().noneMatch(name -> "0".equals(name.tags().get("task"))),
            "every metric of the closed task is removed");
        second.close();
    }

    @Test
    void aTaskStartedInPlaceOfAnAbandonedOneTakesItsMetricNamesOver() {
        metrics("0"); // never closed: Connect gave up stopping it
        PartitionTracker restarted = new PartitionTracker(new TopicPartition("orders", 0), "east.orders");
        MirrorTaskMetrics replacement = new MirrorTaskMetrics(new PluginMetricsImpl(workerMetrics, Map.of("connector", "m", "task", "0")),
            "east", "west", OwnedTaskMetrics.nextTaskInstance(), clock::get);
        replacement.register(restarted, true);
        for (long offset = 0; offset < 7; offset++) {
            copy(restarted, offset, 10, 1);
        }
        assertEquals(7.0, value("record-count", "0", Map.of("topic", "orders", "partition", "0")), "the new task's tracker is read");
        replacement.close();
    }
}
