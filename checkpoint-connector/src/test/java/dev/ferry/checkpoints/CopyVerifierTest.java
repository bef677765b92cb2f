package dev.ferry.checkpoints;

import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.Provenance;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.common.wire.VerificationResult;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CopyVerifierTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition REMOTE_0 = new TopicPartition("east.orders", 0);

    private final OffsetSyncStore store = new OffsetSyncStore();
    private final FakeLog sourceLog = new FakeLog();
    private final FakeLog targetLog = new FakeLog();
    private final PrefixReplicationPolicy policy = new PrefixReplicationPolicy();
    private final CopyVerifier verifier = new CopyVerifier("cp", "east", "west", policy, new OffsetTranslator(store),
        store::partitions, topic -> true, sourceLog, targetLog, Duration.ofSeconds(1), new SplittableRandom(7), () -> 1_000L);

    /** Records by partition and offset; an offset at or past {@code end} is beyond the end, a missing one below it a hole. */
    private static final class FakeLog implements RecordSource {
        final Map<TopicPartition, Map<Long, ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        final Map<TopicPartition, Long> ends = new HashMap<>();

        void append(TopicPartition tp, long offset, String key, String value, long timestamp, org.apache.kafka.common.header.Headers headers) {
            records.computeIfAbsent(tp, p -> new HashMap<>()).put(offset, new ConsumerRecord<>(tp.topic(), tp.partition(), offset,
                timestamp, TimestampType.CREATE_TIME, -1, -1, bytes(key), bytes(value), headers, Optional.empty()));
            ends.merge(tp, offset + 1, Math::max);
        }

        @Override
        public RecordSource.Fetch fetch(TopicPartition partition, long offset, Duration timeout) {
            ConsumerRecord<byte[], byte[]> record = records.getOrDefault(partition, Map.of()).get(offset);
            if (record != null) {
                return new RecordSource.Fetch(RecordSource.Outcome.FOUND, record, null);
            }
            if (offset >= ends.getOrDefault(partition, 0L)) {
                return new RecordSource.Fetch(RecordSource.Outcome.BEYOND_END, null, "the log ends at " + ends.get(partition));
            }
            return new RecordSource.Fetch(RecordSource.Outcome.HOLE, null, "compacted");
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Source offsets 0..99 with a faithful copy at the same offsets on the target. */
    private void mirror100() {
        for (long o = 0; o < 100; o++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", bytes("t" + o));
            sourceLog.append(ORDERS_0, o, "k" + o, "v" + o, 5_000 + o, headers);
            RecordHeaders copied = new RecordHeaders();
            copied.add("trace", bytes("t" + o));
            copied.add(Provenance.HEADER, bytes("east"));
            targetLog.append(REMOTE_0, o, "k" + o, "v" + o, 5_000 + o, copied);
        }
        store.add(OffsetSync.runStart(ORDERS_0, 0, 0, null, 0));
        store.add(OffsetSync.progress(ORDERS_0, new RunSpan(0, 0, 99, 99), null, 0));
    }

    private int sample(int times) {
        int compared = 0;
        for (int i = 0; i < times; i++) {
            compared += verifier.sampleOnce() ? 1 : 0;
        }
        return compared;
    }

    @Test
    void faithfulCopiesFoundThroughTheSyncsMatchIgnoringTheProvenanceHeader() {
        mirror100();
        assertEquals(50, sample(50));
        VerificationResult result = verifier.results().get(0);
        assertEquals("orders", result.topic());
        assertEquals("east.orders", result.remoteTopic());
        assertEquals(50, result.samplesChecked());
        assertEquals(0, result.mismatches());
        assertNull(result.lastMismatch());
    }

    @Test
    void aWrongMappingInTheSyncsIsAMismatchNamingBothOffsets() {
        mirror100();
        // Well formed but wrong: claims 60.. went to 50.. (upstream 50..59 a gap), while they went to 60..
        store.add(OffsetSync.runStart(ORDERS_0, 60, 100, null, 0));
        store.add(OffsetSync.progress(ORDERS_0, new RunSpan(60, 100, 99, 139), null, 0));
        for (long o = 100; o < 120; o++) {
            targetLog.append(REMOTE_0, o, "later" + o, "v" + o, 9_000, new RecordHeaders());
        }
        sample(200);
        VerificationResult result = verifier.results().get(0);
        assertTrue(result.mismatches() > 0, result.toString());
        assertTrue(result.samplesChecked() > result.mismatches(), "records below 50 still match: " + result);
        VerificationResult.Mismatch last = result.lastMismatch();
        assertEquals(0, last.partition());
        assertEquals(last.sourceOffset() + 40, last.targetOffset());
        assertTrue(last.sourceOffset() >= 60, last.toString());
        if (last.targetOffset() < 120) {
            assertEquals(VerificationResult.KEY | VerificationResult.VALUE | VerificationResult.HEADERS | VerificationResult.TIMESTAMP,
                last.fields());
        } else {
            assertEquals(VerificationResult.MISSING, last.fields());
        }
    }

    @Test
    void eachFieldIsCompared() {
        mirror100();
        RecordHeaders other = new RecordHeaders();
        other.add("trace", bytes("changed"));
        targetLog.append(REMOTE_0, 10, "k10", "v10", 5_010, other);
        targetLog.append(REMOTE_0, 11, "k11", "v11", 1, new RecordHeaders().add("trace", bytes("t11")));
        targetLog.append(REMOTE_0, 12, "k12", "changed", 5_012, new RecordHeaders().add("trace", bytes("t12")));
        targetLog.append(REMOTE_0, 13, null, "v13", 5_013, new RecordHeaders().add("trace", bytes("t13")));
        assertEquals(VerificationResult.HEADERS, CopyComparison.differences(sourceLog.fetch(ORDERS_0, 10, null).record(),
            targetLog.fetch(REMOTE_0, 10, null).record()));
        assertEquals(VerificationResult.TIMESTAMP, CopyComparison.differences(sourceLog.fetch(ORDERS_0, 11, null).record(),
            targetLog.fetch(REMOTE_0, 11, null).record()));
        assertEquals(VerificationResult.VALUE, CopyComparison.differences(sourceLog.fetch(ORDERS_0, 12, null).record(),
            targetLog.fetch(REMOTE_0, 12, null).record()));
        assertEquals(VerificationResult.KEY, CopyComparison.differences(sourceLog.fetch(ORDERS_0, 13, null).record(),
            targetLog.fetch(REMOTE_0, 13, null).record()));
        assertEquals(0, CopyComparison.differences(sourceLog.fetch(ORDERS_0, 14, null).record(),
            targetLog.fetch(REMOTE_0, 14, null).record()));
    }

    @Test
    void recordsGoneFromEitherSideAreSkippedNotCounted() {
        mirror100();
        for (long o = 0; o < 100; o += 2) {
            sourceLog.records.get(ORDERS_0).remove(o);     // compacted on the source
            targetLog.records.get(REMOTE_0).remove(o + 1); // compacted on the target
        }
        int compared = sample(100);
        assertEquals(0, compared);
        assertTrue(verifier.results().isEmpty());
        assertEquals(100, verifier.skipped());
    }

    @Test
    void nothingToSampleWithoutSyncsOrMirroredTopics() {
        assertFalse(verifier.sampleOnce());
        mirror100();
        CopyVerifier unmirrored = new CopyVerifier("cp", "east", "west", policy, new OffsetTranslator(store), store::partitions,
            topic -> false, sourceLog, targetLog, Duration.ofSeconds(1), new SplittableRandom(7), () -> 1_000L);
        assertFalse(unmirrored.sampleOnce());
        assertEquals(List.of(), unmirrored.results());
    }
}
