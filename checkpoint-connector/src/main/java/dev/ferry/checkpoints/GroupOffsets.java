package dev.ferry.checkpoints;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.Map;

/** Reads consumer groups' committed offsets on the source cluster. */
interface GroupOffsets extends AutoCloseable {

    /**
     * @param groups the groups to read
     * @return each group that could be read, with its committed offsets (a group with none, or that no
     *         longer exists, maps to an empty map); groups whose read failed for a passing reason are left
     *         out, to be tried again next time
     * @throws org.apache.kafka.common.errors.AuthorizationException when the source denies the read
     */
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Collection<String> groups);

    @Override
    default void close() {
    }
}
