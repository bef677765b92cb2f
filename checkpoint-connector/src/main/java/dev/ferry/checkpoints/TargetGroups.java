package dev.ferry.checkpoints;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/** Consumer groups of the target cluster, as the optional group sync sees them. Tests substitute fakes. */
interface TargetGroups extends AutoCloseable {

    /**
     * @return the group's state on the target, with {@link GroupState#DEAD} for a group that does not exist
     * @throws org.apache.kafka.common.KafkaException when the target cannot answer
     */
    GroupState state(String group);

    /** Whether the group has members on the target (state aside). */
    default boolean hasMembers(String group) {
        return false;
    }

    /**
     * @return the group's committed offsets on the target (empty when it has none)
     * @throws org.apache.kafka.common.KafkaException when the target cannot answer
     */
    Map<TopicPartition, OffsetAndMetadata> committed(String group);

    /**
     * Commits offsets for the group on the target; the broker refuses it when the group has members.
     *
     * @throws org.apache.kafka.common.KafkaException when the commit fails
     */
    void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets);

    @Override
    default void close() {
    }
}
