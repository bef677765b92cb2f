package dev.ferry.mirror;

import dev.ferry.common.KafkaCalls;
import dev.ferry.common.ReplicationPolicy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Lists the source topics selected for mirroring, with their ids and partition counts. */
final class SourceTopicScanner {

    private final Admin sourceAdmin;
    private final TopicFilter filter;
    private final ReplicationPolicy policy;
    private final String sourceAlias;
    private final Duration callTimeout;

    SourceTopicScanner(Admin sourceAdmin, TopicFilter filter, ReplicationPolicy policy, String sourceAlias, Duration callTimeout) {
        this.sourceAdmin = sourceAdmin;
        this.filter = filter;
        this.policy = policy;
        this.sourceAlias = sourceAlias;
        this.callTimeout = callTimeout;
    }

    /**
     * The selected topics by source name. A topic deleted between listing and describing is left out,
     * as it would be one scan later.
     */
    Map<String, SourceTopic> scan() {
        Set<String> names = KafkaCalls.await(
            sourceAdmin.listTopics(new ListTopicsOptions().listInternal(false).timeoutMs(timeoutMs())).names(), callTimeout,
            "listing topics of source cluster '" + sourceAlias + "'");
        List<String> selected = names.stream().filter(filter::accepts).sorted().toList();
        Map<String, SourceTopic> topics = new TreeMap<>();
        if (selected.isEmpty()) {
            return topics;
        }
        Map<String, KafkaFuture<TopicDescription>> descriptions =
            sourceAdmin.describeTopics(TopicCollection.ofTopicNames(selected), new DescribeTopicsOptions().timeoutMs(timeoutMs())).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : descriptions.entrySet()) {
            TopicDescription description;
            try {
                description = KafkaCalls.await(entry.getValue(), callTimeout,
                    "describing topic '" + entry.getKey() + "' of source cluster '" + sourceAlias + "'");
            } catch (UnknownTopicOrPartitionException deletedMeanwhile) {
                continue;
            }
            topics.put(entry.getKey(), new SourceTopic(entry.getKey(), description.topicId(),
                description.partitions().size(), policy.remoteTopic(sourceAlias, entry.getKey())));
        }
        return topics;
    }

    /** The admin client gives up on its own too, so abandoned calls do not pile up while a cluster is away. */
    private int timeoutMs() {
        return (int) callTimeout.toMillis();
    }
}
