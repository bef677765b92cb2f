package dev.ferry.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/** Hand-built "target topic" contents for checker tests: what a perfect mirror would have written. */
final class TargetCopies {

    static final String TARGET_TOPIC = "src.orders";

    private TargetCopies() {
    }

    /** Exact copies of every expected record, partition by partition, offsets from 0. */
    static List<ConsumerRecord<byte[], byte[]>> exact(String run, String topic, Map<Integer, Long> counts) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        new TreeMap<>(counts).forEach((partition, count) -> {
            for (long seq = 0; seq < count; seq++) {
                records.add(copy(OracleRecords.record(run, topic, partition, seq), partition, seq));
            }
        });
        return records;
    }

    /** An exact copy of {@code expected} at (targetPartition, offset). */
    static ConsumerRecord<byte[], byte[]> copy(ExpectedRecord expected, int targetPartition, long offset) {
        return record(targetPartition, offset, expected.timestamp(), expected.key(), expected.value(),
                expected.kafkaHeaders());
    }

    static ConsumerRecord<byte[], byte[]> record(int partition, long offset, long timestamp, byte[] key, byte[] value,
                                                 Headers headers) {
        return new ConsumerRecord<>(TARGET_TOPIC, partition, offset, timestamp, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers,
                Optional.empty());
    }

    /** The same record at another position: offsets are positional, so swapping list entries reorders them. */
    static ConsumerRecord<byte[], byte[]> atOffset(ConsumerRecord<byte[], byte[]> r, int partition, long offset) {
        return record(partition, offset, r.timestamp(), r.key(), r.value(), r.headers());
    }
}
