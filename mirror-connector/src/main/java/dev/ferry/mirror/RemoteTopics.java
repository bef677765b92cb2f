package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Makes sure every remote topic exists on the target cluster with at least as many partitions as
 * its source topic, so records can keep their partition number.
 */
final class RemoteTopics {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopics.class);

    /** Remote topics that cannot take their source's records, or topics the target cannot create, with the reason. */
    static final class MismatchException extends RuntimeException {
        MismatchException(String message) {
            super(message);
        }
    }

    private final Admin targetAdmin;
    private final TopicConfigSync configSync;
    private final Optional<Short> replicationFactor;
    private final boolean syncPartitions;
    private final boolean syncConfigs;
    private final Duration callTimeout;

    RemoteTopics(Admin targetAdmin, TopicConfigSync configSync, int replicationFactor,
                 boolean syncPartitions, boolean syncConfigs, Duration callTimeout) {
        this.targetAdmin = targetAdmin;
        this.configSync = configSync;
        this.replicationFactor = replicationFactor == -1 ? Optional.empty() : Optional.of((short) replicationFactor);
        this.syncPartitions = syncPartitions;
        this.syncConfigs = syncConfigs;
        this.callTimeout = callTimeout;
    }

    /**
     * Creates missing remote topics and grows short ones (when partition sync is on).
     *
     * @return the source topics whose remote topic is ready to receive every partition
     * @throws MismatchException when a remote topic has fewer partitions than its source and may not grow
     */
    List<SourceTopic> ensure(Collection<SourceTopic> topics) {
        Map<String, Integer> remotePartitions = describeRemote(topics);
        List<SourceTopic> missing = new ArrayList<>();
        Map<String, NewPartitions> grow = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        for (SourceTopic topic : topics) {
            Integer existing = remotePartitions.get(topic.remoteName());
            if (existing == null) {
                missing.add(topic);
            } else if (existing < topic.partitions()) {
                if (syncPartitions) {
                    grow.put(topic.remoteName(), NewPartitions.increaseTo(topic.partitions()));
                } else {
                    mismatches.add("remote topic '" + topic.remoteName() + "' has " + existing
                        + " partition(s) but source topic '" + topic.name() + "' has " + topic.partitions());
                }
            }
        }
        if (!mismatches.isEmpty()) {
            throw new MismatchException(String.join("; ", mismatches) + ". Records keep their partition number, so "
                + "add partitions to the remote topic(s) or set " + MirrorSourceConfig.SYNC_PARTITIONS_ENABLED + "=true.");
        }
        create(missing);
        if (!grow.isEmpty()) {
            try {
                KafkaCalls.await(targetAdmin.createPartitions(grow, new CreatePartitionsOptions().timeoutMs(timeoutMs())).all(), callTimeout, "adding partitions to remote topics");
            } catch (TopicAuthorizationException denied) {
                throw new DeniedException("target", "ALTER (adding partitions)", grow.keySet(), denied);
            }
            grow.forEach((name, partitions) -> log.info("Grew remote topic {} to {} partitions", name, partitions.totalCount()));
        }
        return new ArrayList<>(topics);
    }

    /** Creates one of Ferry's own topics on the target (one partition, the configured replication) unless it exists. */
    void ensureInternal(String name) {
        ensureInternal(targetAdmin, "target", name, Map.of());
    }

    /** Creates one of Ferry's own topics with the given settings through {@code admin} unless it exists. */
    void ensureInternal(Admin admin, String cluster, String name, Map<String, String> configs) {
        try {
            // the configured replication factor is the target's; on the source the broker default applies
            Optional<Short> replication = "target".equals(cluster) ? replicationFactor : Optional.empty();
            KafkaCalls.await(admin.createTopics(List.of(new NewTopic(name, Optional.of(1), replication).configs(configs)),
                new CreateTopicsOptions().timeoutMs(timeoutMs())).all(), callTimeout, "creating topic '" + name + "'");
            log.info("Created topic {} on the {} cluster", name, cluster);
        } catch (TopicExistsException exists) {
            // nothing to do
        } catch (TopicAuthorizationException denied) {
            throw new DeniedException(cluster, "CREATE", Set.of(name), denied);
        } catch (InvalidReplicationFactorException tooFewBrokers) {
            throw tooFewBrokers(cluster, name, "target".equals(cluster) ? replicationFactor : Optional.empty(), tooFewBrokers);
        }
    }

    /**
     * A topic the cluster cannot create with the replication factor asked for, e.g. 3 on a one-broker
     * cluster: fatal rather than retried, since waiting does not add brokers, and the message names the
     * topic, the factor and the setting to change.
     */
    private static MismatchException tooFewBrokers(String cluster, String topic, Optional<Short> factor,
                                                   InvalidReplicationFactorException cause) {
        String asked = factor.map(rf -> "replication factor " + rf + " (" + MirrorSourceConfig.TARGET_REPLICATION_FACTOR + ")")
            .orElse("the broker's default.replication.factor (" + MirrorSourceConfig.TARGET_REPLICATION_FACTOR + "=-1)");
        MismatchException e = new MismatchException("the " + cluster + " cluster cannot create topic '" + topic + "' with " + asked
            + ": " + cause.getMessage() + " Lower the replication factor to at most the number of brokers, or add brokers.");
        e.initCause(cause);
        return e;
    }

    /**
     * A denied topic operation, naming the cluster ("source" or "target"), the operation and the topics:
     * the admin client itself reports one as "Authorization failed." with no topic named.
     */
    static final class DeniedException extends TopicAuthorizationException {
        private final String cluster;
        private final String operation;

        DeniedException(String cluster, String operation, Collection<String> topics, TopicAuthorizationException cause) {
            super("the " + cluster + " cluster denied " + operation + " on topic(s) " + new TreeSet<>(topics) + ": "
                + cause.getMessage(), Set.copyOf(topics));
            this.cluster = cluster;
            this.operation = operation;
            initCause(cause);
        }

        /** "source" or "target". */
        String cluster() {
            return cluster;
        }

        /** The denied operation, e.g. "CREATE". */
        String operation() {
            return operation;
        }
    }

    private void create(List<SourceTopic> missing) {
        if (missing.isEmpty()) {
            return;
        }
        Map<String, Map<String, String>> settings = Map.of();
        if (syncConfigs) {
            List<String> names = missing.stream().map(SourceTopic::name).toList();
            try {
                settings = configSync.sourceSettings(names);
            } catch (TopicAuthorizationException denied) {
                throw new DeniedException("source", "DESCRIBE_CONFIGS (" + MirrorSourceConfig.SYNC_CONFIGS_ENABLED + "=true)", names, denied);
            }
        }
        List<NewTopic> newTopics = new ArrayList<>();
        for (SourceTopic topic : missing) {
            NewTopic newTopic = new NewTopic(topic.remoteName(), Optional.of(topic.partitions()), replicationFactor);
            newTopic.configs(settings.getOrDefault(topic.name(), Map.of()));
            newTopics.add(newTopic);
        }
        Map<String, KafkaFuture<Void>> results = targetAdmin.createTopics(newTopics, new CreateTopicsOptions().timeoutMs(timeoutMs())).values();
        for (NewTopic newTopic : newTopics) {
            try {
                KafkaCalls.await(results.get(newTopic.name()), callTimeout, "creating remote topic '" + newTopic.name() + "'");
                log.info("Created remote topic {} with {} partitions", newTopic.name(), newTopic.numPartitions());
            } catch (TopicAuthorizationException denied) {
                throw new DeniedException("target", "CREATE", Set.of(newTopic.name()), denied);
            } catch (InvalidReplicationFactorException tooFewBrokers) {
                throw tooFewBrokers("target", newTopic.name(), replicationFactor, tooFewBrokers);
            } catch (TopicExistsException raced) {
                // Created by someone else meanwhile; its partition count is checked on the next pass.
                log.debug("Remote topic {} appeared while creating it", newTopic.name());
            }
        }
    }

    private int timeoutMs() {
        return (int) callTimeout.toMillis();
    }

    private Map<String, Integer> describeRemote(Collection<SourceTopic> topics) {
        Map<String, Integer> partitions = new HashMap<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        Set<String> names = new HashSet<>();
        topics.forEach(topic -> names.add(topic.remoteName()));
        Map<String, KafkaFuture<TopicDescription>> futures =
            targetAdmin.describeTopics(TopicCollection.ofTopicNames(names), new DescribeTopicsOptions().timeoutMs(timeoutMs())).topicNameValues();
        futures.forEach((name, future) -> {
            try {
                partitions.put(name, KafkaCalls.await(future, callTimeout, "describing remote topic '" + name + "'")
                    .partitions().size());
            } catch (UnknownTopicOrPartitionException absent) {
                // not created yet
            } catch (TopicAuthorizationException denied) {
                throw new DeniedException("target", "DESCRIBE", Set.of(name), denied);
            }
        });
        return partitions;
    }
}
