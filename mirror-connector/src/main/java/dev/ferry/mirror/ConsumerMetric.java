package dev.ferry.mirror;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.Map;
import java.util.function.Supplier;

/** One metric of the source consumer, found by group and name on first use (the consumer registers some lazily). */
final class ConsumerMetric {

    private final Supplier<Map<MetricName, ? extends Metric>> consumerMetrics;
    private final String group;
    private final String name;
    private Metric metric;

    ConsumerMetric(Supplier<Map<MetricName, ? extends Metric>> consumerMetrics, String group, String name) {
        this.consumerMetrics = consumerMetrics;
        this.group = group;
        this.name = name;
    }

    /** @return the metric's value, or NaN while the consumer has no such metric or its value is not a number */
    double value() {
        if (metric == null) {
            for (Map.Entry<MetricName, ? extends Metric> entry : consumerMetrics.get().entrySet()) {
                if (entry.getKey().name().equals(name) && entry.getKey().group().equals(group)) {
                    metric = entry.getValue();
                    break;
                }
            }
            if (metric == null) {
                return Double.NaN;
            }
        }
        return metric.metricValue() instanceof Number number ? number.doubleValue() : Double.NaN;
    }
}
