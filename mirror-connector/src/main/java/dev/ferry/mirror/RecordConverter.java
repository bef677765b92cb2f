package dev.ferry.mirror;

import dev.ferry.common.Provenance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.HashMap;
import java.util.Map;

/**
 * Turns a source record into the record Connect writes to the target: same key, value, headers,
 * timestamp and partition number, all as bytes (the connector requires the byte-array converters, so
 * nothing is re-encoded).
 *
 * <p>When remote names carry no lineage (identity policy) a provenance header naming the origin
 * cluster is added to records that have none, and records that originated on the target cluster are
 * not copied back ({@link #convert} returns {@code null} for them).
 */
final class RecordConverter {

    private final String sourceAlias;
    private final String targetAlias;
    private final boolean stampProvenance;
    private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
    private final byte[] provenanceValue;

    RecordConverter(String sourceAlias, String targetAlias, boolean stampProvenance) {
        this.sourceAlias = sourceAlias;
        this.targetAlias = targetAlias;
        this.stampProvenance = stampProvenance;
        this.provenanceValue = Provenance.valueFor(sourceAlias);
    }

    /** What is fixed per partition, computed once rather than per record. */
    private record PartitionState(Map<String, Object> sourcePartition, String remoteTopic, String topicId) {
    }

    void register(AssignedPartition partition) {
        partitions.put(partition.source(), new PartitionState(
            SourceOffsets.partitionKey(sourceAlias, partition.source()), partition.remoteTopic(), partition.topicId().toString()));
    }

    /** The source-partition map every record of {@code source} carries (one instance per registration). */
    Map<String, Object> sourcePartition(TopicPartition source) {
        PartitionState state = partitions.get(source);
        if (state == null) {
            throw new IllegalStateException("Partition " + source + " is not registered");
        }
        return state.sourcePartition();
    }

    /**
     * @param synced how far the offset syncs in the topic describe the partition's copies, stored with the offset
     *               (see {@link SourceOffsets}); -1 to store none
     * @return the record to write, or {@code null} when the record came from the target cluster and must not go back
     */
    SourceRecord convert(TopicPartition source, ConsumerRecord<byte[], byte[]> record, long synced) {
        PartitionState state = partitions.get(source);
        if (state == null) {
            throw new IllegalStateException("Record from unassigned partition " + record.topic() + "-" + record.partition());
        }
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), header.value(), Schema.OPTIONAL_BYTES_SCHEMA);
        }
        if (stampProvenance) {
            String origin = Provenance.originOf(record.headers());
            if (targetAlias.equals(origin)) {
                return null;
            }
            if (origin == null) {
                headers.add(Provenance.HEADER, provenanceValue, Schema.OPTIONAL_BYTES_SCHEMA);
            }
        }
        Long timestamp = record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE ? null : record.timestamp();
        return new SourceRecord(
            state.sourcePartition(),
            synced < 0 ? Map.of(SourceOffsets.OFFSET, record.offset(), SourceOffsets.TOPIC_ID, state.topicId())
                : Map.of(SourceOffsets.OFFSET, record.offset(), SourceOffsets.TOPIC_ID, state.topicId(), SourceOffsets.SYNCED, synced),
            state.remoteTopic(), record.partition(),
            Schema.OPTIONAL_BYTES_SCHEMA, record.key(),
            Schema.OPTIONAL_BYTES_SCHEMA, record.value(),
            timestamp, headers);
    }
}
