package dev.ferry.monitoring;

import dev.ferry.common.ClusterClientSettings;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Decides whether a Ferry connector's target cluster is the cluster Connect writes its records to.
 *
 * <p>The mirror and checkpoint connectors hand their copies and checkpoints to Connect, whose producer writes them
 * to the worker's Kafka cluster (or to {@code producer.override.bootstrap.servers}), while the connector creates
 * remote topics, offset syncs and progress on {@code target.cluster.bootstrap.servers}. When those are two clusters
 * the data is split between them, so the configuration is refused. The heartbeat connector is not checked: it writes
 * with its own producer to the cluster it names.
 *
 * <p>Placeholders of the worker's ConfigProviders are resolved first. A cluster that cannot be described (unreachable,
 * denied, or credentials behind a ConfigProvider placeholder this extension cannot resolve) skips the check with one WARN: Connect's own validation goes on. No setting value other
 * than bootstrap servers ever reaches a message or a log.
 */
final class TargetClusterGuard {

    private static final Logger log = LoggerFactory.getLogger(TargetClusterGuard.class);

    static final String MIRROR_CLASS = ConnectorCatalog.MIRROR_CLASS;
    static final String CHECKPOINT_CLASS = ConnectorCatalog.CHECKPOINT_CLASS;
    static final String TARGET_BOOTSTRAP = "target.cluster.bootstrap.servers";
    static final String PRODUCER_OVERRIDE_PREFIX = "producer.override.";
    static final String PRODUCER_OVERRIDE_BOOTSTRAP = PRODUCER_OVERRIDE_PREFIX + "bootstrap.servers";
    private static final String PLACEHOLDER = "${";

    /** The outcome of a check. */
    sealed interface Verdict permits Same, Mismatch, Skipped, NotChecked {
    }

    /** The target is the cluster Connect writes to. */
    record Same(String clusterId) implements Verdict {
    }

    /** The target is another cluster; {@code message} names both ids and bootstrap lists and what to do. */
    record Mismatch(String message) implements Verdict {
    }

    /** The check could not be made; {@code reason} says why (already logged). */
    record Skipped(String reason) implements Verdict {
    }

    /** Not a connector whose records Connect writes, or no target named (Connect's validation reports that). */
    record NotChecked() implements Verdict {
    }

    private final Supplier<String> workerClusterId;
    private final Map<String, Object> workerClientSettings;
    private final UnaryOperator<Map<String, String>> placeholders;
    private final ClusterIdLookup lookup;

    /**
     * @param workerClusterId      the id of the worker's Kafka cluster, as Connect reports it
     * @param workerClientSettings the worker's connection and security settings (for a producer override's cluster)
     * @param placeholders         resolves the ConfigProvider placeholders it can in connector settings
     * @param lookup               finds the cluster id of a set of client settings
     */
    TargetClusterGuard(Supplier<String> workerClusterId, Map<String, Object> workerClientSettings,
                       UnaryOperator<Map<String, String>> placeholders, ClusterIdLookup lookup) {
        this.workerClusterId = workerClusterId;
        this.workerClientSettings = Map.copyOf(workerClientSettings);
        this.placeholders = placeholders;
        this.lookup = lookup;
    }

    /** Whether a connector class (full name or Connect's simple-name alias) is one whose records Connect writes. */
    static boolean isGuarded(String connectorClass) {
        if (connectorClass == null) {
            return false;
        }
        String name = connectorClass.trim();
        return isClass(name, MIRROR_CLASS) || isClass(name, CHECKPOINT_CLASS);
    }

    private static boolean isClass(String configured, String className) {
        return configured.equals(className) || configured.equals(className.substring(className.lastIndexOf('.') + 1));
    }

    /**
     * @param connector the connector's name, for messages and logs
     * @param config    the connector configuration as submitted (values unresolved)
     */
    Verdict check(String connector, Map<String, String> submitted) {
        if (!isGuarded(submitted.get("connector.class"))) {
            return new NotChecked();
        }
        Map<String, String> config;
        try {
            config = placeholders.apply(submitted);
        } catch (RuntimeException e) {
            return skip(connector, "a ConfigProvider placeholder could not be resolved: " + failure(e, Map.copyOf(submitted)));
        }
        String targetBootstrap = config.get(TARGET_BOOTSTRAP);
        if (targetBootstrap == null || targetBootstrap.isBlank()) {
            return new NotChecked();
        }
        Map<String, Object> targetSettings = new HashMap<>(
            new ClusterClientSettings("target").forClient(config, ClusterClientSettings.Client.ADMIN));
        String overrideBootstrap = config.get(PRODUCER_OVERRIDE_BOOTSTRAP);
        boolean overridden = overrideBootstrap != null && !overrideBootstrap.isBlank();

        String adminPrefix = "target." + ClusterClientSettings.Client.ADMIN.prefixWord() + ".";
        Set<String> unresolved = new TreeSet<>();
        placeholderKeys(targetSettings).forEach(key -> unresolved.add(
            config.containsKey(adminPrefix + key) ? adminPrefix + key : "target.cluster." + key));
        Map<String, Object> writerSettings = overridden ? overrideSettings(config) : Map.of();
        placeholderKeys(writerSettings).forEach(key -> unresolved.add(
            config.containsKey(PRODUCER_OVERRIDE_PREFIX + key) ? PRODUCER_OVERRIDE_PREFIX + key : "the worker's " + key));
        if (!unresolved.isEmpty()) {
            return skip(connector, "settings " + unresolved + " use a ConfigProvider placeholder that the monitoring "
                + "extension cannot resolve");
        }

        String writerId;
        String writerDescription;
        if (overridden) {
            writerDescription = PRODUCER_OVERRIDE_BOOTSTRAP + " [" + overrideBootstrap.trim() + "]";
            try {
                writerId = lookup.clusterId(writerSettings);
            } catch (Exception e) {
                return skip(connector, "the cluster of " + writerDescription + " could not be described: "
                    + failure(e, writerSettings));
            }
        } else {
            writerDescription = "the worker's bootstrap.servers [" + bootstrapText(workerClientSettings.get("bootstrap.servers")) + "]";
            try {
                writerId = workerClusterId.get();
            } catch (RuntimeException e) {
                writerId = null;
            }
            if (writerId == null || writerId.isBlank()) {
                return skip(connector, "the worker does not know its Kafka cluster id yet");
            }
        }
        String targetId;
        try {
            targetId = lookup.clusterId(targetSettings);
        } catch (Exception e) {
            return skip(connector, "the cluster of " + TARGET_BOOTSTRAP + " [" + targetBootstrap.trim() + "] could not be described: "
                + failure(e, targetSettings));
        }
        if (writerId.equals(targetId)) {
            return new Same(targetId);
        }
        String fix = overridden
            ? "Point " + TARGET_BOOTSTRAP + " and " + PRODUCER_OVERRIDE_BOOTSTRAP + " at the same cluster"
            : "Point " + TARGET_BOOTSTRAP + " (and the target.cluster.* settings) at the worker's Kafka cluster, or run this "
                + "connector on a Connect cluster whose workers are backed by the target cluster";
        return new Mismatch(TARGET_BOOTSTRAP + " [" + targetBootstrap.trim() + "] is Kafka cluster '" + targetId
            + "', but Connect writes the records of connector '" + connector + "' to Kafka cluster '" + writerId + "' ("
            + writerDescription + "): the copies would land on '" + writerId + "' while remote topics, offset syncs and "
            + "progress are created on '" + targetId + "'. " + fix + ".");
    }

    /** The producer override's cluster: the worker's connection settings under the connector's producer.override.* ones. */
    private Map<String, Object> overrideSettings(Map<String, String> config) {
        Map<String, Object> settings = new HashMap<>(workerClientSettings);
        Set<String> adminKeys = AdminClientConfig.configNames();
        config.forEach((key, value) -> {
            if (key.startsWith(PRODUCER_OVERRIDE_PREFIX) && value != null) {
                String clientKey = key.substring(PRODUCER_OVERRIDE_PREFIX.length());
                if (adminKeys.contains(clientKey) && !clientKey.equals(AdminClientConfig.CLIENT_ID_CONFIG)) {
                    settings.put(clientKey, value);
                }
            }
        });
        return settings;
    }

    /** Client keys whose value holds a ConfigProvider placeholder, which only Connect can resolve. */
    private static Set<String> placeholderKeys(Map<String, Object> settings) {
        Set<String> keys = new TreeSet<>();
        settings.forEach((key, value) -> {
            if (value instanceof String text && text.contains(PLACEHOLDER)) {
                keys.add(key);
            }
        });
        return keys;
    }

    private static String bootstrapText(Object bootstrap) {
        if (bootstrap instanceof Iterable<?> list) {
            return StreamSupport.stream(list.spliterator(), false).map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(bootstrap).trim();
    }

    /**
     * The exception's type and message, with every setting value blanked out of the message (client errors may quote
     * the value they could not use, and a value may be a credential).
     */
    static String failure(Throwable e, Map<String, Object> settings) {
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        for (Object value : settings.values()) {
            String text = value == null ? "" : value.toString();
            if (text.length() >= 4) {
                message = message.replace(text, "[hidden]");
            }
        }
        String type = cause.getClass().getSimpleName();
        return message.isBlank() ? type : type + ": " + message;
    }

    private static Skipped skip(String connector, String reason) {
        log.warn("Ferry connector '{}': the check that its target cluster is the cluster Connect writes its records to "
            + "was skipped, because {}; Connect's own validation goes on", connector, reason);
        return new Skipped(reason);
    }
}
