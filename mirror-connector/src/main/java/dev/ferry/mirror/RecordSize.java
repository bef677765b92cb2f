package dev.ferry.mirror;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * The size a record has on the wire when it is the only record of an uncompressed batch (record
 * format v2): what a broker compares with a topic's {@code max.message.bytes} in the worst case.
 */
final class RecordSize {

    /** Fixed header of a v2 record batch, in bytes. */
    static final int BATCH_OVERHEAD = 61;

    private RecordSize() {
    }

    static int ofSingleRecordBatch(ConsumerRecord<byte[], byte[]> record) {
        int body = 1; // attributes
        body += 1;    // timestamp delta 0
        body += 1;    // offset delta 0
        body += bytesField(record.key());
        body += bytesField(record.value());
        Header[] headers = record.headers().toArray();
        body += varintSize(headers.length);
        for (Header header : headers) {
            byte[] key = header.key().getBytes(StandardCharsets.UTF_8);
            body += varintSize(key.length) + key.length;
            body += bytesField(header.value());
        }
        return BATCH_OVERHEAD + varintSize(body) + body;
    }

    private static int bytesField(byte[] bytes) {
        return bytes == null ? varintSize(-1) : varintSize(bytes.length) + bytes.length;
    }

    /** Length of a zig-zag varint, as Kafka's record format writes lengths. */
    static int varintSize(int value) {
        int zigzag = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((zigzag & 0xffffff80) != 0) {
            bytes++;
            zigzag >>>= 7;
        }
        return bytes;
    }
}
