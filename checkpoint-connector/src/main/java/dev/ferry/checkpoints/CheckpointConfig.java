package dev.ferry.checkpoints;

import dev.ferry.common.ClusterClientSettings;
import dev.ferry.common.OffsetSyncsTopics;
import dev.ferry.common.ClusterClientSettings.Client;
import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.ReplicationPolicy;
import dev.ferry.common.config.ConfigValidators;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.Map;
import java.util.Set;

/**
 * Settings of {@link CheckpointConnector} and its tasks: declared once here, with documentation,
 * validators and typed getters, and the client settings derived from them.
 *
 * <p>The cluster, offset-syncs and replication-policy keys have the same names and defaults as the
 * mirror connector's, so one block of settings can be shared by both connectors of a flow; they must
 * agree, or the checkpoint connector reads the wrong syncs topic or looks for the wrong remote topics.
 */
public class CheckpointConfig extends AbstractConfig {

    static final String GROUP_CLUSTERS = "Clusters";
    static final String GROUP_GROUPS = "Consumer groups";
    static final String GROUP_CHECKPOINTS = "Checkpoints";
    static final String GROUP_OFFSET_SYNCS = "Offset syncs";
    static final String GROUP_VERIFICATION = "Verification";

    public static final String SOURCE_ALIAS = "source.cluster.alias";
    static final String SOURCE_ALIAS_DOC = "Name of the source cluster, whose consumer groups are checkpointed. Must be "
        + "the mirror connector's source.cluster.alias: remote topic names and the default topic names derive from it.";

    public static final String TARGET_ALIAS = "target.cluster.alias";
    static final String TARGET_ALIAS_DOC = "Name of the target cluster: the Kafka cluster of the Connect workers, where "
        + "checkpoints are written. Must differ from source.cluster.alias.";

    public static final String SOURCE_BOOTSTRAP = "source.cluster.bootstrap.servers";
    static final String SOURCE_BOOTSTRAP_DOC = "Bootstrap servers of the source cluster, where consumer groups and their "
        + "committed offsets are read. Other settings shared by every client of the source cluster go under the same "
        + "prefix (source.cluster.security.protocol, source.cluster.ssl.*, source.cluster.sasl.*); settings of one client "
        + "under source.admin.* or source.consumer.*.";

    public static final String TARGET_BOOTSTRAP = "target.cluster.bootstrap.servers";
    static final String TARGET_BOOTSTRAP_DOC = "Bootstrap servers of the target cluster, where the offset syncs are read, "
        + "remote topics are looked up and the checkpoints topic is created (checkpoints themselves go through the worker's "
        + "producer, so this must be the workers' Kafka cluster). Other shared settings under target.cluster.*, per-client "
        + "ones under target.admin.* and target.consumer.*.";

    public static final String GROUPS = "groups";
    static final String GROUPS_DEFAULT = ".*";
    static final String GROUPS_DOC = "Regular expressions of the source consumer groups to checkpoint (a group is "
        + "checkpointed when its whole id matches one of them and none of groups.exclude).";

    public static final String GROUPS_EXCLUDE = "groups.exclude";
    static final String GROUPS_EXCLUDE_DEFAULT = "connect-.*,ferry-.*";
    static final String GROUPS_EXCLUDE_DOC = "Regular expressions of consumer groups never checkpointed. The default leaves "
        + "out Kafka Connect's sink connector groups (connect-*) and Ferry's own clients (ferry-*); keep them when you set "
        + "this key.";

    public static final String REFRESH_GROUPS_INTERVAL_MS = "refresh.groups.interval.ms";
    static final long REFRESH_GROUPS_INTERVAL_MS_DEFAULT = 10_000L;
    static final String REFRESH_GROUPS_INTERVAL_MS_DOC = "How often the source cluster is asked for its consumer groups. A "
        + "new matching group is checkpointed, and a deleted one dropped, within this interval (plus one emit interval). "
        + "Tasks look up which remote topics exist on the target at the same pace.";

    public static final String EMIT_INTERVAL_MS = "emit.checkpoints.interval.ms";
    static final long EMIT_INTERVAL_MS_DEFAULT = 5_000L;
    static final String EMIT_INTERVAL_MS_DOC = "How often each task reads the committed offsets of its groups on the source "
        + "and writes the checkpoints that changed.";

    public static final String EMIT_UNCHANGED_INTERVAL_MS = "emit.checkpoints.unchanged.interval.ms";
    static final long EMIT_UNCHANGED_INTERVAL_MS_DEFAULT = 60_000L;
    static final String EMIT_UNCHANGED_INTERVAL_MS_DOC = "A checkpoint that has not changed is written again at this "
        + "interval, so a checkpoint's age tells how recently its translation was confirmed (failover tooling refuses "
        + "checkpoints that are too old) without rewriting every checkpoint every emit interval.";

    public static final String CHECKPOINTS_TOPIC = "checkpoints.topic";
    static final String CHECKPOINTS_TOPIC_DOC = "Topic on the target cluster receiving the checkpoints, keyed by consumer "
        + "group and source partition. Defaults to ferry-checkpoints.<source alias>.internal. Created by the connector when "
        + "missing, compacted (only the latest checkpoint of each key matters).";

    public static final String CHECKPOINTS_REPLICATION_FACTOR = "checkpoints.topic.replication.factor";
    static final int CHECKPOINTS_REPLICATION_FACTOR_DEFAULT = -1;
    static final String CHECKPOINTS_REPLICATION_FACTOR_DOC = "Replication factor of the checkpoints topic when the "
        + "connector creates it; -1 uses the target broker's default.replication.factor.";

    public static final String SYNC_GROUP_OFFSETS_ENABLED = "sync.group.offsets.enabled";
    static final String SYNC_GROUP_OFFSETS_ENABLED_DOC = "Whether each checkpointed group's exactly translated offsets are "
        + "also committed to the same group id on the target cluster (for the remote topics), so its consumers can start "
        + "there without running the failover tool. A group is only changed while it has no active members on the target "
        + "(state EMPTY, DEAD or unknown), a target offset already at or past the translation is never overwritten, and "
        + "conservative translations never move a target group. Uses the target admin settings (target.cluster.*, "
        + "target.admin.*), which need DESCRIBE and READ on the groups.";

    public static final String SYNC_GROUP_OFFSETS_INTERVAL_MS = "sync.group.offsets.interval.ms";
    static final long SYNC_GROUP_OFFSETS_INTERVAL_MS_DEFAULT = 10_000L;
    static final String SYNC_GROUP_OFFSETS_INTERVAL_MS_DOC = "How often, when sync.group.offsets.enabled is true, each task "
        + "commits its groups' latest exact translations on the target (after a checkpoint round, so never more often than "
        + "emit.checkpoints.interval.ms).";

    public static final String OFFSET_SYNCS_LOCATION = "offset-syncs.topic.location";
    static final String OFFSET_SYNCS_LOCATION_DOC = "Cluster holding the offset-syncs topic, as set on the mirror connector: "
        + "target (the default) or source.";

    public static final String OFFSET_SYNCS_TOPIC = "offset-syncs.topic";
    static final String OFFSET_SYNCS_TOPIC_DOC = "Name of the offset-syncs topic the mirror connector writes. Defaults, like "
        + "the mirror's, to ferry-offset-syncs.<source alias>.internal (on the target) or "
        + "ferry-source-offset-syncs.<source alias>-to-<target alias>.internal (on the source). An explicit name of either "
        + "form must be this flow's own default (such names are reserved for the mirrors they name).";

    public static final String OFFSET_SYNCS_MAX_RUNS = "offset-syncs.max.runs.per.partition";
    static final int OFFSET_SYNCS_MAX_RUNS_DEFAULT = 1000;
    static final String OFFSET_SYNCS_MAX_RUNS_DOC = "Memory bound of each task's offset-sync store: runs of copies kept per "
        + "source partition (about 160 bytes each; a run ends at each mirror task restart and each gap in the source log). "
        + "Offsets older than the oldest kept run are translated conservatively (HISTORY_GONE: re-read, never skip).";

    public static final String REPLICATION_POLICY_CLASS = "replication.policy.class";
    static final String REPLICATION_POLICY_CLASS_DOC = "How remote topics are named; must be the mirror connector's policy. "
        + "Only committed offsets of source topics whose remote topic exists on the target are checkpointed.";

    public static final String REPLICATION_POLICY_SEPARATOR = ReplicationPolicy.SEPARATOR_CONFIG;
    static final String REPLICATION_POLICY_SEPARATOR_DOC = "Separator between the source alias and the topic name in "
        + "remote topic names; must be the mirror connector's.";

    public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";
    static final long STARTUP_TIMEOUT_MS_DEFAULT = 20_000L;
    static final String STARTUP_TIMEOUT_MS_DOC = "How long the connector retries reaching both clusters when it starts. When "
        + "a cluster cannot be reached in that time the connector fails with an error naming it (restart it once the "
        + "cluster is back).";

    public static final String VERIFICATION_ENABLED = "verification.enabled";
    static final String VERIFICATION_ENABLED_DOC = "Whether the connector continuously verifies the mirror: its first task "
        + "picks replicated records of the mirrored topics at random, finds their copies on the target through the offset "
        + "syncs (as checkpoints are translated), and compares key, value, headers (except the ferry.origin provenance header "
        + "the mirror may add) and timestamp. Samples and mismatches per topic are published to verification.topic, served by the "
        + "monitoring extension (a mismatch makes the topic ERR) and counted in the task's metrics; each mismatch is logged "
        + "at ERROR with its source and target topic, partition and offset, never record contents. Needs READ on the mirrored "
        + "topics on the source (source.consumer.*) and on the remote topics on the target (target.consumer.*).";

    public static final String VERIFICATION_SAMPLES_PER_MINUTE = "verification.samples.per.minute";
    static final int VERIFICATION_SAMPLES_PER_MINUTE_DEFAULT = 60;
    static final String VERIFICATION_SAMPLES_PER_MINUTE_DOC = "Records verified per minute over all mirrored partitions "
        + "(taken in turn). Each sample costs one fetch from each cluster.";

    public static final String VERIFICATION_TOPIC = "verification.topic";
    static final String VERIFICATION_TOPIC_DOC = "Compacted topic on the target cluster receiving the verification results, "
        + "one record per connector and source topic, rewritten every emit.checkpoints.interval.ms. Defaults to "
        + "ferry-verification.<source alias>.internal. Created by the connector when missing (with "
        + "checkpoints.topic.replication.factor).";

    /** Connector settings that are not client settings although they sit under a client prefix. */
    static final Set<String> NON_CLIENT_PREFIXED_KEYS = Set.of(SOURCE_ALIAS, TARGET_ALIAS);

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(SOURCE_ALIAS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, SOURCE_ALIAS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Source cluster alias")
            .define(TARGET_ALIAS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, TARGET_ALIAS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Target cluster alias")
            .define(SOURCE_BOOTSTRAP, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                Importance.HIGH, SOURCE_BOOTSTRAP_DOC, GROUP_CLUSTERS, ++order, Width.LONG, "Source bootstrap servers")
            .define(TARGET_BOOTSTRAP, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                Importance.HIGH, TARGET_BOOTSTRAP_DOC, GROUP_CLUSTERS, ++order, Width.LONG, "Target bootstrap servers")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, STARTUP_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1_000L),
                Importance.LOW, STARTUP_TIMEOUT_MS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Startup timeout");
        ClusterClientSettings.defineCredentials(def, GROUP_CLUSTERS);

        order = 0;
        def.define(GROUPS, Type.LIST, GROUPS_DEFAULT, ConfigValidators.RegexListValidator.INSTANCE,
                Importance.HIGH, GROUPS_DOC, GROUP_GROUPS, ++order, Width.LONG, "Groups")
            .define(GROUPS_EXCLUDE, Type.LIST, GROUPS_EXCLUDE_DEFAULT, ConfigValidators.RegexListValidator.INSTANCE,
                Importance.MEDIUM, GROUPS_EXCLUDE_DOC, GROUP_GROUPS, ++order, Width.LONG, "Excluded groups")
            .define(REFRESH_GROUPS_INTERVAL_MS, Type.LONG, REFRESH_GROUPS_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(100L),
                Importance.LOW, REFRESH_GROUPS_INTERVAL_MS_DOC, GROUP_GROUPS, ++order, Width.SHORT, "Group refresh interval");

        order = 0;
        def.define(EMIT_INTERVAL_MS, Type.LONG, EMIT_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(100L),
                Importance.MEDIUM, EMIT_INTERVAL_MS_DOC, GROUP_CHECKPOINTS, ++order, Width.SHORT, "Emit interval")
            .define(EMIT_UNCHANGED_INTERVAL_MS, Type.LONG, EMIT_UNCHANGED_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(100L),
                Importance.LOW, EMIT_UNCHANGED_INTERVAL_MS_DOC, GROUP_CHECKPOINTS, ++order, Width.SHORT, "Unchanged re-emit interval")
            .define(CHECKPOINTS_TOPIC, Type.STRING, null,
                Importance.LOW, CHECKPOINTS_TOPIC_DOC, GROUP_CHECKPOINTS, ++order, Width.MEDIUM, "Checkpoints topic")
            .define(CHECKPOINTS_REPLICATION_FACTOR, Type.INT, CHECKPOINTS_REPLICATION_FACTOR_DEFAULT,
                ConfigValidators.ReplicationFactorValidator.INSTANCE, Importance.LOW, CHECKPOINTS_REPLICATION_FACTOR_DOC, GROUP_CHECKPOINTS,
                ++order, Width.SHORT, "Checkpoints topic replication")
            .define(SYNC_GROUP_OFFSETS_ENABLED, Type.BOOLEAN, false,
                Importance.MEDIUM, SYNC_GROUP_OFFSETS_ENABLED_DOC, GROUP_CHECKPOINTS, ++order, Width.SHORT, "Sync group offsets")
            .define(SYNC_GROUP_OFFSETS_INTERVAL_MS, Type.LONG, SYNC_GROUP_OFFSETS_INTERVAL_MS_DEFAULT,
                ConfigDef.Range.atLeast(100L), Importance.LOW, SYNC_GROUP_OFFSETS_INTERVAL_MS_DOC, GROUP_CHECKPOINTS, ++order,
                Width.SHORT, "Group sync interval");

        order = 0;
        def.define(OFFSET_SYNCS_LOCATION, Type.STRING, "target", ConfigDef.CaseInsensitiveValidString.in("target", "source"),
                Importance.LOW, OFFSET_SYNCS_LOCATION_DOC, GROUP_OFFSET_SYNCS, ++order, Width.SHORT, "Offset-syncs location")
            .define(OFFSET_SYNCS_TOPIC, Type.STRING, null,
                Importance.LOW, OFFSET_SYNCS_TOPIC_DOC, GROUP_OFFSET_SYNCS, ++order, Width.MEDIUM, "Offset-syncs topic")
            .define(OFFSET_SYNCS_MAX_RUNS, Type.INT, OFFSET_SYNCS_MAX_RUNS_DEFAULT, ConfigDef.Range.atLeast(1),
                Importance.LOW, OFFSET_SYNCS_MAX_RUNS_DOC, GROUP_OFFSET_SYNCS, ++order, Width.SHORT, "Runs kept per partition")
            .define(REPLICATION_POLICY_CLASS, Type.CLASS, PrefixReplicationPolicy.class, ConfigValidators.ReplicationPolicyValidator.INSTANCE,
                Importance.LOW, REPLICATION_POLICY_CLASS_DOC, GROUP_OFFSET_SYNCS, ++order, Width.LONG, "Replication policy")
            .define(REPLICATION_POLICY_SEPARATOR, Type.STRING, ReplicationPolicy.SEPARATOR_DEFAULT,
                new ConfigDef.NonEmptyString(), Importance.LOW, REPLICATION_POLICY_SEPARATOR_DOC, GROUP_OFFSET_SYNCS, ++order,
                Width.SHORT, "Policy separator");

        order = 0;
        def.define(VERIFICATION_ENABLED, Type.BOOLEAN, true,
                Importance.MEDIUM, VERIFICATION_ENABLED_DOC, GROUP_VERIFICATION, ++order, Width.SHORT, "Verification")
            .define(VERIFICATION_SAMPLES_PER_MINUTE, Type.INT, VERIFICATION_SAMPLES_PER_MINUTE_DEFAULT,
                ConfigDef.Range.between(1, 60_000), Importance.LOW, VERIFICATION_SAMPLES_PER_MINUTE_DOC, GROUP_VERIFICATION, ++order,
                Width.SHORT, "Samples per minute")
            .define(VERIFICATION_TOPIC, Type.STRING, null,
                Importance.LOW, VERIFICATION_TOPIC_DOC, GROUP_VERIFICATION, ++order, Width.MEDIUM, "Verification topic");
        return def;
    }

    private final ClusterClientSettings source = new ClusterClientSettings("source");
    private final ClusterClientSettings target = new ClusterClientSettings("target");

    public CheckpointConfig(Map<String, String> props) {
        this(CONFIG_DEF, props);
    }

    CheckpointConfig(ConfigDef def, Map<String, String> props) {
        super(def, props, false);
    }

    public String sourceAlias() {
        return getString(SOURCE_ALIAS);
    }

    public String targetAlias() {
        return getString(TARGET_ALIAS);
    }

    /** A new, configured instance of the replication policy. */
    public ReplicationPolicy replicationPolicy() {
        return getConfiguredInstance(REPLICATION_POLICY_CLASS, ReplicationPolicy.class,
            Map.of(ReplicationPolicy.SEPARATOR_CONFIG, getString(REPLICATION_POLICY_SEPARATOR)));
    }

    public GroupFilter groupFilter() {
        return new GroupFilter(ConfigValidators.RegexListValidator.compile(getList(GROUPS)),
            ConfigValidators.RegexListValidator.compile(getList(GROUPS_EXCLUDE)));
    }

    public long refreshGroupsIntervalMs() {
        return getLong(REFRESH_GROUPS_INTERVAL_MS);
    }

    public long emitIntervalMs() {
        return getLong(EMIT_INTERVAL_MS);
    }

    public long emitUnchangedIntervalMs() {
        return getLong(EMIT_UNCHANGED_INTERVAL_MS);
    }

    public long startupTimeoutMs() {
        return getLong(STARTUP_TIMEOUT_MS);
    }

    public String checkpointsTopic() {
        String topic = getString(CHECKPOINTS_TOPIC);
        return topic == null || topic.isBlank() ? "ferry-checkpoints." + sourceAlias() + ".internal" : topic;
    }

    public boolean syncGroupOffsetsEnabled() {
        return getBoolean(SYNC_GROUP_OFFSETS_ENABLED);
    }

    public long syncGroupOffsetsIntervalMs() {
        return getLong(SYNC_GROUP_OFFSETS_INTERVAL_MS);
    }

    public int checkpointsReplicationFactor() {
        return getInt(CHECKPOINTS_REPLICATION_FACTOR);
    }

    public boolean verificationEnabled() {
        return getBoolean(VERIFICATION_ENABLED);
    }

    public int verificationSamplesPerMinute() {
        return getInt(VERIFICATION_SAMPLES_PER_MINUTE);
    }

    public String verificationTopic() {
        String topic = getString(VERIFICATION_TOPIC);
        return topic == null || topic.isBlank() ? "ferry-verification." + sourceAlias() + ".internal" : topic;
    }

    /** Whether the offset-syncs topic lives on the source cluster rather than the target. */
    public boolean offsetSyncsOnSource() {
        return "source".equalsIgnoreCase(getString(OFFSET_SYNCS_LOCATION));
    }

    /** The offset-syncs topic, named as the mirror connector names it. */
    public String offsetSyncsTopic() {
        String topic = getString(OFFSET_SYNCS_TOPIC);
        if (topic != null && !topic.isBlank()) {
            return topic;
        }
        return OffsetSyncsTopics.defaultName(offsetSyncsOnSource(), sourceAlias(), targetAlias());
    }

    /** "source" or "target": the cluster holding the offset-syncs topic, for messages. */
    public String offsetSyncsCluster() {
        return offsetSyncsOnSource() ? "source cluster '" + sourceAlias() + "'" : "target cluster '" + targetAlias() + "'";
    }

    public int offsetSyncsMaxRunsPerPartition() {
        return getInt(OFFSET_SYNCS_MAX_RUNS);
    }

    /** Settings for the source admin client (consumer groups and their committed offsets). */
    public Map<String, Object> sourceAdminConfig(String clientId) {
        Map<String, Object> config = clusterClientConfig(source, SOURCE_BOOTSTRAP, Client.ADMIN);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** Settings for the target admin client (remote topics, the checkpoints topic). */
    public Map<String, Object> targetAdminConfig(String clientId) {
        Map<String, Object> config = clusterClientConfig(target, TARGET_BOOTSTRAP, Client.ADMIN);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** Settings for the consumer that reads the offset-syncs topic, on whichever cluster holds it. */
    public Map<String, Object> offsetSyncsConsumerConfig(String clientId) {
        return offsetSyncsOnSource()
            ? readerConfig(source, SOURCE_BOOTSTRAP, clientId)
            : readerConfig(target, TARGET_BOOTSTRAP, clientId);
    }

    /** Settings for the consumer that reads back earlier checkpoints from the target. */
    public Map<String, Object> checkpointsConsumerConfig(String clientId) {
        return readerConfig(target, TARGET_BOOTSTRAP, clientId);
    }

    /**
     * A consumer that fetches single sampled records of mirrored topics on the source, for verification: it reads
     * what the mirror reads (committed records), and one record per fetch.
     */
    public Map<String, Object> sourceSampleConsumerConfig(String clientId) {
        Map<String, Object> config = sampleConfig(readerConfig(source, SOURCE_BOOTSTRAP, clientId));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /**
     * A consumer that fetches the copies of sampled records on the target, for verification. It reads uncommitted
     * records too: the copy at the offset the syncs name is what the log holds there, whatever its transaction.
     */
    public Map<String, Object> targetSampleConsumerConfig(String clientId) {
        Map<String, Object> config = sampleConfig(readerConfig(target, TARGET_BOOTSTRAP, clientId));
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return config;
    }

    private static Map<String, Object> sampleConfig(Map<String, Object> config) {
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        // A sampled offset outside the log must be reported as such, not silently read from another position.
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return config;
    }

    /**
     * A consumer that reads an internal topic from its beginning by assignment: no group (nothing to
     * commit, and every task reads every partition), no auto-commit, bytes in.
     */
    private Map<String, Object> readerConfig(ClusterClientSettings settings, String bootstrapKey, String clientId) {
        Map<String, Object> config = clusterClientConfig(settings, bootstrapKey, Client.CONSUMER);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Looking up a missing internal topic must never create it: it belongs to the mirror (or the connector).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return config;
    }

    private Map<String, Object> clusterClientConfig(ClusterClientSettings settings, String bootstrapKey, Client client) {
        return settings.forClient(this, getList(bootstrapKey), client);
    }

    /** Problems of prefixed keys no client would use, keyed by connector key. */
    static Map<String, String> ignoredClientKeys(Map<String, String> props) {
        return ClusterClientSettings.ignoredKeys(props, NON_CLIENT_PREFIXED_KEYS);
    }
}
