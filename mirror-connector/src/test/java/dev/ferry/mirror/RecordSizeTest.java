package dev.ferry.mirror;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our size formula against the bytes Kafka's own record format writes for a one-record batch. */
class RecordSizeTest {

    private static void assertSameAsKafka(byte[] key, byte[] value, Header... headers) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, 123_456L, 1_700_000_000_000L,
            TimestampType.CREATE_TIME, -1, -1, key, value, new RecordHeaders(headers), Optional.empty());
        int kafka = MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1_700_000_000_000L, key, value, headers))
            .sizeInBytes();
        assertEquals(kafka, RecordSize.ofSingleRecordBatch(record));
    }

    @Test
    void matchesKafkasEncodingForNullsHeadersAndLargeValues() {
        Random random = new Random(7);
        byte[] big = new byte[70_000];
        random.nextBytes(big);
        assertSameAsKafka(null, null);
        assertSameAsKafka(new byte[0], new byte[0]);
        assertSameAsKafka("k".getBytes(), big);
        assertSameAsKafka(new byte[200], new byte[5],
            new RecordHeader("trace", new byte[] {1, 2}), new RecordHeader("empty", null), new RecordHeader("ünï", new byte[130]));
    }

    @Test
    void varintSizesFollowZigZagEncoding() {
        assertEquals(1, RecordSize.varintSize(0));
        assertEquals(1, RecordSize.varintSize(-1));
        assertEquals(1, RecordSize.varintSize(63));
        assertEquals(2, RecordSize.varintSize(64));
        assertEquals(5, RecordSize.varintSize(Integer.MAX_VALUE));
    }
}
