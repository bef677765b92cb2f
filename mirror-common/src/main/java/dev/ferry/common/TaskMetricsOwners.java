package dev.ferry.common;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which instance of a task owns its metric names on this worker.
 *
 * <p>When a task's graceful stop times out (its thread is blocked on a cluster that is down), Connect abandons
 * the instance with its metrics still registered and starts a new one. Each instance has a {@link PluginMetrics}
 * of its own, which can only remove the metrics it added, so the new instance would fail with "metric already
 * exists" and stay FAILED until someone restarts it. Instead the new instance claims the names: the abandoned
 * owner is closed (it removes its own metrics through its own PluginMetrics) before the new one registers.
 *
 * <p>An owner is a set of metrics of one kind (its class) for one task (the tags Connect and Ferry add).
 */
public final class TaskMetricsOwners {

    private static final Logger log = LoggerFactory.getLogger(TaskMetricsOwners.class);

    private static final ConcurrentMap<List<Object>, AutoCloseable> LIVE = new ConcurrentHashMap<>();

    private TaskMetricsOwners() {
    }

    /**
     * Makes {@code owner} the owner of its kind of metrics for the task {@code metrics} belongs to, closing the
     * previous owner if an abandoned instance of the task still holds them.
     *
     * @param tags the tags the owner adds to every metric (e.g. source and target aliases)
     * @return the key to {@link #release} with
     */
    public static Object claim(PluginMetrics metrics, Map<String, String> tags, AutoCloseable owner) {
        // metricName adds Connect's own tags (connector, task) to ours: together they name one task
        Map<String, String> taskTags = metrics.metricName("owner", "", new LinkedHashMap<>(tags)).tags();
        List<Object> key = List.of(owner.getClass().getName(), Map.copyOf(taskTags));
        AutoCloseable abandoned = LIVE.put(key, owner);
        if (abandoned != null && abandoned != owner) {
            log.info("Taking over the metrics {} of an earlier instance of task {} that did not stop in time",
                owner.getClass().getSimpleName(), taskTags);
            try {
                abandoned.close();
            } catch (Exception e) {
                // its PluginMetrics may be closed already, which removed the metrics too
                log.debug("Closing the abandoned task's metrics failed: {}", e.toString());
            }
        }
        return key;
    }

    /** Gives up the names claimed with {@code key}, unless a newer instance has claimed them since. */
    public static void release(Object key, AutoCloseable owner) {
        LIVE.remove(key, owner);
    }
}
