package dev.ferry.checkpoints;

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
 * Creates the checkpoints topic (or the verification topic) on the target cluster unless it exists: one
 * partition, compacted. Compaction suits checkpoints (unlike offset syncs): each key, a group and a source
 * partition, only ever needs its latest value; so it does verification results, one key per source topic.
 */
final class CheckpointsTopic {

    private static final Logger log = LoggerFactory.getLogger(CheckpointsTopic.class);

    private final Admin targetAdmin;
    private final String name;
    private final Optional<Short> replicationFactor;
    private final Duration callTimeout;

    CheckpointsTopic(Admin targetAdmin, String name, int replicationFactor, Duration callTimeout) {
        this.targetAdmin = targetAdmin;
        this.name = name;
        this.replicationFactor = replicationFactor == -1 ? Optional.empty() : Optional.of((short) replicationFactor);
        this.callTimeout = callTimeout;
    }

    String name() {
        return name;
    }

    /**
     * @throws org.apache.kafka.common.errors.AuthorizationException when the target denies CREATE
     * @throws org.apache.kafka.common.KafkaException on any other failure
     */
    void ensure() {
        NewTopic topic = new NewTopic(name, Optional.of(1), replicationFactor)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            KafkaCalls.await(targetAdmin.createTopics(List.of(topic), new CreateTopicsOptions().timeoutMs((int) callTimeout.toMillis())).all(),
                callTimeout, "creating topic '" + name + "'");
            log.info("Created topic {} on the target cluster", name);
        } catch (TopicExistsException exists) {
            log.debug("Topic {} exists", name);
        }
    }
}
