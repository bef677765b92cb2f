package dev.ferry.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatTest {

    private final Heartbeat heartbeat = new Heartbeat("east-€", 1_700_000_000_123L);

    @Test
    void roundTripsInTheDocumentedLayout() {
        assertEquals(heartbeat, Heartbeat.deserialize(heartbeat.serializeKey(), heartbeat.serializeValue()));
        ByteBuffer value = ByteBuffer.wrap(heartbeat.serializeValue());
        assertEquals(1, value.getShort());
        int aliasLength = value.getShort();
        assertEquals("east-€".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, aliasLength);
        value.position(value.position() + aliasLength);
        assertEquals(1_700_000_000_123L, value.getLong());
        assertEquals(0, value.remaining());
    }

    @Test
    void readersIgnoreAppendedFieldsAndRejectNewerVersionsTruncationAndMismatches() {
        byte[] longer = Arrays.copyOf(heartbeat.serializeValue(), heartbeat.serializeValue().length + 4);
        assertEquals(heartbeat, Heartbeat.deserialize(heartbeat.serializeKey(), longer));

        byte[] newer = heartbeat.serializeValue();
        newer[1] = 2;
        assertTrue(assertThrows(WireFormatException.class, () -> Heartbeat.deserialize(heartbeat.serializeKey(), newer))
            .getMessage().contains("heartbeat value has format version 2"));
        byte[] truncated = Arrays.copyOf(heartbeat.serializeValue(), heartbeat.serializeValue().length - 1);
        assertTrue(assertThrows(WireFormatException.class, () -> Heartbeat.deserialize(heartbeat.serializeKey(), truncated))
            .getMessage().contains("emittedAtMs"));
        byte[] otherKey = new Heartbeat("west", 1).serializeKey();
        assertTrue(assertThrows(WireFormatException.class, () -> Heartbeat.deserialize(otherKey, heartbeat.serializeValue()))
            .getMessage().contains("'west'"));
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat("", 1));
        assertThrows(IllegalArgumentException.class, () -> new Heartbeat("east", -1));
    }
}
