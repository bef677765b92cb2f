package dev.ferry.monitoring;

import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.ReplicationPolicy;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The Ferry connectors of the Connect cluster, found through Connect's {@link ConnectClusterState} (the
 * cluster-wide connector configurations every worker holds) and refreshed at most every {@code refreshMs}.
 *
 * <p>Only a handful of keys are read from each configuration (class, aliases, topic names, replication policy);
 * no other value ever leaves this class, so no secret of a connector configuration can reach a response.
 */
final class ConnectorCatalog {

    private static final Logger log = LoggerFactory.getLogger(ConnectorCatalog.class);

    static final String MIRROR_CLASS = "dev.ferry.mirror.MirrorSourceConnector";
    static final String CHECKPOINT_CLASS = "dev.ferry.checkpoints.CheckpointConnector";
    // The connector configuration keys this class reads (declared by the connectors' own ConfigDefs).
    static final String CONNECTOR_CLASS = "connector.class";
    static final String SOURCE_ALIAS = "source.cluster.alias";
    static final String TARGET_ALIAS = "target.cluster.alias";
    static final String PROGRESS_TOPIC = "progress.topic";
    static final String CHECKPOINTS_TOPIC = "checkpoints.topic";
    static final String POLICY_CLASS = "replication.policy.class";
    static final String PROGRESS_INTERVAL_MS = "progress.interval.ms";
    static final String VERIFICATION_ENABLED = "verification.enabled";
    static final String VERIFICATION_TOPIC = "verification.topic";

    private final ConnectClusterState cluster;
    private final String defaultProgressTopic;
    private final long defaultReportIntervalMs;
    private final long refreshMs;
    private final LongSupplier clock;
    private List<FerryConnector> connectors;
    private long refreshedAtMs;

    ConnectorCatalog(ConnectClusterState cluster, String defaultProgressTopic, long defaultReportIntervalMs, long refreshMs,
                     LongSupplier clock) {
        this.cluster = cluster;
        this.defaultProgressTopic = defaultProgressTopic;
        this.defaultReportIntervalMs = defaultReportIntervalMs;
        this.refreshMs = refreshMs;
        this.clock = clock;
    }

    /**
     * The Ferry connectors, looked up again when the last lookup is older than the refresh interval.
     *
     * @throws org.apache.kafka.connect.errors.ConnectException if the worker cannot list its connectors
     *                                                          (e.g. while it is still joining the cluster)
     */
    synchronized List<FerryConnector> current() {
        long now = clock.getAsLong();
        if (connectors == null || now - refreshedAtMs >= refreshMs) {
            connectors = lookUp();
            refreshedAtMs = now;
        }
        return connectors;
    }

    private List<FerryConnector> lookUp() {
        Collection<String> names = cluster.connectors();
        List<FerryConnector> found = new ArrayList<>();
        for (String name : names) {
            Map<String, String> config;
            try {
                config = cluster.connectorConfig(name);
            } catch (RuntimeException e) {
                // Deleted between the listing and this lookup, or the herder is busy: it shows up next refresh.
                log.debug("Could not read the configuration of connector '{}': {}", name, e.getMessage());
                continue;
            }
            FerryConnector connector = describe(name, config, defaultProgressTopic, defaultReportIntervalMs);
            if (connector != null) {
                found.add(connector);
            }
        }
        return List.copyOf(found);
    }

    /** The Ferry connector a configuration describes, or null when it is not a Ferry mirror or checkpoint connector. */
    static FerryConnector describe(String name, Map<String, String> config, String defaultProgressTopic, long defaultReportIntervalMs) {
        String connectorClass = config.getOrDefault(CONNECTOR_CLASS, "");
        FerryConnector.Kind kind;
        if (isClass(connectorClass, MIRROR_CLASS)) {
            kind = FerryConnector.Kind.MIRROR;
        } else if (isClass(connectorClass, CHECKPOINT_CLASS)) {
            kind = FerryConnector.Kind.CHECKPOINT;
        } else {
            return null;
        }
        String sourceAlias = config.get(SOURCE_ALIAS);
        String targetAlias = config.get(TARGET_ALIAS);
        if (sourceAlias == null || targetAlias == null) {
            log.warn("Ferry connector '{}' has no {} or {}; monitoring skips it", name, SOURCE_ALIAS, TARGET_ALIAS);
            return null;
        }
        String topic = kind == FerryConnector.Kind.MIRROR
            ? nonBlank(config.get(PROGRESS_TOPIC), defaultProgressTopic)
            : nonBlank(config.get(CHECKPOINTS_TOPIC), "ferry-checkpoints." + sourceAlias + ".internal");
        // Verification is on by default in checkpoint connectors (see their verification.enabled).
        String verificationTopic = kind == FerryConnector.Kind.CHECKPOINT
            && !"false".equalsIgnoreCase(config.getOrDefault(VERIFICATION_ENABLED, "true").trim())
            ? nonBlank(config.get(VERIFICATION_TOPIC), "ferry-verification." + sourceAlias + ".internal") : null;
        return new FerryConnector(name, kind, sourceAlias, targetAlias, topic, policy(name, config),
            reportInterval(name, config.get(PROGRESS_INTERVAL_MS), defaultReportIntervalMs), verificationTopic);
    }

    private static long reportInterval(String connector, String configured, long fallback) {
        if (configured == null || configured.isBlank()) {
            return fallback;
        }
        try {
            long interval = Long.parseLong(configured.trim());
            if (interval > 0) {
                return interval;
            }
        } catch (NumberFormatException e) {
            // the connector's own validation rejects it; monitoring falls back below
        }
        log.warn("Connector '{}': {} is not a positive number of milliseconds; monitoring assumes {} ms", connector,
            PROGRESS_INTERVAL_MS, fallback);
        return fallback;
    }

    private static boolean isClass(String configured, String className) {
        // Connect also accepts a connector's simple class name as an alias.
        return configured.equals(className) || configured.equals(className.substring(className.lastIndexOf('.') + 1));
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static ReplicationPolicy policy(String connector, Map<String, String> config) {
        String className = config.getOrDefault(POLICY_CLASS, PrefixReplicationPolicy.class.getName());
        try {
            Class<?> type = Class.forName(className, true, ConnectorCatalog.class.getClassLoader());
            ReplicationPolicy policy = (ReplicationPolicy) type.getDeclaredConstructor().newInstance();
            // The policy sees only its own key, not the connector's whole configuration.
            String separator = config.get(ReplicationPolicy.SEPARATOR_CONFIG);
            policy.configure(separator == null ? Map.of() : Map.of(ReplicationPolicy.SEPARATOR_CONFIG, separator));
            return policy;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("Connector '{}': cannot load replication policy {} ({}); remote topic names of its checkpoints are not shown",
                connector, className, e.toString());
            return null;
        }
    }
}
