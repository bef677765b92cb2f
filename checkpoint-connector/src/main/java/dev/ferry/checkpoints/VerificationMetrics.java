package dev.ferry.checkpoints;

import dev.ferry.common.TaskMetricsOwners;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Continuous verification's metrics, registered through Connect's plugin metrics (group {@code plugins}, tags
 * {@code connector}, {@code task}, {@code source}, {@code target}, {@code topic}): per source topic,
 * {@code verification-samples-total} (records compared with their copy since the task started) and
 * {@code verification-mismatches-total} (of those, copies that differed or were missing). Gauges over the
 * {@link VerificationTally}, registered when a topic is first sampled.
 */
final class VerificationMetrics implements AutoCloseable {

    private final PluginMetrics metrics;
    private final String source;
    private final String target;
    private final Set<String> registered = new HashSet<>();
    private final List<MetricName> names = new ArrayList<>();
    private final Object ownership;
    private boolean closed;

    VerificationMetrics(PluginMetrics metrics, String source, String target) {
        this.metrics = metrics;
        this.source = source;
        this.target = target;
        ownership = TaskMetricsOwners.claim(metrics, taskTags(), this);
    }

    private LinkedHashMap<String, String> taskTags() {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("target", target);
        return tags;
    }

    /** Registers the metrics of the tally's topic unless done already, or taken over by a newer instance of the task. */
    synchronized void register(VerificationTally tally) {
        if (closed || !registered.add(tally.topic())) {
            return;
        }
        LinkedHashMap<String, String> tags = taskTags();
        tags.put("topic", tally.topic());
        MetricName samples = metrics.metricName("verification-samples-total",
            "Records of the topic compared with their copy on the target since the task started", tags);
        MetricName mismatches = metrics.metricName("verification-mismatches-total",
            "Compared records of the topic whose copy, where the offset syncs put it, differed or was missing", tags);
        metrics.addMetric(samples, (Gauge<Long>) (config, now) -> tally.samplesChecked());
        metrics.addMetric(mismatches, (Gauge<Long>) (config, now) -> tally.mismatches());
        names.add(samples);
        names.add(mismatches);
    }

    @Override
    public synchronized void close() {
        closed = true;
        TaskMetricsOwners.release(ownership, this);
        names.forEach(metrics::removeMetric);
        names.clear();
        registered.clear();
    }
}
