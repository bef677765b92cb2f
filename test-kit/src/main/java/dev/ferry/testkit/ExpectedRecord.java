package dev.ferry.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What one oracle record looks like: the record produced to the source, and so the copy the mirror
 * must write to the target (same partition number, key, value, headers in order, and timestamp).
 *
 * <p>Immutable: byte arrays are copied in and out.
 *
 * @param id        which record this is; its partition is the record's partition
 * @param key       key bytes, or null
 * @param value     value bytes, or null for a tombstone
 * @param headers   headers in order, possibly with repeated keys and null values
 * @param timestamp the record timestamp (create time), epoch ms
 */
public record ExpectedRecord(OracleId id, byte[] key, byte[] value, List<OracleHeader> headers, long timestamp) {

    /** Copies the arrays and the header list. */
    public ExpectedRecord {
        Objects.requireNonNull(id, "id");
        key = key == null ? null : key.clone();
        value = value == null ? null : value.clone();
        headers = List.copyOf(headers);
    }

    /** @return the partition the record is produced to and must be copied to */
    public int partition() {
        return id.partition();
    }

    /** @return a copy of the key, or null */
    @Override
    public byte[] key() {
        return key == null ? null : key.clone();
    }

    /** @return a copy of the value, or null for a tombstone */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** @return the headers as Kafka client headers, in order */
    public RecordHeaders kafkaHeaders() {
        List<Header> list = new ArrayList<>(headers.size());
        for (OracleHeader h : headers) {
            list.add(new RecordHeader(h.key(), h.value()));
        }
        return new RecordHeaders(list);
    }

    /**
     * @param topic the topic to send to
     * @return a producer record with an explicit partition and timestamp, so nothing about it is left
     *         to the partitioner or the clock
     */
    public ProducerRecord<byte[], byte[]> toProducerRecord(String topic) {
        return new ProducerRecord<>(topic, partition(), timestamp, key, value, kafkaHeaders());
    }

    /** Compares arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectedRecord other
                && id.equals(other.id)
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value)
                && headers.equals(other.headers)
                && timestamp == other.timestamp;
    }

    @Override
    public int hashCode() {
        int h = id.hashCode();
        h = 31 * h + Arrays.hashCode(key);
        h = 31 * h + Arrays.hashCode(value);
        h = 31 * h + headers.hashCode();
        return 31 * h + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "ExpectedRecord[" + id + " key=" + ByteFormat.describe(key) + " value=" + ByteFormat.describe(value)
                + " headers=" + headers + " timestamp=" + timestamp + "]";
    }
}
