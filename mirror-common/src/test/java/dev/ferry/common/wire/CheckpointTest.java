package dev.ferry.common.wire;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointTest {

    private final Checkpoint checkpoint = new Checkpoint("billing-€", new TopicPartition("orders", 3), 1234, 1180,
        "{\"app\":\"x\"}", TranslationKind.EXACT, 1_700_000_000_000L);

    @Test
    void roundTrips() {
        assertEquals(checkpoint, Checkpoint.deserialize(checkpoint.serializeKey(), checkpoint.serializeValue()));
        Checkpoint none = new Checkpoint("", new TopicPartition("t", 0), 0, -1, null, TranslationKind.NO_SYNCS, 5);
        Checkpoint read = Checkpoint.deserialize(none.serializeKey(), none.serializeValue());
        assertEquals(none, read);
        assertEquals("", read.metadata());
    }

    @Test
    void roundTripsEveryKind() {
        for (TranslationKind kind : TranslationKind.values()) {
            Checkpoint c = new Checkpoint("g", new TopicPartition("t", 1), 10, kind.hasDownstream() ? 0 : -1, "", kind, 1);
            assertEquals(kind, Checkpoint.deserialize(c.serializeKey(), c.serializeValue()).translation());
            assertEquals(kind, TranslationKind.ofCode(kind.code()));
        }
    }

    @Test
    void valueLayoutIsTheDocumentedOne() {
        ByteBuffer value = ByteBuffer.wrap(checkpoint.serializeValue());
        assertEquals(1, value.getShort());
        assertEquals(TranslationKind.EXACT.code(), value.get());
        assertEquals(1234, value.getLong());
        assertEquals(1180, value.getLong());
        assertEquals(1_700_000_000_000L, value.getLong());
        assertEquals(11, value.getInt());
        assertEquals(11, value.remaining());
    }

    @Test
    void ignoresFieldsAppendedBySameVersion() {
        byte[] value = Arrays.copyOf(checkpoint.serializeValue(), checkpoint.serializeValue().length + 9);
        assertEquals(checkpoint, Checkpoint.deserialize(checkpoint.serializeKey(), value));
    }

    @Test
    void rejectsNewerVersionsAndEveryTruncation() {
        byte[] newer = checkpoint.serializeValue();
        ByteBuffer.wrap(newer).putShort((short) 2);
        WireFormatException e = assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(checkpoint.serializeKey(), newer));
        assertTrue(e.getMessage().startsWith("checkpoint value has format version 2"), e.getMessage());
        byte[] key = checkpoint.serializeKey();
        byte[] value = checkpoint.serializeValue();
        for (int length = 0; length < value.length; length++) {
            byte[] truncated = Arrays.copyOf(value, length);
            assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(key, truncated));
        }
        for (int length = 0; length < key.length; length++) {
            byte[] truncated = Arrays.copyOf(key, length);
            assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(truncated, value));
        }
    }

    @Test
    void rejectsOutOfRangeFieldsNamingThem() {
        byte[] unknownKind = checkpoint.serializeValue();
        unknownKind[2] = 42;
        assertTrue(assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(checkpoint.serializeKey(), unknownKind))
            .getMessage().contains("unknown translation kind code 42"));
        byte[] negativeUpstream = checkpoint.serializeValue();
        ByteBuffer.wrap(negativeUpstream).putLong(3, -2);
        assertTrue(assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(checkpoint.serializeKey(), negativeUpstream))
            .getMessage().contains("checkpoint of group 'billing-€' for orders-3: upstream offset -2 is negative"));
        byte[] missingDownstream = checkpoint.serializeValue();
        ByteBuffer.wrap(missingDownstream).putLong(11, -1);
        assertTrue(assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(checkpoint.serializeKey(), missingDownstream))
            .getMessage().contains("does not fit translation kind EXACT"));
        byte[] hugeGroup = checkpoint.serializeKey();
        ByteBuffer.wrap(hugeGroup).putInt(2, Integer.MAX_VALUE);
        assertTrue(assertThrows(WireFormatException.class, () -> Checkpoint.deserialize(hugeGroup, checkpoint.serializeValue()))
            .getMessage().contains("'consumer group'"));
    }

    @Test
    void randomBytesNeverEscapeAsAnotherException() {
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = new byte[random.nextInt(40)];
            byte[] value = new byte[random.nextInt(60)];
            random.nextBytes(key);
            random.nextBytes(value);
            if (key.length >= 2 && value.length >= 2) {
                key[0] = value[0] = 0;
                key[1] = value[1] = 1;
            }
            try {
                Checkpoint.deserialize(key, value);
            } catch (WireFormatException expected) {
                // the only acceptable failure
            }
        }
    }

    @Test
    void constructorRejectsImpossibleCheckpoints() {
        TopicPartition tp = new TopicPartition("t", 0);
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("g", tp, 5, 3, "", TranslationKind.NO_SYNCS, 0));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("g", tp, 5, -1, "", TranslationKind.HISTORY_GONE, 0));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(null, tp, 5, 3, "", TranslationKind.EXACT, 0));
    }
}
