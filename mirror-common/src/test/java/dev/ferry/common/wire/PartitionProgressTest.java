package dev.ferry.common.wire;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionProgressTest {

    private final PartitionProgress progress = new PartitionProgress("mirror-€", new TopicPartition("orders", 3), "east", "west",
        "east.orders", 2, 1_700_000_005_000L, 1_700_000_000_000L, 5_000, 1_700_000_004_900L, 4_990, 4_321,
        1_700_000_004_800L, 4_990, 2_495_000, new PartitionProgress.Latency(120, 4, 17, 40, 41));

    @Test
    void roundTrips() {
        assertEquals(progress, PartitionProgress.deserialize(progress.serializeKey(), progress.serializeValue()));
        PartitionProgress fresh = new PartitionProgress("m", new TopicPartition("t", 0), "a", "b", "t", 0, 1, 1, -1, -1, -1, -1, -1,
            0, 0, PartitionProgress.Latency.NONE);
        assertEquals(fresh, PartitionProgress.deserialize(fresh.serializeKey(), fresh.serializeValue()));
    }

    @Test
    void lagIsLogEndMinusNextOffsetAndUnknownWhenEitherIs() {
        assertEquals(10, progress.lagRecords());
        PartitionProgress fresh = new PartitionProgress("m", new TopicPartition("t", 0), "a", "b", "t", 0, 1, 1, 50, 1, -1, -1, -1,
            0, 0, PartitionProgress.Latency.NONE);
        assertEquals(-1, fresh.lagRecords());
    }

    @Test
    void keyLayoutIsTheDocumentedOne() {
        ByteBuffer key = ByteBuffer.wrap(progress.serializeKey());
        assertEquals(1, key.getShort());
        assertEquals("mirror-€".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, key.getShort());
        key.position(key.position() + 10);
        assertEquals(6, key.getShort());
        key.position(key.position() + 6);
        assertEquals(3, key.getInt());
        assertEquals(0, key.remaining());
    }

    /** The appended audit block of a report without audit windows: window length, count, older consumed and acknowledged. */
    private static final int EMPTY_AUDIT_BYTES = 3 * Long.BYTES + Integer.BYTES;

    @Test
    void valueLayoutHasTheLatencySummaryBeforeTheAppendedAudit() {
        ByteBuffer value = ByteBuffer.wrap(progress.serializeValue());
        value.position(value.limit() - EMPTY_AUDIT_BYTES - 5 * Long.BYTES);
        assertEquals(120, value.getLong());
        assertEquals(4, value.getLong());
        assertEquals(17, value.getLong());
        assertEquals(40, value.getLong());
        assertEquals(41, value.getLong());
        assertEquals(0, value.getLong());
        assertEquals(0, value.getInt());
    }

    @Test
    void auditWindowsRoundTripAndReportsOfEarlierReleasesHaveNone() {
        PartitionProgress audited = new PartitionProgress("m", new TopicPartition("t", 1), "a", "b", "a.t", 0, 10, 1, 100, 9, 90,
            89, 8, 90, 900, PartitionProgress.Latency.NONE, new PartitionProgress.Audit(60_000,
                java.util.List.of(new PartitionProgress.AuditWindow(60_000, 50, 50), new PartitionProgress.AuditWindow(120_000, 45, 40)),
                7, 6));
        assertEquals(audited, PartitionProgress.deserialize(audited.serializeKey(), audited.serializeValue()));
        byte[] earlier = Arrays.copyOf(progress.serializeValue(), progress.serializeValue().length - EMPTY_AUDIT_BYTES);
        assertEquals(PartitionProgress.Audit.NONE, PartitionProgress.deserialize(progress.serializeKey(), earlier).audit());
    }

    @Test
    void ignoresFieldsAppendedBySameVersion() {
        byte[] value = Arrays.copyOf(progress.serializeValue(), progress.serializeValue().length + 7);
        assertEquals(progress, PartitionProgress.deserialize(progress.serializeKey(), value));
    }

    @Test
    void rejectsNewerVersionsTruncationsAndNegativeCounters() {
        byte[] newer = progress.serializeValue();
        ByteBuffer.wrap(newer).putShort((short) 2);
        WireFormatException e = assertThrows(WireFormatException.class,
            () -> PartitionProgress.deserialize(progress.serializeKey(), newer));
        assertTrue(e.getMessage().startsWith("progress value has format version 2"), e.getMessage());
        byte[] value = progress.serializeValue();
        for (int length = 0; length < value.length; length++) {
            if (length == value.length - EMPTY_AUDIT_BYTES) {
                continue; // a complete report of a release without the audit block
            }
            byte[] truncated = Arrays.copyOf(value, length);
            assertThrows(WireFormatException.class, () -> PartitionProgress.deserialize(progress.serializeKey(), truncated),
                "truncated to " + length);
        }
        byte[] negative = progress.serializeValue();
        ByteBuffer.wrap(negative).putLong(negative.length - EMPTY_AUDIT_BYTES - 5 * Long.BYTES, -3);
        WireFormatException counter = assertThrows(WireFormatException.class,
            () -> PartitionProgress.deserialize(progress.serializeKey(), negative));
        assertTrue(counter.getMessage().contains("latency count -3"), counter.getMessage());
    }
}
