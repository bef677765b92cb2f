package dev.ferry.migration;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table of MirrorMaker 2 replication-flow keys and what each becomes in Ferry. It is the single
 * source of the converter's behaviour and of the README's migration table.
 */
final class KeyMapping {

    /** Which Ferry connector a converted key belongs to. */
    enum Connector {
        MIRROR("mirror"), CHECKPOINT("checkpoint"), BOTH("mirror, checkpoint");

        private final String label;

        Connector(String label) {
            this.label = label;
        }

        boolean includes(Connector other) {
            return this == BOTH || this == other;
        }
    }

    /** How a value changes on the way. */
    enum Conversion {
        AS_IS, SECONDS_TO_MS, REPLICATION_POLICY
    }

    /**
     * One MM2 key carried over.
     *
     * @param mm2Key     the MirrorMaker 2 key (a legacy name maps to the same Ferry key)
     * @param ferryKey   the Ferry connector key
     * @param connector  the connector(s) that take it
     * @param conversion how the value is converted
     */
    record Rule(String mm2Key, String ferryKey, Connector connector, Conversion conversion) {
    }

    /**
     * One MM2 key with no Ferry counterpart.
     *
     * @param mm2Key the MirrorMaker 2 key
     * @param reason why Ferry does not need it, or where it goes instead
     */
    record Dropped(String mm2Key, String reason) {
    }

    static final List<Rule> RULES = List.of(
        new Rule("topics", "topics", Connector.MIRROR, Conversion.AS_IS),
        new Rule("topics.exclude", "topics.exclude", Connector.MIRROR, Conversion.AS_IS),
        new Rule("topics.blacklist", "topics.exclude", Connector.MIRROR, Conversion.AS_IS),
        new Rule("groups", "groups", Connector.CHECKPOINT, Conversion.AS_IS),
        new Rule("groups.exclude", "groups.exclude", Connector.CHECKPOINT, Conversion.AS_IS),
        new Rule("groups.blacklist", "groups.exclude", Connector.CHECKPOINT, Conversion.AS_IS),
        new Rule("replication.policy.class", "replication.policy.class", Connector.BOTH, Conversion.REPLICATION_POLICY),
        new Rule("replication.policy.separator", "replication.policy.separator", Connector.BOTH, Conversion.AS_IS),
        new Rule("replication.factor", "target.topic.replication.factor", Connector.MIRROR, Conversion.AS_IS),
        new Rule("sync.topic.configs.enabled", "sync.topic.configs.enabled", Connector.MIRROR, Conversion.AS_IS),
        new Rule("sync.topic.configs.interval.seconds", "sync.topic.configs.interval.ms", Connector.MIRROR, Conversion.SECONDS_TO_MS),
        new Rule("config.properties.exclude", "sync.topic.configs.exclude", Connector.MIRROR, Conversion.AS_IS),
        new Rule("config.properties.blacklist", "sync.topic.configs.exclude", Connector.MIRROR, Conversion.AS_IS),
        new Rule("sync.topic.acls.enabled", "sync.topic.acls.enabled", Connector.MIRROR, Conversion.AS_IS),
        new Rule("sync.topic.acls.interval.seconds", "sync.topic.acls.interval.ms", Connector.MIRROR, Conversion.SECONDS_TO_MS),
        new Rule("refresh.topics.interval.seconds", "refresh.topics.interval.ms", Connector.MIRROR, Conversion.SECONDS_TO_MS),
        new Rule("refresh.groups.interval.seconds", "refresh.groups.interval.ms", Connector.CHECKPOINT, Conversion.SECONDS_TO_MS),
        new Rule("emit.offset-syncs.enabled", "emit.offset-syncs.enabled", Connector.MIRROR, Conversion.AS_IS),
        new Rule("offset-syncs.topic.location", "offset-syncs.topic.location", Connector.BOTH, Conversion.AS_IS),
        new Rule("emit.checkpoints.interval.seconds", "emit.checkpoints.interval.ms", Connector.CHECKPOINT, Conversion.SECONDS_TO_MS),
        new Rule("sync.group.offsets.enabled", "sync.group.offsets.enabled", Connector.CHECKPOINT, Conversion.AS_IS),
        new Rule("sync.group.offsets.interval.seconds", "sync.group.offsets.interval.ms", Connector.CHECKPOINT, Conversion.SECONDS_TO_MS),
        new Rule("checkpoints.topic.replication.factor", "checkpoints.topic.replication.factor", Connector.CHECKPOINT, Conversion.AS_IS),
        new Rule("consumer.poll.timeout.ms", "poll.timeout.ms", Connector.MIRROR, Conversion.AS_IS),
        new Rule("tasks.max", "tasks.max", Connector.BOTH, Conversion.AS_IS),
        new Rule("exactly.once.support", "exactly.once.support", Connector.MIRROR, Conversion.AS_IS)
    );

    /** Keys that decide which connectors are written rather than being carried over. */
    static final List<Dropped> STRUCTURE = List.of(
        new Dropped("clusters", "names the aliases; each enabled flow becomes its own connectors"),
        new Dropped("<source>-><target>.enabled", "each enabled flow becomes a mirror connector (and a checkpoint connector)"),
        new Dropped("emit.checkpoints.enabled", "false: no checkpoint connector is written for the flow"),
        new Dropped("<alias>.bootstrap.servers", "source.cluster.bootstrap.servers / target.cluster.bootstrap.servers"),
        new Dropped("<alias>.<client key>", "shared client keys (security.protocol, ssl.*, sasl.*, ...) become "
            + "source.cluster.* / target.cluster.*; keys only some clients know go to the client prefixes below"),
        new Dropped("<alias>.consumer.* / <alias>.admin.*", "source.consumer.* / source.admin.* (target.consumer.* / target.admin.* on the target)"),
        new Dropped("<target alias>.producer.*", "producer.override.* on the mirror connector (records go through the worker's "
            + "producer; the worker's connector.client.config.override.policy must allow the keys)")
    );

    static final List<Dropped> DROPPED = List.of(
        new Dropped("offset.lag.max", "Ferry's offset syncs describe every run of copied offsets exactly; there is no sync interval to tune"),
        new Dropped("offset-syncs.topic.replication.factor", "Ferry creates its offset-syncs topic with target.topic.replication.factor"),
        new Dropped("refresh.topics.enabled", "Ferry always follows new topics; to look less often raise refresh.topics.interval.ms"),
        new Dropped("refresh.groups.enabled", "Ferry always follows new groups; to look less often raise refresh.groups.interval.ms"),
        new Dropped("emit.heartbeats.enabled", "heartbeats are a separate Ferry connector; see the README's heartbeats section"),
        new Dropped("emit.heartbeats.interval.seconds", "heartbeats are a separate Ferry connector; see the README's heartbeats section"),
        new Dropped("heartbeats.topic.replication.factor", "heartbeats are a separate Ferry connector; see the README's heartbeats section"),
        new Dropped("replication.policy.internal.topic.separator.enabled", "Ferry's internal topic names do not use the separator"),
        new Dropped("use.incremental.alter.configs", "Ferry always uses incremental alter configs"),
        new Dropped("admin.timeout.ms", "Ferry bounds admin calls by startup.timeout.ms and the clients' own timeouts"),
        new Dropped("add.source.alias.to.metrics", "Ferry's metrics always carry source and target tags"),
        new Dropped("dedicated.mode.enable.internal.rest", "worker setting: Ferry runs in a standard Connect cluster"),
        new Dropped("exactly.once.source.support", "worker setting: put it in connect-distributed.properties"),
        new Dropped("key.converter", "Ferry requires ByteArrayConverter and the converted JSON sets it"),
        new Dropped("value.converter", "Ferry requires ByteArrayConverter and the converted JSON sets it"),
        new Dropped("header.converter", "Ferry requires ByteArrayConverter and the converted JSON sets it"),
        new Dropped("offset.storage.replication.factor", "worker setting: put it in connect-distributed.properties"),
        new Dropped("config.storage.replication.factor", "worker setting: put it in connect-distributed.properties"),
        new Dropped("status.storage.replication.factor", "worker setting: put it in connect-distributed.properties"),
        new Dropped("offset.flush.timeout.ms", "worker setting: put it in connect-distributed.properties"),
        new Dropped("metric.reporters", "worker setting: put it in connect-distributed.properties")
    );

    /** MM2's own implementations of pluggable classes: setting them explicitly changes nothing. */
    static final Map<String, String> DEFAULT_CLASSES = Map.of(
        "topic.filter.class", "org.apache.kafka.connect.mirror.DefaultTopicFilter",
        "group.filter.class", "org.apache.kafka.connect.mirror.DefaultGroupFilter",
        "config.property.filter.class", "org.apache.kafka.connect.mirror.DefaultConfigPropertyFilter",
        "forwarding.admin.class", "org.apache.kafka.clients.admin.ForwardingAdmin");

    /** MM2 replication policies and Ferry's equivalents (same remote topic names). */
    static final Map<String, String> POLICIES = Map.of(
        "org.apache.kafka.connect.mirror.DefaultReplicationPolicy", "dev.ferry.common.PrefixReplicationPolicy",
        "org.apache.kafka.connect.mirror.IdentityReplicationPolicy", "dev.ferry.common.IdentityReplicationPolicy");

    private KeyMapping() {
    }

    static Optional<Rule> rule(String mm2Key) {
        return RULES.stream().filter(rule -> rule.mm2Key().equals(mm2Key)).findFirst();
    }

    static Optional<Dropped> dropped(String mm2Key) {
        return DROPPED.stream().filter(dropped -> dropped.mm2Key().equals(mm2Key)).findFirst();
    }

    /** The README's migration table, rendered from the lists above. */
    static String markdown() {
        StringBuilder out = new StringBuilder("| MirrorMaker 2 key | Ferry key | Connector | Note |\n|---|---|---|---|\n");
        for (Rule rule : RULES) {
            String note = switch (rule.conversion()) {
                case SECONDS_TO_MS -> "seconds × 1000";
                case REPLICATION_POLICY -> "MM2's Default/Identity policies map to Ferry's Prefix/Identity policies (same topic names); other classes are refused";
                case AS_IS -> "";
            };
            out.append(row(rule.mm2Key(), "`" + rule.ferryKey() + "`", rule.connector().label, note));
        }
        for (Dropped structural : STRUCTURE) {
            out.append(row(structural.mm2Key(), "(structure)", "", structural.reason()));
        }
        for (Dropped dropped : DROPPED) {
            out.append(row(dropped.mm2Key(), "—", "", dropped.reason()));
        }
        DEFAULT_CLASSES.keySet().stream().sorted().forEach(key -> out.append(row(key, "—", "",
            "MM2's default class is accepted and dropped; any other class is refused (express filters as regexes)")));
        return out.toString();
    }

    private static String row(String mm2Key, String ferryKey, String connector, String note) {
        return "| `" + mm2Key + "` | " + ferryKey + " | " + connector + " | " + note.replace("|", "\\|") + " |\n";
    }
}
