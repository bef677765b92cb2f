package dev.ferry.migration;

import dev.ferry.common.ClusterClientSettings;
import dev.ferry.migration.KeyMapping.Connector;
import dev.ferry.migration.KeyMapping.Rule;
import dev.ferry.migration.Mm2Properties.Flow;
import dev.ferry.migration.Mm2Properties.Setting;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns each enabled replication flow of an mm2.properties file into a Ferry mirror connector and,
 * unless the flow disables checkpoints, a checkpoint connector, as JSON bodies for
 * {@code POST /connectors}. Every key of the file is either converted, explained in a note, or
 * reported as unconvertible: nothing is dropped silently.
 */
final class Mm2Converter {

    static final String MIRROR_CLASS = "dev.ferry.mirror.MirrorSourceConnector";
    static final String CHECKPOINT_CLASS = "dev.ferry.checkpoints.CheckpointConnector";
    private static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /** A connector to create, as {@code {"name": ..., "config": {...}}}. */
    record ConnectorJson(String name, Map<String, String> config) {
    }

    /**
     * What the conversion produced.
     *
     * @param connectors the connectors to create, in flow order
     * @param notes      keys not carried over and why, and what the operator must do
     * @param problems   keys that cannot be converted, each naming the key as written in the file
     */
    record Result(List<ConnectorJson> connectors, List<String> notes, List<String> problems) {
    }

    private final Mm2Properties mm2;
    private final SecretPlaceholders secrets;

    Mm2Converter(Mm2Properties mm2, SecretPlaceholders secrets) {
        this.mm2 = mm2;
        this.secrets = secrets;
    }

    Result convert() {
        List<ConnectorJson> connectors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        mm2.flowKeysWithUnknownAliases().forEach(key ->
            problems.add(key + ": names a cluster alias missing from 'clusters' (" + String.join(",", mm2.clusters()) + ")"));
        List<Flow> flows = mm2.enabledFlows();
        if (flows.isEmpty()) {
            problems.add("no replication flow is enabled: set <source>-><target>.enabled=true for each flow to convert");
        }
        for (Flow flow : flows) {
            convertFlow(flow, connectors, notes, problems);
        }
        return new Result(connectors, notes, problems);
    }

    private void convertFlow(Flow flow, List<ConnectorJson> connectors, List<String> notes, List<String> problems) {
        Map<String, String> mirror = header(MIRROR_CLASS, flow);
        Map<String, String> checkpoint = header(CHECKPOINT_CLASS, flow);
        String mirrorName = "mirror-" + flow.source() + "-to-" + flow.target();
        String checkpointName = "checkpoints-" + flow.source() + "-to-" + flow.target();

        for (Map.Entry<String, Setting> entry : mm2.flowSettings(flow).entrySet()) {
            String key = entry.getKey();
            Setting setting = entry.getValue();
            Optional<Rule> rule = KeyMapping.rule(key);
            if (rule.isPresent()) {
                String value = converted(rule.get(), setting, problems);
                if (rule.get().connector().includes(Connector.MIRROR)) {
                    mirror.put(rule.get().ferryKey(), value);
                }
                if (rule.get().connector().includes(Connector.CHECKPOINT)) {
                    checkpoint.put(rule.get().ferryKey(), value);
                }
            } else if (KeyMapping.DEFAULT_CLASSES.containsKey(key)) {
                if (!KeyMapping.DEFAULT_CLASSES.get(key).equals(setting.value())) {
                    problems.add(setting.fileKey() + "=" + setting.value() + ": custom classes cannot be converted; express the "
                        + "filter as regular expressions in topics / topics.exclude / groups / groups.exclude / "
                        + "sync.topic.configs.exclude");
                }
            } else if (key.equals("emit.checkpoints.enabled") || isClusterDefault(key)) {
                continue; // decides the connector set, or applies to clusters below
            } else if (KeyMapping.dropped(key).isPresent()) {
                notes.add(flow + ": " + setting.fileKey() + " not carried over: " + KeyMapping.dropped(key).get().reason());
            } else {
                problems.add(setting.fileKey() + ": not a MirrorMaker 2 setting the converter knows; check its spelling, "
                    + "or rerun with --ignore-unknown to leave it out");
            }
        }

        addClusterSettings(flow.source(), "source", mirror, checkpoint, problems);
        addClusterSettings(flow.target(), "target", mirror, checkpoint, problems);
        for (Map<String, String> config : List.of(mirror, checkpoint)) {
            config.put("key.converter", BYTE_ARRAY_CONVERTER);
            config.put("value.converter", BYTE_ARRAY_CONVERTER);
        }
        mirror.put("header.converter", BYTE_ARRAY_CONVERTER);

        connectors.add(new ConnectorJson(mirrorName, protect(mirrorName, mirror)));
        boolean checkpoints = mm2.flowSetting(flow, "emit.checkpoints.enabled").map(s -> Boolean.parseBoolean(s.value())).orElse(true);
        if (checkpoints) {
            connectors.add(new ConnectorJson(checkpointName, protect(checkpointName, checkpoint)));
        } else {
            notes.add(flow + ": emit.checkpoints.enabled=false, so no checkpoint connector was written");
        }
        notes.add(flow + ": create " + mirrorName + (checkpoints ? " and " + checkpointName : "") + " on a Connect cluster whose "
            + "workers' bootstrap.servers is cluster '" + flow.target() + "': records are written by the worker's producer");
        if (mm2.flowSetting(flow, "sync.topic.acls.enabled").isEmpty()) {
            notes.add(flow + ": MirrorMaker 2 syncs topic ACLs unless told not to; Ferry does so only with "
                + "sync.topic.acls.enabled=true (it then needs DESCRIBE on the source's ACLs and ALTER on the target cluster)");
        }
        if (mm2.flowSetting(flow, "replication.factor").isEmpty()) {
            notes.add(flow + ": MirrorMaker 2 creates remote topics with replication factor 2 unless told otherwise; "
                + "Ferry uses the target broker's default.replication.factor (set target.topic.replication.factor to change it)");
        }
    }

    private static Map<String, String> header(String connectorClass, Flow flow) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", connectorClass);
        config.put("source.cluster.alias", flow.source());
        config.put("target.cluster.alias", flow.target());
        return config;
    }

    private static String converted(Rule rule, Setting setting, List<String> problems) {
        String value = setting.value();
        switch (rule.conversion()) {
            case SECONDS_TO_MS -> {
                try {
                    return Long.toString(Math.multiplyExact(Long.parseLong(value), 1000L));
                } catch (NumberFormatException | ArithmeticException e) {
                    problems.add(setting.fileKey() + "=" + value + ": not a whole number of seconds");
                    return value;
                }
            }
            case REPLICATION_POLICY -> {
                String ferryPolicy = KeyMapping.POLICIES.get(value);
                if (ferryPolicy == null) {
                    problems.add(setting.fileKey() + "=" + value + ": only MirrorMaker 2's DefaultReplicationPolicy and "
                        + "IdentityReplicationPolicy have Ferry equivalents; implement dev.ferry.common.ReplicationPolicy "
                        + "for a custom naming scheme");
                    return value;
                }
                return ferryPolicy;
            }
            default -> {
                return value;
            }
        }
    }

    /** Top-level client keys: MirrorMaker 2 applies them to every cluster that does not set its own. */
    private static boolean isClusterDefault(String key) {
        return ClusterClientSettings.SHARED_KEYS.contains(key);
    }

    private void addClusterSettings(String alias, String role, Map<String, String> mirror, Map<String, String> checkpoint,
                                    List<String> problems) {
        Map<String, Setting> settings = new TreeMap<>();
        mm2.topLevelSettings().forEach((key, setting) -> {
            if (isClusterDefault(key)) {
                settings.put(key, setting);
            }
        });
        settings.putAll(mm2.clusterSettings(alias));
        if (!settings.containsKey("bootstrap.servers")) {
            problems.add(alias + ".bootstrap.servers: missing; cluster '" + alias + "' needs bootstrap servers");
        }
        settings.forEach((key, setting) -> {
            Placement placement = place(role, key);
            if (placement == null) {
                problems.add(setting.fileKey() + ": not a Kafka client setting (consumer, producer or admin)");
                return;
            }
            if (placement.mirror() != null) {
                mirror.put(placement.mirror(), setting.value());
            }
            if (placement.checkpoint() != null) {
                checkpoint.put(placement.checkpoint(), setting.value());
            }
        });
    }

    /** Where a cluster-level client key goes in each connector; null when no client knows it. */
    private record Placement(String mirror, String checkpoint) {
    }

    private static Placement place(String role, String key) {
        boolean target = role.equals("target");
        if (key.startsWith("producer.")) {
            String rest = key.substring("producer.".length());
            // On the target the records go through the worker's producer, which connectors tune with producer.override.*.
            return target ? new Placement("producer.override." + rest, null) : new Placement("source.producer." + rest, null);
        }
        if (key.startsWith("consumer.") || key.startsWith("admin.")) {
            String prefixed = role + "." + key;
            return new Placement(prefixed, prefixed);
        }
        if (ClusterClientSettings.SHARED_KEYS.contains(key)) {
            String prefixed = role + ".cluster." + key;
            return new Placement(prefixed, prefixed);
        }
        if (ConsumerConfig.configNames().contains(key)) {
            return new Placement(role + ".consumer." + key, role + ".consumer." + key);
        }
        if (AdminClientConfig.configNames().contains(key)) {
            return new Placement(role + ".admin." + key, role + ".admin." + key);
        }
        if (ProducerConfig.configNames().contains(key)) {
            return target ? new Placement("producer.override." + key, null) : new Placement("source.producer." + key, null);
        }
        return null;
    }

    private Map<String, String> protect(String connectorName, Map<String, String> config) {
        Map<String, String> protectedConfig = new LinkedHashMap<>();
        config.forEach((key, value) -> protectedConfig.put(key, secrets.protect(connectorName, key, value)));
        return protectedConfig;
    }
}
