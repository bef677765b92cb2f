package dev.ferry.mirror;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of the source partitions and offsets that tasks store in Connect's offsets topic.
 *
 * <p>Partition: {@code {"cluster": <source alias>, "topic": <name>, "partition": <n>}}. Offset:
 * {@code {"offset": <last copied upstream offset>, "topic.id": <topic id when copied>}}; the topic id
 * tells a restarted task that the topic was deleted and recreated meanwhile. Offsets altered through
 * Connect's offsets API may leave the topic id out.
 */
final class SourceOffsets {

    static final String CLUSTER = "cluster";
    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";
    static final String TOPIC_ID = "topic.id";

    private SourceOffsets() {
    }

    /**
     * The partition key, its entries in alphabetical order (cluster, partition, topic). Connect stores
     * offsets under the key's serialized JSON, so the order matters: an offset altered through the REST
     * API, whose answers list keys alphabetically, must land under the very key the task reads.
     */
    static Map<String, Object> partitionKey(String sourceAlias, TopicPartition partition) {
        Map<String, Object> key = new LinkedHashMap<>(4);
        key.put(CLUSTER, sourceAlias);
        key.put(PARTITION, partition.partition());
        key.put(TOPIC, partition.topic());
        return Collections.unmodifiableMap(key);
    }

    /**
     * Checks one entry given to Connect's offsets API.
     *
     * @throws ConnectException naming what is wrong with the entry
     */
    static void validate(Map<String, ?> partition, Map<String, ?> offset) {
        if (partition == null) {
            throw new ConnectException("Source partition must not be null");
        }
        for (String key : new String[] {CLUSTER, TOPIC, PARTITION}) {
            if (!partition.containsKey(key)) {
                throw new ConnectException("Source partition " + partition + " lacks '" + key
                    + "'; expected {\"cluster\", \"topic\", \"partition\"}");
            }
        }
        if (!(partition.get(PARTITION) instanceof Number)) {
            throw new ConnectException("'partition' of source partition " + partition + " must be a number");
        }
        if (offset == null) {
            return; // resetting a partition's offset is allowed
        }
        Object value = offset.get(OFFSET);
        if (!(value instanceof Number number) || number.longValue() < -1) {
            throw new ConnectException("Offset " + offset + " for source partition " + partition
                + " must have a numeric 'offset' of at least -1 (the last copied upstream offset; -1 = copy from offset 0)");
        }
    }
}
