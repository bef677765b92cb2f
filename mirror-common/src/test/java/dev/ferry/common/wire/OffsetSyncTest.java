package dev.ferry.common.wire;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetSyncTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders.v1-ü", 7);

    private final OffsetSync runStart = OffsetSync.runStart(ORDERS, 120, 95, new RunSpan(100, 70, 117, 87), 1_700_000_000_000L);
    private final OffsetSync progress = OffsetSync.progress(ORDERS, new RunSpan(120, 95, 180, 155), null, 1_700_000_001_000L);

    @Test
    void roundTripsBothKinds() {
        for (OffsetSync sync : new OffsetSync[] {runStart, progress}) {
            assertEquals(sync, OffsetSync.deserialize(sync.serializeKey(), sync.serializeValue()));
        }
        assertEquals(120, runStart.upstream());
        assertEquals(155, progress.downstream());
    }

    @Test
    void valueLayoutIsTheDocumentedOne() {
        ByteBuffer value = ByteBuffer.wrap(runStart.serializeValue());
        assertEquals(75, value.remaining());
        assertEquals(1, value.getShort());
        assertEquals(OffsetSync.Kind.RUN_START.code(), value.get());
        long[] expected = {120, 95, 120, 95, 100, 70, 117, 87, 1_700_000_000_000L};
        for (long field : expected) {
            assertEquals(field, value.getLong());
        }
        ByteBuffer noPrevious = ByteBuffer.wrap(progress.serializeValue());
        noPrevious.position(3 + 4 * Long.BYTES);
        for (int i = 0; i < 4; i++) {
            assertEquals(-1, noPrevious.getLong());
        }
    }

    @Test
    void keyLayoutIsTheDocumentedOne() {
        ByteBuffer key = ByteBuffer.wrap(runStart.serializeKey());
        byte[] topic = ORDERS.topic().getBytes(StandardCharsets.UTF_8);
        assertEquals(1, key.getShort());
        assertEquals(topic.length, key.getShort());
        byte[] read = new byte[topic.length];
        key.get(read);
        assertEquals(ORDERS.topic(), new String(read, StandardCharsets.UTF_8));
        assertEquals(7, key.getInt());
        assertEquals(0, key.remaining());
    }

    @Test
    void ignoresFieldsAppendedBySameVersion() {
        byte[] key = Arrays.copyOf(progress.serializeKey(), progress.serializeKey().length + 3);
        byte[] value = Arrays.copyOf(progress.serializeValue(), progress.serializeValue().length + 16);
        assertEquals(progress, OffsetSync.deserialize(key, value));
    }

    @Test
    void rejectsNewerVersionSayingSo() {
        byte[] value = progress.serializeValue();
        ByteBuffer.wrap(value).putShort((short) 2);
        WireFormatException e = assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(progress.serializeKey(), value));
        assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("upgrade Ferry"), e.getMessage());

        byte[] key = progress.serializeKey();
        ByteBuffer.wrap(key).putShort((short) 3);
        e = assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(key, progress.serializeValue()));
        assertTrue(e.getMessage().startsWith("offset sync key has format version 3"), e.getMessage());
    }

    @Test
    void rejectsVersionZeroAsForeign() {
        // MirrorMaker 2 writes its syncs' values as two longs: small offsets read as version 0.
        byte[] mm2Value = ByteBuffer.allocate(16).putLong(42).putLong(17).array();
        WireFormatException e = assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(progress.serializeKey(), mm2Value));
        assertTrue(e.getMessage().contains("version 0") && e.getMessage().contains("another tool"), e.getMessage());
    }

    @Test
    void rejectsEveryTruncation() {
        byte[] key = runStart.serializeKey();
        byte[] value = runStart.serializeValue();
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            WireFormatException e = assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(key, truncated));
            assertTrue(e.getMessage().contains("offset sync value"), e.getMessage());
        }
        for (int length = 0; length < key.length; length++) {
            byte[] truncated = Arrays.copyOf(key, length);
            assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(truncated, value));
        }
    }

    @Test
    void rejectsNullsAndTombstones() {
        assertEquals("offset sync value is null",
            assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(progress.serializeKey(), null)).getMessage());
        assertEquals("offset sync key is null",
            assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(null, progress.serializeValue())).getMessage());
    }

    @Test
    void rejectsUnknownKind() {
        byte[] value = progress.serializeValue();
        value[2] = 9;
        WireFormatException e = assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(progress.serializeKey(), value));
        assertTrue(e.getMessage().contains("unknown kind code 9"), e.getMessage());
    }

    @Test
    void rejectsImpossibleSyncsNamingTheField() {
        // The reported copy does not advance with its run start.
        assertRejected(patchLong(progress.serializeValue(), 3, 999), "run: copy 180 -> 999 does not belong to the run");
        // A RUN_START reporting a copy past its start.
        byte[] value = progress.serializeValue();
        value[2] = OffsetSync.Kind.RUN_START.code();
        assertRejected(value, "a RUN_START must report its run's first copy");
        // A previous run that ends downstream after this run starts.
        assertRejected(patchLong(patchLong(runStart.serializeValue(), 6, 200), 7, 170),
            "previous run 100..200 -> 70..170 must end downstream before");
        // Half a previous run.
        assertRejected(patchLong(progress.serializeValue(), 4, 3), "previousRun: run start 3 -> -1 has a negative offset");
        assertRejected(patchLong(progress.serializeValue(), 0, -5), "run: run start -5 -> 95 has a negative offset");
    }

    @Test
    void rejectsBadKeys() {
        byte[] negativePartition = progress.serializeKey();
        ByteBuffer.wrap(negativePartition).putInt(negativePartition.length - 4, -1);
        assertTrue(assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(negativePartition, progress.serializeValue()))
            .getMessage().contains("partition -1 is negative"));
        byte[] emptyTopic = ByteBuffer.allocate(8).putShort((short) 1).putShort((short) 0).putInt(0).array();
        assertTrue(assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(emptyTopic, progress.serializeValue()))
            .getMessage().contains("source topic is empty"));
        byte[] notUtf8 = ByteBuffer.allocate(9).putShort((short) 1).putShort((short) 1).put((byte) 0xC3).putInt(0).array();
        assertTrue(assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(notUtf8, progress.serializeValue()))
            .getMessage().contains("not valid UTF-8"));
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(7);
        byte[] key = progress.serializeKey();
        for (int i = 0; i < 20_000; i++) {
            byte[] value = new byte[random.nextInt(90)];
            random.nextBytes(value);
            if (value.length >= 2 && random.nextBoolean()) {
                value[0] = 0;
                value[1] = 1; // past the version check, into the fields
            }
            try {
                OffsetSync.deserialize(key, value);
            } catch (WireFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void constructorRejectsWhatTheWireRejects() {
        assertThrows(IllegalArgumentException.class, () -> new RunSpan(5, 10, 7, 13));
        assertThrows(IllegalArgumentException.class, () -> new RunSpan(5, 10, 4, 9));
        assertThrows(IllegalArgumentException.class,
            () -> new OffsetSync(ORDERS, OffsetSync.Kind.RUN_START, new RunSpan(5, 10, 6, 11), null, 0));
        assertThrows(IllegalArgumentException.class, () -> OffsetSync.runStart(ORDERS, 5, 10, RunSpan.of(4, 10), 0));
        assertThrows(IllegalArgumentException.class, () -> OffsetSync.runStart(new TopicPartition("t", -1), 5, 10, null, 0));
    }

    /** Overwrites the {@code index}-th long field of a value (0 = run.startUpstream). */
    private static byte[] patchLong(byte[] value, int index, long field) {
        ByteBuffer.wrap(value).putLong(3 + index * Long.BYTES, field);
        return value;
    }

    private void assertRejected(byte[] value, String expectedMessagePart) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> OffsetSync.deserialize(progress.serializeKey(), value));
        assertTrue(e.getMessage().contains(expectedMessagePart), e.getMessage());
        assertTrue(e.getMessage().startsWith("offset sync for orders.v1-ü-7"), e.getMessage());
    }
}
