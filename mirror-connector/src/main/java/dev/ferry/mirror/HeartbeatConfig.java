package dev.ferry.mirror;

import dev.ferry.common.ClusterClientSettings;
import dev.ferry.common.ClusterClientSettings.Client;
import dev.ferry.common.config.ConfigValidators;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link HeartbeatConnector}: declared once here, with documentation, validators and typed
 * getters. The README's configuration reference is generated from {@link #CONFIG_DEF}.
 */
public class HeartbeatConfig extends AbstractConfig {

    static final String GROUP_CLUSTER = "Source cluster";
    static final String GROUP_HEARTBEATS = "Heartbeats";

    public static final String SOURCE_ALIAS = "source.cluster.alias";
    static final String SOURCE_ALIAS_DOC = "Name of the cluster the heartbeats are written to, carried in every heartbeat. "
        + "Use the source.cluster.alias of the mirror connectors that copy this cluster.";

    public static final String SOURCE_BOOTSTRAP = "source.cluster.bootstrap.servers";
    static final String SOURCE_BOOTSTRAP_DOC = "Bootstrap servers of the cluster the heartbeats are written to (the mirror's "
        + "source cluster, not the Connect workers' own). Other connection and security settings go under the same prefix "
        + "(source.cluster.security.protocol, source.cluster.ssl.*, source.cluster.sasl.*), settings of one client under "
        + "source.producer.* or source.admin.*.";

    public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";
    static final long STARTUP_TIMEOUT_MS_DEFAULT = 20_000L;
    static final String STARTUP_TIMEOUT_MS_DOC = "How long the connector retries creating or finding the heartbeats topic when "
        + "it starts; after that it fails with an error naming the cluster.";

    public static final String EMIT_INTERVAL_MS = "emit.heartbeats.interval.ms";
    static final long EMIT_INTERVAL_MS_DEFAULT = 1_000L;
    static final String EMIT_INTERVAL_MS_DOC = "How often a heartbeat is written. The mirror's replication latency and record "
        + "age on the copied heartbeats topic then show end-to-end latency and liveness of the cluster pair at this "
        + "resolution, even without other traffic.";

    public static final String HEARTBEATS_TOPIC = "heartbeats.topic";
    static final String HEARTBEATS_TOPIC_DEFAULT = "ferry-heartbeats";
    static final String HEARTBEATS_TOPIC_DOC = "Topic on the source cluster receiving the heartbeats. Created when missing with "
        + "one partition and cleanup.policy=compact (one key per cluster alias). Its name must not match the mirror's "
        + "internal-topic exclusions (so not ending in .internal): the mirror copies it like any topic.";

    public static final String HEARTBEATS_REPLICATION_FACTOR = "heartbeats.topic.replication.factor";
    static final int HEARTBEATS_REPLICATION_FACTOR_DEFAULT = -1;
    static final String HEARTBEATS_REPLICATION_FACTOR_DOC = "Replication factor of the heartbeats topic when the connector "
        + "creates it; -1 uses the broker's default.replication.factor.";

    /** Connector settings that are not client settings although they sit under a client prefix. */
    static final Set<String> NON_CLIENT_PREFIXED_KEYS = Set.of(SOURCE_ALIAS);

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(SOURCE_ALIAS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, SOURCE_ALIAS_DOC, GROUP_CLUSTER, ++order, Width.SHORT, "Source cluster alias")
            .define(SOURCE_BOOTSTRAP, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
                Importance.HIGH, SOURCE_BOOTSTRAP_DOC, GROUP_CLUSTER, ++order, Width.LONG, "Source bootstrap servers")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, STARTUP_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1_000L),
                Importance.LOW, STARTUP_TIMEOUT_MS_DOC, GROUP_CLUSTER, ++order, Width.SHORT, "Startup timeout");
        ClusterClientSettings.defineCredentials(def, GROUP_CLUSTER);

        order = 0;
        def.define(EMIT_INTERVAL_MS, Type.LONG, EMIT_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(10L),
                Importance.MEDIUM, EMIT_INTERVAL_MS_DOC, GROUP_HEARTBEATS, ++order, Width.SHORT, "Emit interval")
            .define(HEARTBEATS_TOPIC, Type.STRING, HEARTBEATS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(),
                Importance.LOW, HEARTBEATS_TOPIC_DOC, GROUP_HEARTBEATS, ++order, Width.MEDIUM, "Heartbeats topic")
            .define(HEARTBEATS_REPLICATION_FACTOR, Type.INT, HEARTBEATS_REPLICATION_FACTOR_DEFAULT,
                ConfigValidators.ReplicationFactorValidator.INSTANCE, Importance.LOW, HEARTBEATS_REPLICATION_FACTOR_DOC,
                GROUP_HEARTBEATS, ++order, Width.SHORT, "Heartbeats topic replication");
        return def;
    }

    private final ClusterClientSettings source = new ClusterClientSettings("source");

    public HeartbeatConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    public String sourceAlias() {
        return getString(SOURCE_ALIAS);
    }

    public long emitIntervalMs() {
        return getLong(EMIT_INTERVAL_MS);
    }

    public String heartbeatsTopic() {
        return getString(HEARTBEATS_TOPIC);
    }

    public int heartbeatsReplicationFactor() {
        return getInt(HEARTBEATS_REPLICATION_FACTOR);
    }

    public long startupTimeoutMs() {
        return getLong(STARTUP_TIMEOUT_MS);
    }

    /** Settings for the source admin client that creates the heartbeats topic. */
    public Map<String, Object> sourceAdminConfig(String clientId) {
        Map<String, Object> config = source.forClient(this, getList(SOURCE_BOOTSTRAP), Client.ADMIN);
        config.putIfAbsent("client.id", clientId);
        return config;
    }

    /**
     * Settings for the task's own producer on the source cluster. Not idempotent (a duplicate heartbeat
     * is harmless, and a fresh topic's first writes then cannot stall on sequence errors); a send waits at
     * most one second for metadata, so an unreachable cluster holds up the task thread only briefly.
     */
    public Map<String, Object> sourceProducerConfig(String clientId) {
        Map<String, Object> config = source.forClient(this, getList(SOURCE_BOOTSTRAP), Client.PRODUCER);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
        return config;
    }
}
