package dev.ferry.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class OracleRecordsTest {

    @Test
    void sameIdentityGivesSameRecordAndNeighboursDiffer() {
        ExpectedRecord first = OracleRecords.record("r1", "orders", 2, 40);

        assertEquals(first, OracleRecords.record("r1", "orders", 2, 40));
        assertNotEquals(first, OracleRecords.record("r1", "orders", 2, 41));
        assertNotEquals(first.value()[30], OracleRecords.record("r2", "orders", 2, 40).value()[30],
                "payload is seeded from the identity, so another run gets other bytes");
    }

    @Test
    void nullKeysAndTombstonesFollowTheSeqRules() {
        for (long seq = 0; seq < 154; seq++) {
            ExpectedRecord r = OracleRecords.record("r", "t", 0, seq);
            assertEquals(seq % 7 == 3, r.key() == null, "key of seq " + seq);
            assertEquals(seq % 11 == 5, r.value() == null, "value of seq " + seq);
        }
    }

    @Test
    void keysAreNotUtf8AndValuesStartWithTheIdentity() {
        ExpectedRecord r = OracleRecords.record("r", "t", 1, 12);
        byte[] identity = "r/t/1/12".getBytes(StandardCharsets.UTF_8);

        byte[] key = r.key();
        assertArrayEquals("key-12".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(key, 6));
        assertEquals(0x00, key[6]);
        assertEquals((byte) 0xFF, key[7]);
        assertEquals(identity.length + OracleRecords.DEFAULT_PAYLOAD_BYTES, r.value().length);
        assertArrayEquals(identity, Arrays.copyOf(r.value(), identity.length));
        assertEquals(identity.length + 7,
                OracleRecords.withPayloadBytes(7).generate("r", "t", 1, 12).value().length);
    }

    @Test
    void headersAreIdBinaryNullAndSometimesARepeatedKey() {
        ExpectedRecord plain = OracleRecords.record("r", "t", 0, 1);
        ExpectedRecord repeated = OracleRecords.record("r", "t", 0, 2);

        assertEquals(List.of(OracleRecords.ID_HEADER, OracleRecords.BINARY_HEADER, OracleRecords.NULL_HEADER),
                plain.headers().stream().map(OracleHeader::key).toList());
        assertArrayEquals("r/t/0/1".getBytes(StandardCharsets.UTF_8), plain.headers().get(0).value());
        assertTrue(containsNonAscii(plain.headers().get(1).value()));
        assertNull(plain.headers().get(2).value());
        assertEquals(List.of(OracleRecords.ID_HEADER, OracleRecords.BINARY_HEADER, OracleRecords.NULL_HEADER,
                        OracleRecords.BINARY_HEADER),
                repeated.headers().stream().map(OracleHeader::key).toList());
        assertNotEquals(repeated.headers().get(1), repeated.headers().get(3));
    }

    @Test
    void timestampsStepByThreeFromARecentPerRunBase() {
        long base = OracleRecords.baseTimestamp("r");
        long now = System.currentTimeMillis();

        assertEquals(base, OracleRecords.record("r", "t", 0, 0).timestamp());
        assertEquals(base + 3 * 1000, OracleRecords.record("r", "t", 3, 1000).timestamp());
        assertTrue(base < now && base > now - 3 * 3_600_000L, "base " + base + " should be within 3 h before " + now);
    }

    @Test
    void oracleIdRoundTripsAndRejectsMalformedText() {
        OracleId id = new OracleId("run-1", "my.topic_x", 3, 99);

        assertEquals("run-1/my.topic_x/3/99", id.format());
        assertEquals(Optional.of(id), OracleId.parse(id.toBytes()));
        assertEquals(Optional.empty(), OracleId.parse("a/b/c"));
        assertEquals(Optional.empty(), OracleId.parse("a/b/x/1"));
        assertEquals(Optional.empty(), OracleId.parse("a/b/-1/1"));
        assertEquals(Optional.empty(), OracleId.parse((byte[]) null));
        assertThrows(IllegalArgumentException.class, () -> new OracleId("a/b", "t", 0, 0));
    }

    private static boolean containsNonAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7e) {
                return true;
            }
        }
        return false;
    }
}
