package dev.ferry.testkit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/** Topic creation and topic waits on one cluster, through one Admin client kept for the cluster's life. */
final class TopicOps implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String clusterName;
    private final Admin admin;

    TopicOps(String clusterName, EmbeddedKafkaCluster cluster) {
        this.clusterName = clusterName;
        this.admin = cluster.createAdminClient();
    }

    /**
     * Creates the topic (replication factor 1) and returns only once every partition's leader answers
     * an offsets lookup: a just-created topic's leaders can lag its metadata, and an idempotent
     * producer that hits "not leader" there goes on to loop on out-of-order sequence errors.
     */
    void create(String name, int partitions, Map<String, String> configs, Duration timeout) throws Exception {
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.of((short) 1))
                .configs(configs == null ? Map.of() : configs);
        admin.createTopics(List.of(topic)).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Waits.until("every leader of " + clusterName + " topic '" + name + "' to answer an offsets lookup", timeout,
                () -> leadersAnswer(name, partitions));
    }

    /**
     * Waits until the topic exists with exactly {@code partitions} partitions, each with a leader that
     * answers an offsets lookup.
     */
    TopicDescription await(String name, int partitions, Duration timeout) {
        return Waits.untilValue(clusterName + " topic '" + name + "' with " + partitions + " led partitions", timeout,
                () -> describe(name),
                description -> description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())
                        && leadersAnswerQuietly(name, partitions));
    }

    private TopicDescription describe(String name) throws Exception {
        return admin.describeTopics(Set.of(name)).allTopicNames()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
    }

    private boolean leadersAnswer(String name, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(name, p), OffsetSpec.latest());
        }
        // throws (and so is retried) until every partition's leader has answered
        return admin.listOffsets(request).all().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size() == partitions;
    }

    private boolean leadersAnswerQuietly(String name, int partitions) {
        try {
            return leadersAnswer(name, partitions);
        } catch (Exception notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        admin.close(CALL_TIMEOUT);
    }
}
