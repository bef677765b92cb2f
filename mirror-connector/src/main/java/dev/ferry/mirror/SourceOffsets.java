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
 * {@code {"offset": <last copied upstream offset>, "topic.id": <topic id when copied>, "synced": <upstream offset>}};
 * the topic id tells a restarted task that the topic was deleted and recreated meanwhile. Offsets altered through
 * Connect's offsets API may leave the topic id out.
 *
 * <p>{@code synced} (at least once, with offset syncs on) is how far the offset syncs in the topic described the
 * partition's copies when the record was polled. Connect commits a record's offset once the target acknowledged it,
 * independently of the syncs: a task killed in between leaves copies that no sync describes, and a consumer
 * offset among them could only be translated conservatively (it would re-read them). A restarted task therefore
 * resumes right after {@code synced} when that is earlier than {@code offset}, unless the newest sync of the
 * partition in the topic already reaches {@code offset} (a task that stops gracefully writes final syncs after
 * its last offset commit, see {@link OffsetSyncsTail}): it copies those records once more (at least once allows
 * it) and every consumer offset translates exactly. Exactly once never stores it: there the offsets are committed
 * with the copies' transaction and a re-sent record would be a duplicate.
 */
final class SourceOffsets {

    static final String CLUSTER = "cluster";
    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";
    static final String TOPIC_ID = "topic.id";
    static final String SYNCED = "synced";

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
        Object synced = offset.get(SYNCED);
        if (synced != null && !(synced instanceof Number)) {
            throw new ConnectException("Offset " + offset + " for source partition " + partition + " has a 'synced' that is "
                + "not a number; leave it out to resume right after 'offset'");
        }
    }

    /** A stored offset's {@link #OFFSET}, the last copied upstream offset, or null when it has none. */
    static Long copied(Map<String, ?> offset) {
        return offset != null && offset.get(OFFSET) instanceof Number copied ? copied.longValue() : null;
    }

    /** A stored offset's {@link #SYNCED}, or null when it has none. */
    static Long synced(Map<String, ?> offset) {
        return offset != null && offset.get(SYNCED) instanceof Number synced && synced.longValue() >= 0 ? synced.longValue() : null;
    }

    /**
     * The last upstream offset a task resumes after, from a stored offset: {@code offset}, or {@code synced} when
     * that is earlier (see the class comment).
     *
     * @return the offset, or null when none is stored
     */
    static Long resumeAfter(Map<String, ?> offset) {
        Long copied = copied(offset);
        Long synced = synced(offset);
        if (copied == null || synced == null) {
            return copied; // not Math.min in a conditional expression: that would unbox a missing offset
        }
        return Math.min(copied, synced);
    }
}
