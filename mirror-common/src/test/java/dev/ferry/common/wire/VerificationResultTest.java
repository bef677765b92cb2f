package dev.ferry.common.wire;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationResultTest {

    private final VerificationResult withMismatch = new VerificationResult("east-checkpoints", "orders", "east", "west", "east.orders",
        1_700_000_005_000L, 1_700_000_000_000L, 120, 3,
        new VerificationResult.Mismatch(2, 4_100, 4_000, 1_700_000_004_000L, VerificationResult.KEY | VerificationResult.VALUE));
    private final VerificationResult clean = new VerificationResult("cp", "t", "a", "b", "a.t", 5, 1, 40, 0, null);

    @Test
    void roundTrips() {
        assertEquals(withMismatch, VerificationResult.deserialize(withMismatch.serializeKey(), withMismatch.serializeValue()));
        VerificationResult read = VerificationResult.deserialize(clean.serializeKey(), clean.serializeValue());
        assertEquals(clean, read);
        assertNull(read.lastMismatch());
    }

    @Test
    void namesTheFieldsThatDiffered() {
        assertEquals("key,value", withMismatch.lastMismatch().fieldNames());
        assertEquals("missing", new VerificationResult.Mismatch(0, 1, 2, 3, VerificationResult.MISSING).fieldNames());
    }

    @Test
    void ignoresFieldsAppendedBySameVersion() {
        byte[] value = Arrays.copyOf(withMismatch.serializeValue(), withMismatch.serializeValue().length + 9);
        assertEquals(withMismatch, VerificationResult.deserialize(withMismatch.serializeKey(), value));
    }

    @Test
    void rejectsInconsistentCountsAndTruncation() {
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult("cp", "t", "a", "b", "a.t", 5, 1, 2, 3,
            new VerificationResult.Mismatch(0, 1, 1, 1, VerificationResult.KEY)));
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult("cp", "t", "a", "b", "a.t", 5, 1, 2, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new VerificationResult.Mismatch(0, 1, 1, 1, 0));
        byte[] value = withMismatch.serializeValue();
        WireFormatException truncated = assertThrows(WireFormatException.class,
            () -> VerificationResult.deserialize(withMismatch.serializeKey(), Arrays.copyOf(value, value.length - 2)));
        assertTrue(truncated.getMessage().contains("lastMismatch.fields"), truncated.getMessage());
        byte[] newer = withMismatch.serializeKey();
        newer[1] = 2;
        assertThrows(WireFormatException.class, () -> VerificationResult.deserialize(newer, value));
    }
}
