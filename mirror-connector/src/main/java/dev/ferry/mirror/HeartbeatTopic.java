package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the heartbeats topic on the source cluster unless it exists: one partition (heartbeats are
 * ordered and tiny), compacted (one key per cluster alias, so the topic stays small and its log start
 * never moves past records a slow mirror has not copied yet).
 */
final class HeartbeatTopic {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatTopic.class);

    private HeartbeatTopic() {
    }

    /**
     * @throws org.apache.kafka.common.errors.AuthorizationException when the cluster denies CREATE
     * @throws org.apache.kafka.common.KafkaException on any other failure
     */
    static void ensure(Admin admin, String name, int replicationFactor, Duration timeout) {
        Optional<Short> replication = replicationFactor == -1 ? Optional.empty() : Optional.of((short) replicationFactor);
        NewTopic topic = new NewTopic(name, Optional.of(1), replication)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            KafkaCalls.await(admin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs((int) timeout.toMillis())).all(),
                timeout, "creating heartbeats topic '" + name + "'");
            log.info("Created heartbeats topic {}", name);
        } catch (TopicExistsException exists) {
            log.debug("Heartbeats topic {} exists", name);
        }
    }
}
