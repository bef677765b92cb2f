package dev.ferry.mirror;

import dev.ferry.common.Provenance;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RecordConverterTest {

    private static final Uuid ID = Uuid.randomUuid();
    private static final TopicPartition ORDERS_3 = new TopicPartition("orders", 3);

    private static RecordConverter converter(boolean provenance) {
        RecordConverter converter = new RecordConverter("east", "west", provenance);
        converter.register(new AssignedPartition(new TopicPartition("orders", 3), ID, "east.orders"));
        return converter;
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("orders", 3, 42L, 1_700_000_000_123L, TimestampType.CREATE_TIME,
            key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    /** What the worker's byte-array header converter makes of the copy's headers. */
    private static List<String> headerBytes(SourceRecord copy) {
        ByteArrayConverter converter = new ByteArrayConverter();
        List<String> result = new ArrayList<>();
        for (Header header : copy.headers()) {
            byte[] bytes = converter.fromConnectHeader(copy.topic(), header.key(), header.schema(), header.value());
            result.add(header.key() + "=" + (bytes == null ? "null" : new String(bytes, StandardCharsets.ISO_8859_1)));
        }
        return result;
    }

    @Test
    void copiesKeyValueHeadersTimestampAndPartitionUnchanged() {
        byte[] key = {0, (byte) 0xff, 7};
        byte[] value = {1, 2, 3, (byte) 0x80};
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("trace", new byte[] {9, (byte) 0xfe}));
        headers.add(new RecordHeader("empty", null));
        headers.add(new RecordHeader("trace", new byte[] {1}));

        SourceRecord copy = converter(false).convert(ORDERS_3, record(key, value, headers), -1);

        assertEquals("east.orders", copy.topic());
        assertEquals(3, copy.kafkaPartition());
        assertArrayEquals(key, (byte[]) copy.key());
        assertArrayEquals(value, (byte[]) copy.value());
        assertEquals(1_700_000_000_123L, copy.timestamp());
        assertEquals(List.of("trace=\u0009\u00fe", "empty=null", "trace=\u0001"), headerBytes(copy));
        assertEquals(Map.of("cluster", "east", "topic", "orders", "partition", 3), copy.sourcePartition());
        assertEquals(Map.of("offset", 42L, "topic.id", ID.toString()), copy.sourceOffset());
    }

    @Test
    void theStoredOffsetSaysHowFarTheOffsetSyncsDescribedTheCopiesWhenKnown() {
        SourceRecord copy = converter(false).convert(ORDERS_3, record(null, new byte[] {1}, new RecordHeaders()), 37);
        assertEquals(Map.of("offset", 42L, "topic.id", ID.toString(), "synced", 37L), copy.sourceOffset());
        assertEquals(37L, SourceOffsets.resumeAfter(copy.sourceOffset()), "a restart resumes right after the synced copy");
        assertEquals(42L, SourceOffsets.resumeAfter(Map.of("offset", 42L, "synced", 50L)), "never past the copied offset");
        assertEquals(42L, SourceOffsets.resumeAfter(Map.of("offset", 42L)), "offsets without it (altered through REST)");
    }

    @Test
    void nullKeysAndTombstonesStayNull() {
        SourceRecord copy = converter(false).convert(ORDERS_3, record(null, null, new RecordHeaders()), -1);
        assertNull(copy.key());
        assertNull(copy.value());
        assertEquals(List.of(), headerBytes(copy));
    }

    @Test
    void identityPolicyStampsTheOriginAndNeverSendsTargetRecordsBack() {
        RecordConverter converter = converter(true);
        SourceRecord local = converter.convert(ORDERS_3, record(null, new byte[] {1}, new RecordHeaders()), -1);
        assertEquals(List.of(Provenance.HEADER + "=east"), headerBytes(local));

        RecordHeaders fromWest = new RecordHeaders();
        fromWest.add(Provenance.HEADER, Provenance.valueFor("west"));
        assertNull(converter.convert(ORDERS_3, record(null, new byte[] {1}, fromWest), -1));

        RecordHeaders fromNorth = new RecordHeaders();
        fromNorth.add(Provenance.HEADER, Provenance.valueFor("north"));
        assertEquals(List.of(Provenance.HEADER + "=north"), headerBytes(converter.convert(ORDERS_3, record(null, new byte[] {1}, fromNorth), -1)),
            "an existing origin is kept, not stamped twice");
    }
}
