package dev.ferry.common;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The metrics of one kind that one instance of a task registers through Connect's {@link PluginMetrics}, owned
 * by the newest instance of the task on this worker and removed together on {@link #close()}.
 *
 * <p>When a task's graceful stop times out (its thread is blocked on a cluster that is down, or still in
 * {@code start()}), Connect abandons the instance with its metrics still registered and starts a new one. Each
 * instance has a {@code PluginMetrics} of its own, which can only remove what it added, so the new instance would
 * fail with "metric already exists" and stay FAILED until someone restarts it. Instead the newest instance owns
 * the names:
 * <ul>
 *   <li>a newer instance that claims them closes the older owner, which removes its metrics and registers no more;</li>
 *   <li>an older instance that claims them after a newer one (abandoned while it was still starting) is closed at
 *       once and registers nothing, so it cannot take the names back from the instance Connect runs.</li>
 * </ul>
 * Instances are ordered by {@link #nextTaskInstance()}, which tasks call in their constructor: Connect constructs a
 * task's next instance only after it has given up on the previous one, so the numbers follow Connect's order even
 * when the instances' threads run {@code start()} at the same time.
 *
 * <p>Registrations and {@link #close()} are serialised, so a registration racing a takeover is either removed by it
 * or not made at all.
 */
public final class OwnedTaskMetrics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OwnedTaskMetrics.class);

    private static final AtomicLong INSTANCES = new AtomicLong();
    private static final ConcurrentMap<List<Object>, OwnedTaskMetrics> OWNERS = new ConcurrentHashMap<>();

    /** What the sensors' recorders of closed metrics record into: nothing. */
    private static final Recorder DISCARD = (value, nowMs) -> { };

    /** Records a value into a sensor, or nowhere once the metrics are closed. */
    @FunctionalInterface
    public interface Recorder {
        void record(double value, long nowMs);
    }

    private final PluginMetrics metrics;
    private final Map<String, String> tags;
    private final List<Object> key;
    private final long instance;
    private final List<MetricName> names = new ArrayList<>();
    private final List<String> sensors = new ArrayList<>();
    private boolean closed;

    private OwnedTaskMetrics(PluginMetrics metrics, Map<String, String> tags, List<Object> key, long instance) {
        this.metrics = metrics;
        this.tags = tags;
        this.key = key;
        this.instance = instance;
    }

    /** A number for a new instance of a task, greater than every earlier one; call it from the task's constructor. */
    public static long nextTaskInstance() {
        return INSTANCES.incrementAndGet();
    }

    /**
     * Claims the names of {@code kind} metrics for task instance {@code instance}.
     *
     * @param kind     which metrics of the task these are (one owner per kind and task)
     * @param source   the source cluster's alias, tag {@code source} of every metric of these
     * @param target   the target cluster's alias, tag {@code target}; Connect adds {@code connector} and {@code task}
     * @param instance the task instance's number from {@link #nextTaskInstance()}
     * @return the metrics to register through; closed already if a newer instance of the task owns the names
     */
    public static OwnedTaskMetrics claim(PluginMetrics metrics, String kind, String source, String target, long instance) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("target", target);
        // metricName adds Connect's own tags (connector, task) to ours: together they name one task
        Map<String, String> taskTags = Map.copyOf(metrics.metricName(kind, "", tags).tags());
        List<Object> key = List.of(kind, taskTags);
        OwnedTaskMetrics claimant = new OwnedTaskMetrics(metrics, tags, key, instance);
        OwnedTaskMetrics[] previous = new OwnedTaskMetrics[1];
        OwnedTaskMetrics owner = OWNERS.compute(key, (k, current) -> {
            previous[0] = current;
            return current == null || current.instance < instance ? claimant : current;
        });
        if (owner != claimant) {
            log.info("An instance of task {} newer than this one owns its {} metrics: this one, which Connect has given up "
                + "on, registers none", taskTags, kind);
            claimant.closeQuietly();
        } else if (previous[0] != null) {
            log.info("Taking over the {} metrics of an earlier instance of task {} that did not stop in time", kind, taskTags);
            previous[0].closeQuietly();
        }
        return claimant;
    }

    /** The name of a metric of these, with their tags, then {@code extraTags} in their order, and Connect's own. */
    public MetricName name(String name, String description, Map<String, String> extraTags) {
        LinkedHashMap<String, String> all = new LinkedHashMap<>(tags);
        all.putAll(extraTags);
        return metrics.metricName(name, description, all);
    }

    /** Registers a gauge, unless these metrics are closed. */
    public synchronized void gauge(MetricName name, Gauge<?> gauge) {
        if (!closed) {
            metrics.addMetric(name, gauge);
            names.add(name);
        }
    }

    /**
     * Registers a sensor (a name of its own on the worker) with the stats {@code stats} adds to it.
     *
     * @return records into the sensor; into nothing if these metrics are closed
     */
    public synchronized Recorder sensor(String purpose, Consumer<Sensor> stats) {
        if (closed) {
            return DISCARD;
        }
        // sensors are named in the worker's shared registry, where every instance needs a name of its own
        Sensor sensor = metrics.addSensor("ferry." + purpose + "." + instance + "." + sensors.size());
        sensors.add(sensor.name());
        stats.accept(sensor);
        return sensor::record;
    }

    /** Whether these metrics were closed: by the task, or taken over by a newer instance of it. */
    public synchronized boolean closed() {
        return closed;
    }

    /** Removes every metric registered through these and gives up the names; nothing registers afterwards. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        OWNERS.remove(key, this);
        names.forEach(metrics::removeMetric);
        sensors.forEach(metrics::removeSensor);
        names.clear();
        sensors.clear();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            // the owner's PluginMetrics may be closed already (its task stopped), which removed its metrics too
            log.debug("Closing the {} metrics of an earlier task instance failed: {}", key.get(0), e.toString());
        }
    }
}
