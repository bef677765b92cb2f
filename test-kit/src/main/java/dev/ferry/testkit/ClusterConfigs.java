package dev.ferry.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** The broker and worker settings every Ferry test cluster starts with; overrides given by the test win. */
final class ClusterConfigs {

    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private ClusterConfigs() {
    }

    /** Single-broker settings: no auto-created topics, replication factor 1 everywhere, no rebalance delay. */
    static Properties brokerProps(Map<String, String> overrides) {
        Properties props = new Properties();
        // topics appear only when a test or the mirror creates them, so "created by the mirror" is observable
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.putAll(overrides);
        return props;
    }

    /**
     * Worker settings. EmbeddedConnectCluster only fills in what is absent, and its own defaults
     * (StringConverter, plugin.discovery=hybrid_fail) are wrong for a byte-for-byte mirror, so
     * everything that matters is set here explicitly.
     */
    static Map<String, String> workerProps(Optional<Path> pluginPath, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        pluginPath.ifPresent(path -> props.put("plugin.path", path.toString()));
        // hybrid_warn: load plugins with or without ServiceLoader manifests, and say which lack one
        props.put("plugin.discovery", "hybrid_warn");
        // ByteArrayConverter is also a HeaderConverter (checked against 4.3.1): bytes pass through untouched
        props.put("key.converter", BYTE_ARRAY_CONVERTER);
        props.put("value.converter", BYTE_ARRAY_CONVERTER);
        props.put("header.converter", BYTE_ARRAY_CONVERTER);
        props.put("offset.flush.interval.ms", "1000");
        // a departed worker's tasks move after 2 s instead of the default 5 minutes
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        props.put("connector.client.config.override.policy", "All");
        props.put("offset.storage.replication.factor", "1");
        props.put("config.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.putAll(overrides);
        return props;
    }
}
