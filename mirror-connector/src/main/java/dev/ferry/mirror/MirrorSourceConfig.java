package dev.ferry.mirror;

import dev.ferry.common.ClusterClientSettings;
import dev.ferry.common.OffsetSyncsTopics;
import dev.ferry.common.ClusterClientSettings.Client;
import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.ReplicationPolicy;
import dev.ferry.common.config.ConfigValidators;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of {@link MirrorSourceConnector}: declared once here, with documentation, validators and
 * typed getters. The README's configuration reference is generated from {@link #CONFIG_DEF}.
 */
public class MirrorSourceConfig extends AbstractConfig {

    static final String GROUP_CLUSTERS = "Clusters";
    static final String GROUP_TOPICS = "Topic selection";
    static final String GROUP_TARGET_TOPICS = "Target topics";
    static final String GROUP_READING = "Reading the source";
    static final String GROUP_OFFSET_SYNCS = "Offset syncs";
    static final String GROUP_MONITORING = "Monitoring";

    public static final String SOURCE_ALIAS = "source.cluster.alias";
    static final String SOURCE_ALIAS_DOC = "Name of the source cluster. Remote topics are named after it "
        + "(prefix policy), and loop prevention and offset translation use it. Must differ from "
        + "target.cluster.alias.";

    public static final String TARGET_ALIAS = "target.cluster.alias";
    static final String TARGET_ALIAS_DOC = "Name of the target cluster: the Kafka cluster of the Connect "
        + "workers, where records are written. Topics that came from this cluster are never sent back to it.";

    public static final String SOURCE_BOOTSTRAP = "source.cluster.bootstrap.servers";
    static final String SOURCE_BOOTSTRAP_DOC = "Bootstrap servers of the source cluster. Other connection and "
        + "security settings shared by every client of the source cluster go under the same prefix "
        + "(source.cluster.security.protocol, source.cluster.ssl.*, source.cluster.sasl.*); settings for one "
        + "client go under source.consumer.* or source.admin.*.";

    /** Ferry's default for source.consumer.max.poll.records (measured: see the README's tuning section). */
    static final int SOURCE_MAX_POLL_RECORDS_DEFAULT = 2_000;

    public static final String TARGET_BOOTSTRAP = "target.cluster.bootstrap.servers";
    static final String TARGET_BOOTSTRAP_DOC = "Bootstrap servers of the target cluster, used to create and "
        + "configure remote topics (records themselves go through the worker's producer). Other shared "
        + "settings under target.cluster.*, per-client ones under target.admin.* and target.producer.*.";

    public static final String TOPICS = "topics";
    static final String TOPICS_DEFAULT = ".*";
    static final String TOPICS_DOC = "Regular expressions of the source topics to mirror (a topic is mirrored when "
        + "its whole name matches one of them and none of the exclusions).";

    public static final String TOPICS_EXCLUDE = "topics.exclude";
    static final String TOPICS_EXCLUDE_DOC = "Regular expressions of source topics never to mirror.";

    public static final String TOPICS_EXCLUDE_INTERNAL = "topics.exclude.internal";
    static final String TOPICS_EXCLUDE_INTERNAL_DEFAULT =
        "__.*,.*[-.]internal,.*\\.replica,connect-configs,connect-offsets,connect-status,"
            + "connect-cluster-.*,_confluent.*,_schemas";
    static final String TOPICS_EXCLUDE_INTERNAL_DOC = "Regular expressions of internal topics that are never "
        + "mirrored, on top of " + TOPICS_EXCLUDE + ": Kafka's own (__consumer_offsets, __transaction_state), "
        + "Connect's default internal topics, and every topic ending in .internal or -internal (Ferry's and "
        + "MirrorMaker 2's internal topics among them; a user topic that merely starts with mm2- is mirrored). If your Connect cluster names its internal topics "
        + "differently, add them to " + TOPICS_EXCLUDE + ".";

    public static final String REFRESH_TOPICS_INTERVAL_MS = "refresh.topics.interval.ms";
    static final long REFRESH_TOPICS_INTERVAL_MS_DEFAULT = 10_000L;
    static final String REFRESH_TOPICS_INTERVAL_MS_DOC = "How often the source cluster is scanned for new, grown "
        + "or deleted topics. A new matching topic starts mirroring within this interval.";

    public static final String REPLICATION_POLICY_CLASS = "replication.policy.class";
    static final String REPLICATION_POLICY_CLASS_DOC = "How remote topics are named: "
        + PrefixReplicationPolicy.class.getName() + " (<source alias><separator><topic>, the default) or "
        + "dev.ferry.common.IdentityReplicationPolicy (same name; mirrored records then carry a provenance "
        + "header so that they are never mirrored back to their origin).";

    public static final String REPLICATION_POLICY_SEPARATOR = ReplicationPolicy.SEPARATOR_CONFIG;
    static final String REPLICATION_POLICY_SEPARATOR_DOC = "Separator between the source alias and the topic "
        + "name in remote topic names (prefix policy).";

    public static final String TARGET_REPLICATION_FACTOR = "target.topic.replication.factor";
    static final int TARGET_REPLICATION_FACTOR_DEFAULT = -1;
    static final String TARGET_REPLICATION_FACTOR_DOC = "Replication factor of the remote topics Ferry creates; "
        + "-1 uses the target broker's default.replication.factor.";

    public static final String SYNC_PARTITIONS_ENABLED = "sync.topic.partitions.enabled";
    static final String SYNC_PARTITIONS_ENABLED_DOC = "Create remote topics with the source topic's partition "
        + "count and add partitions when the source topic grows. When false, remote topics must already exist "
        + "with at least as many partitions as their source, or the connector fails with an error naming them.";

    public static final String SYNC_CONFIGS_ENABLED = "sync.topic.configs.enabled";
    static final String SYNC_CONFIGS_ENABLED_DOC = "Copy topic configuration set on source topics "
        + "(retention, cleanup policy, ...) to their remote topics, at creation and then on a schedule.";

    public static final String SYNC_CONFIGS_INTERVAL_MS = "sync.topic.configs.interval.ms";
    static final long SYNC_CONFIGS_INTERVAL_MS_DEFAULT = 60_000L;
    static final String SYNC_CONFIGS_INTERVAL_MS_DOC = "How often topic configuration is synced.";

    public static final String SYNC_CONFIGS_EXCLUDE = "sync.topic.configs.exclude";
    static final String SYNC_CONFIGS_EXCLUDE_DEFAULT = "min\\.insync\\.replicas,unclean\\.leader\\.election\\.enable,"
        + ".*\\.replication\\.throttled\\.replicas,message\\.timestamp\\..*,log\\.message\\.timestamp\\..*,"
        + "remote\\.storage\\.enable,remote\\.log\\..*,local\\.retention\\..*,confluent\\..*";
    static final String SYNC_CONFIGS_EXCLUDE_DOC = "Regular expressions of topic configuration keys never synced. "
        + "The defaults keep what depends on the target's own brokers: durability (min.insync.replicas, "
        + "unclean.leader.election.enable), throttles, tiered storage, and timestamp type (a target using "
        + "LogAppendTime would overwrite the copied timestamps).";

    public static final String SYNC_ACLS_ENABLED = "sync.topic.acls.enabled";
    static final String SYNC_ACLS_ENABLED_DOC = "Give remote topics the READ and DESCRIBE ACLs of their source topics "
        + "(literal topic bindings; ALL becomes READ and DESCRIBE; WRITE is never copied), so consumers that fail over "
        + "are allowed to read. Needs an authorizer on both clusters, DESCRIBE on the source cluster's ACLs and ALTER on "
        + "the target's. ACLs are only added, never removed.";

    public static final String SYNC_ACLS_INTERVAL_MS = "sync.topic.acls.interval.ms";
    static final long SYNC_ACLS_INTERVAL_MS_DEFAULT = 60_000L;
    static final String SYNC_ACLS_INTERVAL_MS_DOC = "How often topic ACLs are synced.";

    public static final String NEW_PARTITIONS_START = "source.partitions.new.start";
    static final String NEW_PARTITIONS_START_DEFAULT = "earliest";
    static final String NEW_PARTITIONS_START_DOC = "Where mirroring of a partition with no committed position "
        + "starts: earliest (every record still in the source log) or latest (only records produced from now on).";

    public static final String GAP_POLICY = "source.gap.policy";
    static final String GAP_POLICY_DEFAULT = GapPolicy.FAIL.name().toLowerCase(Locale.ROOT);
    static final String GAP_POLICY_DOC = "What to do when source retention (or deleteRecords) removed records "
        + "before they were copied: fail (the task fails, naming the partition and the number of records lost) "
        + "or continue (log an error with the same figures and go on from the log start).";

    public static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    static final long POLL_TIMEOUT_MS_DEFAULT = 1_000L;
    static final String POLL_TIMEOUT_MS_DOC = "Longest time one poll of the source consumer waits for records.";

    public static final String QUARANTINE_TOPIC = "errors.quarantine.topic";
    static final String QUARANTINE_TOPIC_DOC = "Topic on the target cluster that receives the metadata (source topic, "
        + "partition, offset, size, reason; never the contents) of records that could not be copied when the connector "
        + "runs with errors.tolerance=all. Defaults to ferry-quarantine.<source alias>.internal; created when needed.";

    public static final String RECORD_SIZE_CHECK = "target.record.size.check.enabled";
    static final String RECORD_SIZE_CHECK_DOC = "Compare each record's size with its remote topic's max.message.bytes "
        + "before sending it, so an oversized record fails the task with its topic, partition, offset and size (or is "
        + "quarantined under errors.tolerance=all) instead of a broker error that names none of them. Sizes are "
        + "measured uncompressed; the check is skipped when the connector sets producer.override.compression.type, "
        + "and should be turned off when the worker compresses (producer.compression.type) and records are close to the limit.";

    public static final String OFFSET_SYNCS_ENABLED = "emit.offset-syncs.enabled";
    static final String OFFSET_SYNCS_ENABLED_DOC = "Write offset syncs, which describe exactly where each copied record "
        + "landed on the target, so the checkpoint connector and the failover tool can translate consumer offsets "
        + "without re-reads.";

    public static final String OFFSET_SYNCS_LOCATION = "offset-syncs.topic.location";
    static final String OFFSET_SYNCS_LOCATION_DOC = "Cluster holding the offset-syncs topic: target (the default; needs no "
        + "write access to the source) or source.";

    public static final String OFFSET_SYNCS_TOPIC = "offset-syncs.topic";
    static final String OFFSET_SYNCS_TOPIC_DOC = "Name of the offset-syncs topic. Defaults to "
        + "ferry-offset-syncs.<source alias>.internal (on the target) or "
        + "ferry-source-offset-syncs.<source alias>-to-<target alias>.internal (on the source), so that a mirror and its "
        + "reverse never share one topic. An explicit name of either form must be this flow's own default (such names are "
        + "reserved for the mirrors they name). Created when missing, with time-based retention (never compacted: "
        + "translation needs history).";

    public static final String OFFSET_SYNCS_RETENTION_MS = "offset-syncs.topic.retention.ms";
    static final long OFFSET_SYNCS_RETENTION_MS_DEFAULT = 7L * 24 * 60 * 60 * 1000;
    static final String OFFSET_SYNCS_RETENTION_MS_DOC = "Retention of the offset-syncs topic when Ferry creates it: how far "
        + "back consumer offsets can be translated exactly.";

    public static final String OFFSET_SYNCS_PROGRESS_INTERVAL_MS = "offset-syncs.progress.interval.ms";
    static final long OFFSET_SYNCS_PROGRESS_INTERVAL_MS_DEFAULT = 1_000L;
    static final String OFFSET_SYNCS_PROGRESS_INTERVAL_MS_DOC = "How often a task records how far each run of copies "
        + "has reached; bounds how stale a translation of a consumer near the head can be.";

    public static final String SOURCE_UNREACHABLE_TIMEOUT_MS = "source.unreachable.timeout.ms";
    static final long SOURCE_UNREACHABLE_TIMEOUT_MS_DEFAULT = 15_000L;
    static final String SOURCE_UNREACHABLE_TIMEOUT_MS_DOC = "When a task has had no connection to any source broker for this "
        + "long, it fails with a status naming the source cluster, so the outage shows in the connector's status. "
        + "Nothing is lost: once the connector reaches the source again it restarts its tasks, which resume right after "
        + "the last copied record.";

    public static final String STARTUP_TIMEOUT_MS = "startup.timeout.ms";
    static final long STARTUP_TIMEOUT_MS_DEFAULT = 20_000L;
    static final String STARTUP_TIMEOUT_MS_DOC = "How long the connector retries reaching both clusters when it "
        + "starts. When a cluster cannot be reached in that time the connector fails with an error naming it "
        + "(restart it once the cluster is back: mirroring resumes from the committed positions, nothing is lost).";

    public static final String PROGRESS_ENABLED = "progress.enabled";
    static final String PROGRESS_ENABLED_DOC = "Publish each partition's progress (source log end, next offset to copy, last "
        + "target offset, counters, latency percentiles) to the progress topic on the target cluster, from which the "
        + "monitoring extension on any worker serves lag, throughput, latency and health.";

    public static final String PROGRESS_TOPIC = "progress.topic";
    static final String PROGRESS_TOPIC_DEFAULT = "ferry-progress.internal";
    static final String PROGRESS_TOPIC_DOC = "Compacted topic on the target cluster receiving the progress reports, keyed by "
        + "connector name and source partition; one topic can serve every mirror connector writing to the target. Created "
        + "when missing (cleanup.policy=compact, segments rolled hourly so readers start from little more than the latest "
        + "reports).";

    public static final String PROGRESS_INTERVAL_MS = "progress.interval.ms";
    static final long PROGRESS_INTERVAL_MS_DEFAULT = 5_000L;
    static final String PROGRESS_INTERVAL_MS_DOC = "How often each task publishes a progress report per partition. Reports go "
        + "out from a thread of their own, also while the connector is paused; a report that cannot be written is counted "
        + "(progress-reports-failed-total) and never fails the task. Latency percentiles in a report cover the copies "
        + "acknowledged since the previous report.";

    public static final String SOURCE_GROUP_COMMIT_ID = "source.group.commit.id";
    static final String SOURCE_GROUP_COMMIT_ID_DOC = "When set, every progress.interval.ms each task commits how far it has "
        + "copied each of its partitions (the next source offset to copy, every copy before it acknowledged by the target) as "
        + "this consumer group's offsets on the source cluster, so that lag tools reading group offsets (Burrow, Kafka Lag "
        + "Exporter, kafka-consumer-groups) see the mirror's progress. Offsets only move forward. Use a group nothing else "
        + "consumes with (Kafka refuses commits to a group with active members); on a secured source the connector's source "
        + "login needs Read on the group. A failed commit is logged and retried, never fails the task. Empty: off.";

    /** Connector settings that are not client settings although they sit under a client prefix. */
    static final Set<String> NON_CLIENT_PREFIXED_KEYS = Set.of(SOURCE_ALIAS, TARGET_ALIAS);

    /** What a task does when records it has not copied are gone from the source log. */
    public enum GapPolicy { FAIL, CONTINUE }

    public static final ConfigDef CONFIG_DEF = configDef();

    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        int order = 0;
        def.define(SOURCE_ALIAS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, SOURCE_ALIAS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Source cluster alias")
            .define(TARGET_ALIAS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyStringWithoutControlChars(),
                Importance.HIGH, TARGET_ALIAS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Target cluster alias")
            .define(SOURCE_BOOTSTRAP, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
                Importance.HIGH, SOURCE_BOOTSTRAP_DOC, GROUP_CLUSTERS, ++order, Width.LONG, "Source bootstrap servers")
            .define(TARGET_BOOTSTRAP, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
                Importance.HIGH, TARGET_BOOTSTRAP_DOC, GROUP_CLUSTERS, ++order, Width.LONG, "Target bootstrap servers")
            .define(SOURCE_UNREACHABLE_TIMEOUT_MS, Type.LONG, SOURCE_UNREACHABLE_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1_000L),
                Importance.LOW, SOURCE_UNREACHABLE_TIMEOUT_MS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Source unreachable timeout")
            .define(STARTUP_TIMEOUT_MS, Type.LONG, STARTUP_TIMEOUT_MS_DEFAULT, ConfigDef.Range.atLeast(1_000L),
                Importance.LOW, STARTUP_TIMEOUT_MS_DOC, GROUP_CLUSTERS, ++order, Width.SHORT, "Startup timeout");
        ClusterClientSettings.defineCredentials(def, GROUP_CLUSTERS);

        order = 0;
        def.define(TOPICS, Type.LIST, TOPICS_DEFAULT, ConfigValidators.RegexListValidator.INSTANCE,
                Importance.HIGH, TOPICS_DOC, GROUP_TOPICS, ++order, Width.LONG, "Topics")
            .define(TOPICS_EXCLUDE, Type.LIST, "", ConfigValidators.RegexListValidator.INSTANCE,
                Importance.MEDIUM, TOPICS_EXCLUDE_DOC, GROUP_TOPICS, ++order, Width.LONG, "Excluded topics")
            .define(TOPICS_EXCLUDE_INTERNAL, Type.LIST, TOPICS_EXCLUDE_INTERNAL_DEFAULT, ConfigValidators.RegexListValidator.INSTANCE,
                Importance.LOW, TOPICS_EXCLUDE_INTERNAL_DOC, GROUP_TOPICS, ++order, Width.LONG, "Internal topics")
            .define(REFRESH_TOPICS_INTERVAL_MS, Type.LONG, REFRESH_TOPICS_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(200L),
                Importance.MEDIUM, REFRESH_TOPICS_INTERVAL_MS_DOC, GROUP_TOPICS, ++order, Width.SHORT, "Topic refresh interval");

        order = 0;
        def.define(REPLICATION_POLICY_CLASS, Type.CLASS, PrefixReplicationPolicy.class, ConfigValidators.ReplicationPolicyValidator.INSTANCE,
                Importance.MEDIUM, REPLICATION_POLICY_CLASS_DOC, GROUP_TARGET_TOPICS, ++order, Width.LONG, "Replication policy")
            .define(REPLICATION_POLICY_SEPARATOR, Type.STRING, ReplicationPolicy.SEPARATOR_DEFAULT, new ConfigDef.NonEmptyString(),
                Importance.LOW, REPLICATION_POLICY_SEPARATOR_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "Separator")
            .define(TARGET_REPLICATION_FACTOR, Type.INT, TARGET_REPLICATION_FACTOR_DEFAULT, ConfigValidators.ReplicationFactorValidator.INSTANCE,
                Importance.MEDIUM, TARGET_REPLICATION_FACTOR_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "Replication factor")
            .define(SYNC_PARTITIONS_ENABLED, Type.BOOLEAN, true,
                Importance.MEDIUM, SYNC_PARTITIONS_ENABLED_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "Sync partitions")
            .define(SYNC_CONFIGS_ENABLED, Type.BOOLEAN, true,
                Importance.MEDIUM, SYNC_CONFIGS_ENABLED_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "Sync configs")
            .define(SYNC_CONFIGS_INTERVAL_MS, Type.LONG, SYNC_CONFIGS_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(200L),
                Importance.LOW, SYNC_CONFIGS_INTERVAL_MS_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "Config sync interval")
            .define(SYNC_CONFIGS_EXCLUDE, Type.LIST, SYNC_CONFIGS_EXCLUDE_DEFAULT, ConfigValidators.RegexListValidator.INSTANCE,
                Importance.LOW, SYNC_CONFIGS_EXCLUDE_DOC, GROUP_TARGET_TOPICS, ++order, Width.LONG, "Configs not synced")
            .define(SYNC_ACLS_ENABLED, Type.BOOLEAN, false,
                Importance.LOW, SYNC_ACLS_ENABLED_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "Sync ACLs")
            .define(SYNC_ACLS_INTERVAL_MS, Type.LONG, SYNC_ACLS_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(200L),
                Importance.LOW, SYNC_ACLS_INTERVAL_MS_DOC, GROUP_TARGET_TOPICS, ++order, Width.SHORT, "ACL sync interval");

        order = 0;
        def.define(OFFSET_SYNCS_ENABLED, Type.BOOLEAN, true,
                Importance.MEDIUM, OFFSET_SYNCS_ENABLED_DOC, GROUP_OFFSET_SYNCS, ++order, Width.SHORT, "Emit offset syncs")
            .define(OFFSET_SYNCS_LOCATION, Type.STRING, "target", ConfigDef.CaseInsensitiveValidString.in("target", "source"),
                Importance.LOW, OFFSET_SYNCS_LOCATION_DOC, GROUP_OFFSET_SYNCS, ++order, Width.SHORT, "Offset-syncs location")
            .define(OFFSET_SYNCS_TOPIC, Type.STRING, null,
                Importance.LOW, OFFSET_SYNCS_TOPIC_DOC, GROUP_OFFSET_SYNCS, ++order, Width.MEDIUM, "Offset-syncs topic")
            .define(OFFSET_SYNCS_RETENTION_MS, Type.LONG, OFFSET_SYNCS_RETENTION_MS_DEFAULT, ConfigDef.Range.atLeast(60_000L),
                Importance.LOW, OFFSET_SYNCS_RETENTION_MS_DOC, GROUP_OFFSET_SYNCS, ++order, Width.SHORT, "Offset-syncs retention")
            .define(OFFSET_SYNCS_PROGRESS_INTERVAL_MS, Type.LONG, OFFSET_SYNCS_PROGRESS_INTERVAL_MS_DEFAULT,
                ConfigDef.Range.atLeast(10L), Importance.LOW, OFFSET_SYNCS_PROGRESS_INTERVAL_MS_DOC, GROUP_OFFSET_SYNCS, ++order,
                Width.SHORT, "Progress interval");

        order = 0;
        def.define(PROGRESS_ENABLED, Type.BOOLEAN, true,
                Importance.MEDIUM, PROGRESS_ENABLED_DOC, GROUP_MONITORING, ++order, Width.SHORT, "Publish progress")
            .define(PROGRESS_TOPIC, Type.STRING, PROGRESS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(),
                Importance.LOW, PROGRESS_TOPIC_DOC, GROUP_MONITORING, ++order, Width.MEDIUM, "Progress topic")
            .define(PROGRESS_INTERVAL_MS, Type.LONG, PROGRESS_INTERVAL_MS_DEFAULT, ConfigDef.Range.atLeast(100L),
                Importance.LOW, PROGRESS_INTERVAL_MS_DOC, GROUP_MONITORING, ++order, Width.SHORT, "Progress interval")
            .define(SOURCE_GROUP_COMMIT_ID, Type.STRING, "", Importance.LOW, SOURCE_GROUP_COMMIT_ID_DOC, GROUP_MONITORING, ++order,
                Width.MEDIUM, "Source group commit");

        order = 0;
        def.define(NEW_PARTITIONS_START, Type.STRING, NEW_PARTITIONS_START_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("earliest", "latest"),
                Importance.MEDIUM, NEW_PARTITIONS_START_DOC, GROUP_READING, ++order, Width.SHORT, "New partitions start")
            .define(GAP_POLICY, Type.STRING, GAP_POLICY_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("fail", "continue"),
                Importance.MEDIUM, GAP_POLICY_DOC, GROUP_READING, ++order, Width.SHORT, "Gap policy")
            .define(POLL_TIMEOUT_MS, Type.LONG, POLL_TIMEOUT_MS_DEFAULT, ConfigDef.Range.between(1L, 60_000L),
                Importance.LOW, POLL_TIMEOUT_MS_DOC, GROUP_READING, ++order, Width.SHORT, "Poll timeout")
            .define(RECORD_SIZE_CHECK, Type.BOOLEAN, true,
                Importance.LOW, RECORD_SIZE_CHECK_DOC, GROUP_READING, ++order, Width.SHORT, "Record size check")
            .define(QUARANTINE_TOPIC, Type.STRING, null,
                Importance.LOW, QUARANTINE_TOPIC_DOC, GROUP_READING, ++order, Width.MEDIUM, "Quarantine topic");
        return def;
    }

    private final ClusterClientSettings source = new ClusterClientSettings("source");
    private final ClusterClientSettings target = new ClusterClientSettings("target");

    public MirrorSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    public String sourceAlias() {
        return getString(SOURCE_ALIAS);
    }

    public String targetAlias() {
        return getString(TARGET_ALIAS);
    }

    public ReplicationPolicy replicationPolicy() {
        return getConfiguredInstance(REPLICATION_POLICY_CLASS, ReplicationPolicy.class,
            Map.of(ReplicationPolicy.SEPARATOR_CONFIG, getString(REPLICATION_POLICY_SEPARATOR)));
    }

    public TopicFilter topicFilter() {
        return new TopicFilter(getList(TOPICS), getList(TOPICS_EXCLUDE), getList(TOPICS_EXCLUDE_INTERNAL),
            replicationPolicy(), targetAlias());
    }

    public long refreshTopicsIntervalMs() {
        return getLong(REFRESH_TOPICS_INTERVAL_MS);
    }

    public long sourceUnreachableTimeoutMs() {
        return getLong(SOURCE_UNREACHABLE_TIMEOUT_MS);
    }

    public long startupTimeoutMs() {
        return getLong(STARTUP_TIMEOUT_MS);
    }

    public int targetReplicationFactor() {
        return getInt(TARGET_REPLICATION_FACTOR);
    }

    public boolean syncPartitions() {
        return getBoolean(SYNC_PARTITIONS_ENABLED);
    }

    public boolean syncConfigs() {
        return getBoolean(SYNC_CONFIGS_ENABLED);
    }

    public long syncConfigsIntervalMs() {
        return getLong(SYNC_CONFIGS_INTERVAL_MS);
    }

    public boolean syncAcls() {
        return getBoolean(SYNC_ACLS_ENABLED);
    }

    public long syncAclsIntervalMs() {
        return getLong(SYNC_ACLS_INTERVAL_MS);
    }

    public List<Pattern> syncConfigsExclude() {
        return ConfigValidators.RegexListValidator.compile(getList(SYNC_CONFIGS_EXCLUDE));
    }

    public OffsetResetStrategy newPartitionsStart() {
        return OffsetResetStrategy.valueOf(getString(NEW_PARTITIONS_START).toUpperCase(Locale.ROOT));
    }

    public GapPolicy gapPolicy() {
        return GapPolicy.valueOf(getString(GAP_POLICY).toUpperCase(Locale.ROOT));
    }

    /** Whether Connect's errors.tolerance is all: records that cannot be copied are quarantined, not fatal. */
    public boolean toleratesErrors() {
        Object tolerance = originals().get("errors.tolerance");
        return tolerance != null && "all".equalsIgnoreCase(tolerance.toString().trim());
    }

    public boolean emitsOffsetSyncs() {
        return getBoolean(OFFSET_SYNCS_ENABLED);
    }

    /** Whether the offset-syncs topic lives on the source cluster rather than the target. */
    public boolean offsetSyncsOnSource() {
        return "source".equalsIgnoreCase(getString(OFFSET_SYNCS_LOCATION));
    }

    public String offsetSyncsTopic() {
        String topic = getString(OFFSET_SYNCS_TOPIC);
        if (topic != null && !topic.isBlank()) {
            return topic;
        }
        return OffsetSyncsTopics.defaultName(offsetSyncsOnSource(), sourceAlias(), targetAlias());
    }

    public long offsetSyncsRetentionMs() {
        return getLong(OFFSET_SYNCS_RETENTION_MS);
    }

    public long offsetSyncsProgressIntervalMs() {
        return getLong(OFFSET_SYNCS_PROGRESS_INTERVAL_MS);
    }

    /** Settings for the producer of offset syncs: durable and ordered, on the cluster holding the topic. */
    public Map<String, Object> offsetSyncsProducerConfig(String clientId) {
        Map<String, Object> config = offsetSyncsOnSource()
            ? clusterClientConfig(source, SOURCE_BOOTSTRAP, Client.PRODUCER)
            : clusterClientConfig(target, TARGET_BOOTSTRAP, Client.PRODUCER);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        config.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        config.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        config.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 10);
        return config;
    }

    /** Settings for reading the offset-syncs topic back (a starting task reads its last records). */
    public Map<String, Object> offsetSyncsConsumerConfig(String clientId) {
        Map<String, Object> config = offsetSyncsOnSource()
            ? clusterClientConfig(source, SOURCE_BOOTSTRAP, Client.CONSUMER)
            : clusterClientConfig(target, TARGET_BOOTSTRAP, Client.CONSUMER);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    public boolean publishesProgress() {
        return getBoolean(PROGRESS_ENABLED);
    }

    public String progressTopic() {
        return getString(PROGRESS_TOPIC);
    }

    public long progressIntervalMs() {
        return getLong(PROGRESS_INTERVAL_MS);
    }

    /** @return the consumer group the tasks commit their copied positions to on the source, if any */
    public Optional<String> sourceGroupCommitId() {
        String group = getString(SOURCE_GROUP_COMMIT_ID).trim();
        return group.isEmpty() ? Optional.empty() : Optional.of(group);
    }

    /**
     * Settings for the producer of progress reports on the target. Not idempotent: a report superseded
     * a few seconds later by the next needs no exactly-once write, and a new topic's first writes then
     * cannot stall on sequence errors. Sends never wait long for metadata, so a dead target costs the
     * monitor thread little.
     */
    public Map<String, Object> progressProducerConfig(String clientId) {
        Map<String, Object> config = targetProducerConfig(clientId);
        config.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.putIfAbsent(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG, 20);
        // The monitor thread that publishes also looks up source log ends: with the target down, each send
        // would otherwise hold it for max.block.ms per partition and the lag metrics would stop rising.
        config.putIfAbsent(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
        return config;
    }

    /** Whether Connect transforms are configured (they may drop records on purpose). */
    public boolean usesTransforms() {
        Object transforms = originals().get("transforms");
        return transforms != null && !transforms.toString().isBlank();
    }

    public String quarantineTopic() {
        String topic = getString(QUARANTINE_TOPIC);
        return topic == null || topic.isBlank() ? "ferry-quarantine." + sourceAlias() + ".internal" : topic;
    }

    /** Whether records are checked against max.message.bytes: on, unless the connector's producer compresses. */
    public boolean checksRecordSize() {
        Object compression = originals().get("producer.override.compression.type");
        return getBoolean(RECORD_SIZE_CHECK) && (compression == null || "none".equalsIgnoreCase(compression.toString().trim()));
    }

    /** Settings for a producer writing Ferry's own records (quarantine entries) to the target cluster. */
    public Map<String, Object> targetProducerConfig(String clientId) {
        Map<String, Object> config = clusterClientConfig(target, TARGET_BOOTSTRAP, Client.PRODUCER);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(org.apache.kafka.clients.producer.ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        config.put(org.apache.kafka.clients.producer.ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
        return config;
    }

    /**
     * Settings for a consumer reading the remote topics' committed records: a starting task reads the copies its
     * predecessor committed without describing them in an offset sync (see {@link UnsyncedCopies}).
     */
    public Map<String, Object> targetConsumerConfig(String clientId) {
        Map<String, Object> config = positionedReader(clusterClientConfig(target, TARGET_BOOTSTRAP, Client.CONSUMER), clientId);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    public long pollTimeoutMs() {
        return getLong(POLL_TIMEOUT_MS);
    }

    /** Settings for the source admin client. */
    public Map<String, Object> sourceAdminConfig(String clientId) {
        Map<String, Object> config = clusterClientConfig(source, SOURCE_BOOTSTRAP, Client.ADMIN);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /** Settings for the target admin client. */
    public Map<String, Object> targetAdminConfig(String clientId) {
        Map<String, Object> config = clusterClientConfig(target, TARGET_BOOTSTRAP, Client.ADMIN);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    /**
     * Settings for a task's source consumer: the user's settings, then what byte-exact copying needs.
     * Reads committed data only unless the user chose otherwise, never commits to a group, and never
     * resets positions on its own: the task decides where to start and reports gaps. Unless set, a poll
     * returns up to {@value #SOURCE_MAX_POLL_RECORDS_DEFAULT} records rather than the client's 500: each poll
     * is a round through Connect's task loop, and the bytes buffered stay bounded by the fetch sizes.
     */
    public Map<String, Object> sourceConsumerConfig(String clientId) {
        Map<String, Object> config = positionedReader(clusterClientConfig(source, SOURCE_BOOTSTRAP, Client.CONSUMER), clientId);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SOURCE_MAX_POLL_RECORDS_DEFAULT);
        config.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return config;
    }

    /**
     * A consumer the task positions itself: raw bytes, no group, no commits, and no reset of its own (a position
     * out of range is reported, never silently moved).
     */
    private static Map<String, Object> positionedReader(Map<String, Object> config, String clientId) {
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return config;
    }

    /** Whether the source consumer reads committed records only. */
    public boolean readsCommittedOnly() {
        Object level = sourceConsumerConfig("probe").get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        return "read_committed".equalsIgnoreCase(String.valueOf(level));
    }

    private Map<String, Object> clusterClientConfig(ClusterClientSettings settings, String bootstrapKey, Client client) {
        return settings.forClient(this, getList(bootstrapKey), client);
    }

    /** Problems of prefixed keys no client would use, keyed by connector key. */
    static Map<String, String> ignoredClientKeys(Map<String, String> props) {
        return ClusterClientSettings.ignoredKeys(props, NON_CLIENT_PREFIXED_KEYS);
    }
}
