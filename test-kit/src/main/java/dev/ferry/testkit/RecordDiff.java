package dev.ferry.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Compares one target record with the record the oracle expects, field by field. */
final class RecordDiff {

    /**
     * The fields that differ and a one-line description of each difference.
     *
     * @param fields      the differing fields, never empty
     * @param description what differs, e.g. {@code value differs at byte 57 (expected 0x3a, got 0x3b)}
     */
    record Mismatch(Set<RecordField> fields, String description) {
        Mismatch {
            fields = Collections.unmodifiableSet(EnumSet.copyOf(fields));
        }
    }

    private RecordDiff() {
    }

    /**
     * @param expected          the oracle's record
     * @param actual            the copy found on the target
     * @param ignoredHeaderKeys header keys removed from both sides before comparing headers
     * @return the mismatch, or empty if every field matches
     */
    static Optional<Mismatch> compare(ExpectedRecord expected, ConsumerRecord<byte[], byte[]> actual,
                                      Set<String> ignoredHeaderKeys) {
        Set<RecordField> fields = EnumSet.noneOf(RecordField.class);
        List<String> notes = new ArrayList<>();
        if (expected.partition() != actual.partition()) {
            fields.add(RecordField.PARTITION);
            notes.add("partition: expected " + expected.partition() + ", got " + actual.partition());
        }
        bytesDiff("key", expected.key(), actual.key()).ifPresent(note -> {
            fields.add(RecordField.KEY);
            notes.add(note);
        });
        bytesDiff("value", expected.value(), actual.value()).ifPresent(note -> {
            fields.add(RecordField.VALUE);
            notes.add(note);
        });
        headersDiff(expected.headers(), headersOf(actual), ignoredHeaderKeys).ifPresent(note -> {
            fields.add(RecordField.HEADERS);
            notes.add(note);
        });
        if (expected.timestamp() != actual.timestamp()) {
            fields.add(RecordField.TIMESTAMP);
            notes.add("timestamp: expected " + expected.timestamp() + ", got " + actual.timestamp()
                    + " (" + actual.timestampType() + ")");
        }
        return fields.isEmpty() ? Optional.empty() : Optional.of(new Mismatch(fields, String.join("; ", notes)));
    }

    /** @return the record's headers in order, as oracle headers */
    static List<OracleHeader> headersOf(ConsumerRecord<byte[], byte[]> record) {
        List<OracleHeader> headers = new ArrayList<>();
        for (Header h : record.headers()) {
            headers.add(new OracleHeader(h.key(), h.value()));
        }
        return headers;
    }

    static Optional<String> bytesDiff(String field, byte[] expected, byte[] actual) {
        if (expected == null && actual == null) {
            return Optional.empty();
        }
        if (expected == null || actual == null) {
            return Optional.of(field + ": expected " + sizeOf(expected) + ", got " + sizeOf(actual));
        }
        int common = Math.min(expected.length, actual.length);
        for (int i = 0; i < common; i++) {
            if (expected[i] != actual[i]) {
                return Optional.of(field + " differs at byte " + i + " (expected 0x" + ByteFormat.hex(expected[i])
                        + ", got 0x" + ByteFormat.hex(actual[i]) + ")");
            }
        }
        if (expected.length != actual.length) {
            return Optional.of(field + ": expected " + sizeOf(expected) + ", got " + sizeOf(actual)
                    + " (equal for the first " + common + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> headersDiff(List<OracleHeader> expected, List<OracleHeader> actual,
                                                Set<String> ignored) {
        List<OracleHeader> want = withoutIgnored(expected, ignored);
        List<OracleHeader> got = withoutIgnored(actual, ignored);
        if (want.equals(got)) {
            return Optional.empty();
        }
        int i = 0;
        while (i < want.size() && i < got.size() && want.get(i).equals(got.get(i))) {
            i++;
        }
        String expectedAt = i < want.size() ? want.get(i).toString() : "<no more headers>";
        String gotAt = i < got.size() ? got.get(i).toString() : "<no more headers>";
        return Optional.of("headers differ at #" + i + " (expected " + expectedAt + ", got " + gotAt + "; "
                + want.size() + " expected, " + got.size() + " present)");
    }

    private static List<OracleHeader> withoutIgnored(List<OracleHeader> headers, Set<String> ignored) {
        if (ignored.isEmpty()) {
            return headers;
        }
        List<OracleHeader> kept = new ArrayList<>(headers.size());
        for (OracleHeader h : headers) {
            if (!ignored.contains(h.key())) {
                kept.add(h);
            }
        }
        return kept;
    }

    private static String sizeOf(byte[] bytes) {
        return bytes == null ? "null" : bytes.length + " bytes";
    }
}
