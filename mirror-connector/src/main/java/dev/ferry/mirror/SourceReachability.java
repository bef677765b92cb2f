package dev.ferry.mirror;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells a task that the source cluster has been out of reach for too long: its consumer has held no
 * connection to any source broker for {@code timeoutMs}. A healthy consumer keeps its connections open
 * (fetches never stop, even on idle partitions), so zero connections over many seconds means the
 * cluster is down or cut off, not merely quiet.
 */
final class SourceReachability {

    private final ConsumerMetric connectionCount;
    private final LongSupplier clock;
    private final long timeoutMs;
    private long unreachableSinceMs = -1;

    SourceReachability(Supplier<Map<MetricName, ? extends Metric>> consumerMetrics, LongSupplier clock, long timeoutMs) {
        this.connectionCount = new ConsumerMetric(consumerMetrics, "consumer-metrics", "connection-count");
        this.clock = clock;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Checks the consumer's connection count.
     *
     * @return how long the source has been unreachable, once that exceeds the timeout; otherwise -1
     */
    long unreachableForMs() {
        double connections = connections();
        long now = clock.getAsLong();
        if (connections > 0) {
            unreachableSinceMs = -1;
            return -1;
        }
        if (unreachableSinceMs < 0) {
            unreachableSinceMs = now;
        }
        long down = now - unreachableSinceMs;
        return down >= timeoutMs ? down : -1;
    }

    private double connections() {
        double connections = connectionCount.value();
        return Double.isNaN(connections) ? 1 : connections; // not measurable: never claim the source is down
    }
}
