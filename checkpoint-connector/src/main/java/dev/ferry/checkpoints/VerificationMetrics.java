package dev.ferry.checkpoints;

import dev.ferry.common.OwnedTaskMetrics;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Continuous verification's metrics, registered through Connect's plugin metrics (group {@code plugins}, tags
 * {@code connector}, {@code task}, {@code source}, {@code target}, {@code topic}): per source topic,
 * {@code verification-samples-total} (records compared with their copy since the task started) and
 * {@code verification-mismatches-total} (of those, copies that differed or were missing). Gauges over the
 * {@link VerificationTally}, registered when a topic is first sampled.
 */
final class VerificationMetrics implements AutoCloseable {

    private final OwnedTaskMetrics metrics;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param instance the task instance's number ({@link OwnedTaskMetrics#nextTaskInstance()}): of two instances of
     *                 one task on a worker, only the newer one's metrics are registered
     */
    VerificationMetrics(PluginMetrics metrics, String source, String target, long instance) {
        this.metrics = OwnedTaskMetrics.claim(metrics, "verification", source, target, instance);
    }

    /** Registers the metrics of the tally's topic unless done already (none once these metrics are closed). */
    void register(VerificationTally tally) {
        if (!registered.add(tally.topic())) {
            return;
        }
        Map<String, String> topic = Map.of("topic", tally.topic());
        metrics.gauge(metrics.name("verification-samples-total",
            "Records of the topic compared with their copy on the target since the task started", topic),
            (Gauge<Long>) (config, now) -> tally.samplesChecked());
        metrics.gauge(metrics.name("verification-mismatches-total",
            "Compared records of the topic whose copy, where the offset syncs put it, differed or was missing", topic),
            (Gauge<Long>) (config, now) -> tally.mismatches());
    }

    /** Removes every verification metric of the task. */
    @Override
    public void close() {
        metrics.close();
    }
}
