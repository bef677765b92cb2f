package dev.ferry.monitoring;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settings of the monitoring REST extension, read from the Connect worker's own configuration (the worker
 * passes its whole configuration to REST extensions). Besides these keys the extension takes the worker's
 * Kafka client settings ({@link #workerClientSettings()}), because the worker's cluster is the target
 * cluster where the progress and checkpoints topics live: it never needs source-cluster credentials.
 */
public final class MonitoringConfig extends AbstractConfig {

    private static final String GROUP = "Ferry monitoring";

    public static final String PROGRESS_TOPIC = "ferry.monitoring.progress.topic";
    public static final String PROGRESS_TOPIC_DOC = "Compacted topic on the worker's Kafka cluster where Ferry mirror tasks "
        + "publish per-partition progress. A mirror connector that sets its own progress.topic is read from that topic instead.";
    public static final String PROGRESS_TOPIC_DEFAULT = "ferry-progress.internal";

    public static final String REPORT_INTERVAL_MS = "ferry.monitoring.report.interval.ms";
    public static final String REPORT_INTERVAL_MS_DOC = "How often mirror tasks publish progress, for mirror connectors that do not "
        + "set progress.interval.ms themselves. A partition whose last report "
        + "is older than three intervals is reported stale (STALLED when its source was advancing, ERR when records were "
        + "waiting, OK when it was idle).";
    public static final long REPORT_INTERVAL_MS_DEFAULT = 5_000L;

    public static final String HEALTH_WINDOW = "ferry.monitoring.health.window.reports";
    public static final String HEALTH_WINDOW_DOC = "Number of most recent progress reports of a partition that the health "
        + "rule looks at (the sliding window, as in Burrow's evaluator).";
    public static final int HEALTH_WINDOW_DEFAULT = 10;

    public static final String HISTORY_SAMPLES = "ferry.monitoring.history.samples";
    public static final String HISTORY_SAMPLES_DOC = "Progress reports kept in memory per partition, for rates, lag in seconds "
        + "and charts. At the default report interval, 120 reports cover 10 minutes; memory is about 200 bytes per report.";
    public static final int HISTORY_SAMPLES_DEFAULT = 120;

    public static final String TARGET_OFFSETS_CACHE_MS = "ferry.monitoring.target.offsets.cache.ms";
    public static final String TARGET_OFFSETS_CACHE_MS_DOC = "How long the committed offsets of consumer groups and the log end "
        + "offsets on the target cluster, looked up for /ferry/v1/groups, are reused before being looked up again.";
    public static final long TARGET_OFFSETS_CACHE_MS_DEFAULT = 5_000L;

    public static final String CHECKPOINT_MAX_AGE_MS = "ferry.monitoring.checkpoint.max.age.ms";
    public static final String CHECKPOINT_MAX_AGE_MS_DOC = "A consumer group whose oldest checkpoint is older than this is "
        + "reported STALE rather than READY (the same default as ferry-failover's --max-checkpoint-age-ms).";
    public static final long CHECKPOINT_MAX_AGE_MS_DEFAULT = 300_000L;

    public static final String HEARTBEATS_TOPICS = "ferry.monitoring.heartbeats.topics";
    public static final String HEARTBEATS_TOPICS_DOC = "Source topics written by Ferry's heartbeat connector (its heartbeats.topic). "
        + "Mirrored partitions of these topics are shown at /ferry/v1/heartbeats as each cluster pair's end-to-end latency "
        + "and liveness.";
    public static final List<String> HEARTBEATS_TOPICS_DEFAULT = List.of("ferry-heartbeats");

    public static final String TARGET_CLUSTER_CHECK_ENABLED = "ferry.monitoring.target.cluster.check.enabled";
    public static final String TARGET_CLUSTER_CHECK_ENABLED_DOC = "Whether the extension refuses Ferry mirror and checkpoint "
        + "connectors whose target.cluster.bootstrap.servers is not the Kafka cluster Connect writes their records to (the "
        + "worker's cluster, or producer.override.bootstrap.servers): an error on that key in PUT "
        + "/connector-plugins/{plugin}/config/validate, and 400 on POST /connectors and PUT or PATCH /connectors/{name}/config. "
        + "The cluster ids are compared with describeCluster, after placeholders of the worker's config providers are "
        + "resolved; when a cluster cannot be described within a few seconds (unreachable, or credentials behind a "
        + "placeholder of a provider the extension cannot load) the check is skipped with a WARN.";
    public static final boolean TARGET_CLUSTER_CHECK_ENABLED_DEFAULT = true;

    /** Worker client keys passed on to the extension's own consumer and admin client. */
    private static final Set<String> CLIENT_KEYS = Set.of("bootstrap.servers", "security.protocol", "client.dns.lookup",
        "security.providers");
    private static final Set<String> CLIENT_PREFIXES = Set.of("sasl.", "ssl.");

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
        .define(PROGRESS_TOPIC, ConfigDef.Type.STRING, PROGRESS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(),
            ConfigDef.Importance.MEDIUM, PROGRESS_TOPIC_DOC, GROUP, 1, ConfigDef.Width.LONG, PROGRESS_TOPIC)
        .define(REPORT_INTERVAL_MS, ConfigDef.Type.LONG, REPORT_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(100),
            ConfigDef.Importance.MEDIUM, REPORT_INTERVAL_MS_DOC, GROUP, 2, ConfigDef.Width.SHORT, REPORT_INTERVAL_MS)
        .define(HEALTH_WINDOW, ConfigDef.Type.INT, HEALTH_WINDOW_DEFAULT, ConfigDef.Range.between(3, 1000),
            ConfigDef.Importance.LOW, HEALTH_WINDOW_DOC, GROUP, 3, ConfigDef.Width.SHORT, HEALTH_WINDOW)
        .define(HISTORY_SAMPLES, ConfigDef.Type.INT, HISTORY_SAMPLES_DEFAULT, ConfigDef.Range.between(10, 10_000),
            ConfigDef.Importance.LOW, HISTORY_SAMPLES_DOC, GROUP, 4, ConfigDef.Width.SHORT, HISTORY_SAMPLES)
        .define(TARGET_OFFSETS_CACHE_MS, ConfigDef.Type.LONG, TARGET_OFFSETS_CACHE_MS_DEFAULT, ConfigDef.Range.atLeast(0),
            ConfigDef.Importance.LOW, TARGET_OFFSETS_CACHE_MS_DOC, GROUP, 5, ConfigDef.Width.SHORT, TARGET_OFFSETS_CACHE_MS)
        .define(CHECKPOINT_MAX_AGE_MS, ConfigDef.Type.LONG, CHECKPOINT_MAX_AGE_MS_DEFAULT, ConfigDef.Range.atLeast(1),
            ConfigDef.Importance.LOW, CHECKPOINT_MAX_AGE_MS_DOC, GROUP, 6, ConfigDef.Width.SHORT, CHECKPOINT_MAX_AGE_MS)
        .define(HEARTBEATS_TOPICS, ConfigDef.Type.LIST, HEARTBEATS_TOPICS_DEFAULT, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
            ConfigDef.Importance.LOW, HEARTBEATS_TOPICS_DOC, GROUP, 7, ConfigDef.Width.MEDIUM, HEARTBEATS_TOPICS)
        .define(TARGET_CLUSTER_CHECK_ENABLED, ConfigDef.Type.BOOLEAN, TARGET_CLUSTER_CHECK_ENABLED_DEFAULT,
            ConfigDef.Importance.MEDIUM, TARGET_CLUSTER_CHECK_ENABLED_DOC, GROUP, 8, ConfigDef.Width.SHORT, TARGET_CLUSTER_CHECK_ENABLED);

    private final Map<String, Object> clientSettings;

    /**
     * @param workerConfig the worker's configuration, as Connect passes it to REST extensions
     * @throws org.apache.kafka.common.config.ConfigException naming the key, if a ferry.monitoring.* value is invalid
     */
    public MonitoringConfig(Map<String, ?> workerConfig) {
        super(CONFIG_DEF, workerConfig, false);
        Map<String, Object> clients = new TreeMap<>();
        workerConfig.forEach((key, value) -> {
            if (value != null && (CLIENT_KEYS.contains(key) || CLIENT_PREFIXES.stream().anyMatch(key::startsWith))) {
                clients.put(key, value);
            }
        });
        if (!clients.containsKey("bootstrap.servers")) {
            throw new org.apache.kafka.common.config.ConfigException("bootstrap.servers", null,
                "the worker configuration has no bootstrap.servers: the Ferry monitoring extension reads the worker's Kafka cluster");
        }
        this.clientSettings = Map.copyOf(clients);
    }

    /** The worker's connection and security settings (bootstrap.servers, security.protocol, sasl.*, ssl.*). Never log them. */
    public Map<String, Object> workerClientSettings() {
        return clientSettings;
    }

    public String progressTopic() {
        return getString(PROGRESS_TOPIC);
    }

    public long reportIntervalMs() {
        return getLong(REPORT_INTERVAL_MS);
    }

    public int healthWindow() {
        return getInt(HEALTH_WINDOW);
    }

    public int historySamples() {
        return getInt(HISTORY_SAMPLES);
    }

    public long targetOffsetsCacheMs() {
        return getLong(TARGET_OFFSETS_CACHE_MS);
    }

    public long checkpointMaxAgeMs() {
        return getLong(CHECKPOINT_MAX_AGE_MS);
    }

    public List<String> heartbeatsTopics() {
        return getList(HEARTBEATS_TOPICS);
    }

    public boolean targetClusterCheckEnabled() {
        return getBoolean(TARGET_CLUSTER_CHECK_ENABLED);
    }
}
