package dev.ferry.it;

import dev.ferry.testkit.FerryClusters;

import java.util.HashMap;
import java.util.Map;

/** Connector configurations as a user would PUT them to the Connect REST API. */
final class MirrorConnectors {

    static final String CONNECTOR_CLASS = "dev.ferry.mirror.MirrorSourceConnector";
    static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    private MirrorConnectors() {
    }

    /** east (the kit's source cluster) to west (the Connect cluster's own Kafka), fast refreshes for tests. */
    static Map<String, String> eastToWest(FerryClusters clusters, String topicsRegex, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("topics", topicsRegex);
        config.put("refresh.topics.interval.ms", "2000");
        config.put("sync.topic.configs.interval.ms", "1000");
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        config.put("header.converter", BYTES);
        return config;
    }

    /** A checkpoint connector for the east-to-west mirror, one task, checkpoints every 500 ms, fast group refreshes. */
    static Map<String, String> checkpointsEastToWest(FerryClusters clusters, String groupsRegex) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("groups", groupsRegex);
        config.put("refresh.groups.interval.ms", "1000");
        config.put("emit.checkpoints.interval.ms", "500");
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        return config;
    }
}
