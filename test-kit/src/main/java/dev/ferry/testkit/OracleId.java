package dev.ferry.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity of one oracle record: the run that produced it, its source topic and partition, and
 * its sequence number within that partition (0, 1, 2, ... in produce order).
 *
 * <p>Carried in the {@value OracleRecords#ID_HEADER} header as UTF-8 {@code run/topic/partition/seq}.
 * Neither the run nor the topic may contain '/' (Kafka topic names cannot), so the format parses
 * unambiguously.
 *
 * @param run       the run name; non-empty, without '/'
 * @param topic     the source topic; non-empty, without '/'
 * @param partition the source partition, &ge; 0
 * @param seq       the sequence number within the partition, &ge; 0
 */
public record OracleId(String run, String topic, int partition, long seq) {

    private static final char SEPARATOR = '/';

    /** Validates the parts so that every id formats to a string that parses back to itself. */
    public OracleId {
        requireName(run, "run");
        requireName(topic, "topic");
        if (partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0: " + partition);
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0: " + seq);
        }
    }

    /** @return {@code run/topic/partition/seq} */
    public String format() {
        return run + SEPARATOR + topic + SEPARATOR + partition + SEPARATOR + seq;
    }

    /** @return the header value: {@link #format()} in UTF-8 */
    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /** @return whether this id belongs to the given run and source topic */
    public boolean belongsTo(String run, String topic) {
        return this.run.equals(run) && this.topic.equals(topic);
    }

    /**
     * Parses a header value.
     *
     * @param headerValue UTF-8 bytes, may be null
     * @return the id, or empty if the value is null or not of the form {@code run/topic/partition/seq}
     */
    public static Optional<OracleId> parse(byte[] headerValue) {
        return headerValue == null ? Optional.empty() : parse(new String(headerValue, StandardCharsets.UTF_8));
    }

    /**
     * Parses {@code run/topic/partition/seq}.
     *
     * @param text may be null
     * @return the id, or empty if the text is null or malformed
     */
    public static Optional<OracleId> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OracleId(parts[0], parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3])));
        } catch (IllegalArgumentException malformed) { // includes NumberFormatException
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return format();
    }

    /** Rejects a run or topic name that would not parse back out of a formatted id. */
    static void requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException(what + " must be non-empty and contain no '/': '" + value + "'");
        }
    }
}
