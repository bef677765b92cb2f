package dev.ferry.testkit;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record header as the oracle expects it: a key and a value that may be null (Kafka allows
 * null header values and repeated keys; order is significant).
 *
 * @param key   the header key
 * @param value the header value, or null
 */
public record OracleHeader(String key, byte[] value) {

    /** Copies the value so the header cannot be changed after construction. */
    public OracleHeader {
        Objects.requireNonNull(key, "key");
        value = value == null ? null : value.clone();
    }

    /** @return a copy of the value, or null */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    /** Compares values by content, not identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OracleHeader other && key.equals(other.key) && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "=" + ByteFormat.describe(value);
    }
}
