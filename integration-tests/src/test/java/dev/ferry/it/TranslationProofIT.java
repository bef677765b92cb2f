package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import dev.ferry.offsets.Translation;
import dev.ferry.testkit.ExpectedRecord;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proof, by record identity, that a consumer which committed upstream offset c on the source and resumes
 * on the target at the translated offset T re-reads nothing and skips nothing, for every c of every
 * partition, on logs whose upstream offsets have gaps: (b) a compacted topic with tombstones, compacted
 * before it is mirrored; (c) a transactional topic with committed and aborted transactions (aborted
 * records and markers are gaps upstream); (e) offsets beyond the replicated range after the mirror is
 * stopped (a conservative, non-exact answer that skips nothing); and foreign or corrupt records in the
 * offset-syncs topic, which are counted as skipped and change no translation nor the checkpoints.
 *
 * <p>The translations come from the offset-syncs topic read into an {@link OffsetSyncStore} (as the
 * checkpoint task does); the ideal is computed from the copies really on the target, each mapped back to
 * its upstream offset through its oracle id and a read of the source topic. One mirror connector copies
 * all topics of the class; the tests run in order because the last one stops it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TranslationProofIT extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(TranslationProofIT.class);

    private static final String SYNCS_TOPIC = "ferry-offset-syncs.east.internal";
    private static final String CHECKPOINTS_TOPIC = "ferry-checkpoints.east.internal";
    private static final String MIRROR = "proof-mirror";
    private static final String COMPACTED = "proof-compacted";
    private static final String TXN = "proof-txn";
    private static final String PLAIN = "proof-plain";
    private static final int PARTITIONS = 2;
    private static final int COMPACTED_RECORDS = 300;
    private static final int COMPACTED_KEYS = 13;
    private static final int PLAIN_RECORDS = 400;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Upstream offset of each record ever seen on the source, by oracle id (offsets never change, compaction only removes). */
    private final Map<String, Long> upstreamOffsetOf = new HashMap<>();
    /** Foreign or corrupt records this class wrote into the offset-syncs topic. */
    private long junkWritten;

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        // the cleaner must run within the test, not every 15 s
        return builder.sourceBrokerProp("log.cleaner.backoff.ms", "100");
    }

    @BeforeAll
    void writeGappedLogsAndMirrorThem() throws Exception {
        writeCompactedTopic();
        writeTransactionalTopic();
        clusters.createSourceTopic(PLAIN, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(PLAIN, p, PLAIN_RECORDS);
        }
        Map<String, String> mirror = MirrorConnectors.eastToWest(clusters, "proof-.*", 1);
        mirror.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector(MIRROR, mirror);
        clusters.awaitConnectorRunning(MIRROR, 1, TIMEOUT);
    }

    /**
     * Several records per key (13 keys), tombstones, and segments rolled every ~33 records (segment.ms
     * against the records' timestamps, 3 ms apart), so the cleaner removes most of each partition.
     * Waits until it did, before anything is mirrored.
     */
    private void writeCompactedTopic() throws Exception {
        clusters.createSourceTopic(COMPACTED, PARTITIONS, Map.of(
            "cleanup.policy", "compact",
            "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0.01",
            "min.compaction.lag.ms", "0"));
        try (KafkaProducer<byte[], byte[]> plain = clusters.source().createProducer(Map.of())) {
            for (int p = 0; p < PARTITIONS; p++) {
                for (long seq = 0; seq < COMPACTED_RECORDS; seq++) {
                    ExpectedRecord r = OracleRecords.record("compact", COMPACTED, p, seq);
                    // every 5th record has a key of its own and survives (partition 1 only from seq 40 on, so its
                    // log starts with a gap); the others share 13 keys that cycle, so only their last ones survive
                    boolean unique = seq % 5 == 0 && (p == 0 || seq >= 40);
                    byte[] key = (unique ? "unique-" + seq : "key-" + (seq * 7 + p) % COMPACTED_KEYS).getBytes(StandardCharsets.UTF_8);
                    byte[] value = seq % 6 == 4 ? null : r.value(); // tombstones (and the oracle's own)
                    plain.send(new ProducerRecord<>(COMPACTED, p, r.timestamp(), key, value, r.kafkaHeaders()));
                    if (seq % 10 == 9) {
                        plain.flush(); // one batch per 10 records, so segments roll between batches
                    }
                }
                plain.flush();
            }
        }
        Waits.until("the cleaner to compact away most of " + COMPACTED, TIMEOUT, () -> {
            List<ConsumerRecord<byte[], byte[]>> left = readSource(COMPACTED);
            return IntStream.range(0, PARTITIONS)
                .allMatch(p -> left.stream().filter(r -> r.partition() == p).count() < COMPACTED_RECORDS / 2);
        });
        learnUpstreamOffsets(COMPACTED);
    }

    /**
     * Per partition: committed and aborted transactions of several sizes, back-to-back aborts, a
     * non-transactional record between transactions, and on partition 1 an aborted transaction at the end.
     */
    private void writeTransactionalTopic() throws Exception {
        clusters.createSourceTopic(TXN, PARTITIONS, Map.of());
        Map<String, Object> props = Map.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, "translation-proof-txn",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        long[] committedSeq = new long[PARTITIONS];
        long[] abortedSeq = new long[PARTITIONS];
        try (KafkaProducer<byte[], byte[]> transactional = clusters.source().createProducer(props);
             KafkaProducer<byte[], byte[]> plain = clusters.source().createProducer(Map.of())) {
            transactional.initTransactions();
            int[][] steps = { // {records per partition, commit?} in order
                {40, 1}, {25, 0}, {1, 1}, {10, 0}, {7, 0}, {30, 1}, {-1, 1}, {1, 0}, {15, 1}, {20, 1}, {5, 0}};
            for (int[] step : steps) {
                if (step[0] < 0) { // one non-transactional record per partition
                    for (int p = 0; p < PARTITIONS; p++) {
                        plain.send(OracleRecords.record("txn-plain", TXN, p, committedSeq[p]++).toProducerRecord(TXN)).get();
                    }
                    continue;
                }
                boolean commit = step[1] == 1;
                transactional.beginTransaction();
                for (int p = 0; p < PARTITIONS; p++) {
                    boolean lastStepOnPartition0 = p == 0 && step == steps[steps.length - 1];
                    if (lastStepOnPartition0) {
                        continue; // partition 0 ends with a commit marker, partition 1 with an aborted transaction
                    }
                    for (int i = 0; i < step[0]; i++) {
                        ExpectedRecord r = commit
                            ? OracleRecords.record("txn-committed", TXN, p, committedSeq[p]++)
                            : OracleRecords.record("txn-aborted", TXN, p, abortedSeq[p]++);
                        transactional.send(r.toProducerRecord(TXN));
                    }
                }
                if (commit) {
                    transactional.commitTransaction();
                } else {
                    transactional.flush();
                    transactional.abortTransaction();
                }
            }
        }
        learnUpstreamOffsets(TXN);
    }

    @Test
    @Order(1)
    void compactedTopicWithTombstonesAndGapsTranslatesEveryOffsetExactly() {
        Tally tally = proveEveryOffset(COMPACTED, false);
        assertTrue(tally.upstreamGaps > 0, "compaction left gaps upstream: " + tally);
        assertTrue(tally.tombstonesCopied > 0, "tombstones were mirrored: " + tally);
        assertTrue(tally.leadingGap > 0, "partition 1 starts with a compacted gap: " + tally);
        // only c with no record below them upstream may be labelled conservatively (their T = 0 is asserted ideal)
        assertTrue(tally.conservative <= tally.leadingGap, tally.toString());
        assertEquals(0, tally.reRead, tally.toString());
        assertEquals(0, tally.skipped, tally.toString());
    }

    @Test
    @Order(2)
    void transactionalTopicWithAbortedTransactionsTranslatesEveryOffsetExactly() {
        Tally tally = proveEveryOffset(TXN, false);
        // aborted records (25 + 10 + 7 + 1 per partition, 5 more on partition 1) and one marker per transaction
        // (10 on partition 1, 9 on partition 0, which takes no part in the last one)
        assertEquals(43 + 9 + 48 + 10, tally.upstreamGaps, "aborted records and markers are gaps upstream: " + tally);
        // beyond the last committed record there are only markers (p0) or an aborted transaction (p1):
        // those c are reported as not yet replicated, with the ideal answer (re-read 0, skip 0 asserted)
        assertTrue(tally.exact > 0, tally.toString());
    }

    @Test
    @Order(3)
    void foreignAndCorruptSyncsAreCountedAndChangeNoTranslationNorCheckpoint() throws Exception {
        // a group committed on the source, and a checkpoint connector next to the mirror
        commitOnSource("proof-app", Map.of(0, 123L, 1, 37L));
        clusters.connect().configureConnector("proof-checkpoints", checkpointConnector());
        clusters.awaitConnectorRunning("proof-checkpoints", 1, TIMEOUT);
        awaitCheckpoint("proof-app", 0, 123);

        writeJunkIntoSyncsTopic();

        // more mirroring after the junk: the syncs that describe it come after the junk in the topic
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(PLAIN, p, 100);
        }
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), "east." + PLAIN, PLAIN, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());
        long end1 = producer.producedCount(PLAIN, 1);
        commitOnSource("proof-app", Map.of(0, 450L, 1, end1));

        for (int[] pc : new int[][] {{0, 450}, {1, (int) end1}}) {
            Checkpoint checkpoint = awaitCheckpoint("proof-app", pc[0], pc[1]);
            long ideal = idealFromTarget(PLAIN, pc[0], pc[1]);
            log.info("TranslationProofIT bad input: checkpoint after junk {} (ideal {})", checkpoint, ideal);
            assertEquals(ideal, checkpoint.downstreamOffset(), checkpoint.toString());
        }
        var status = clusters.connect().connectorStatus("proof-checkpoints");
        assertEquals("RUNNING", status.connector().state(), status.toString());
        assertFalse(status.tasks().isEmpty(), status.toString());
        status.tasks().forEach(task -> assertEquals("RUNNING", task.state(), status.toString()));

        Syncs syncs = readSyncs();
        assertTrue(syncs.skipped() > 0, "junk skipped");
        assertEquals(junkWritten, syncs.skipped(), "every foreign or corrupt record, and nothing else, is skipped");
        learnUpstreamOffsets(PLAIN);
        for (String topic : List.of(PLAIN, COMPACTED, TXN)) {
            Tally tally = proveEveryOffset(topic, false);
            log.info("TranslationProofIT bad input: after {} junk records, {}: {}", junkWritten, topic, tally);
        }
        clusters.connect().deleteConnector("proof-checkpoints");
    }

    @Test
    @Order(4)
    void beyondTheReplicatedRangeTheAnswerIsConservativeAndSkipsNothing() {
        learnUpstreamOffsets(PLAIN);
        Map<Integer, Long> copiedEnd = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            copiedEnd.put(p, producer.producedCount(PLAIN, p));
        }
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), "east." + PLAIN, PLAIN, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());
        awaitSyncsCover(PLAIN);
        clusters.connect().stopConnector(MIRROR);
        Waits.until("'" + MIRROR + "' stopped with no tasks", Duration.ofSeconds(30), () -> {
            var status = clusters.connect().connectorStatus(MIRROR);
            return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty();
        });
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(PLAIN, p, 60);
        }
        learnUpstreamOffsets(PLAIN);
        Tally tally = proveEveryOffset(PLAIN, true);
        long beyond = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            beyond += producer.producedCount(PLAIN, p) - copiedEnd.get(p);
        }
        assertEquals(beyond, tally.conservative, "every c beyond the copied end, and only those, is answered conservatively: " + tally);
        assertEquals(0, tally.skipped, tally.toString());
    }

    // ---------------------------------------------------------------- the proof

    /** What one topic's check found, summed over its partitions. */
    private static final class Tally {
        String topic;
        int partitions;
        long cValues;
        long exact;
        long conservative;
        Map<TranslationKind, Long> kinds = new TreeMap<>();
        long reRead;
        long skipped;
        long upstreamGaps;
        long copies;
        long tombstonesCopied;
        long upstreamEnd;
        long leadingGap;

        @Override
        public String toString() {
            return topic + ": partitions=" + partitions + " c-values=" + cValues + " exact=" + exact + " conservative=" + conservative
                + " kinds=" + kinds + " re-read(total)=" + reRead + " skipped(total)=" + skipped
                + " upstream-offsets-not-copied=" + upstreamGaps + " copies=" + copies + " tombstones-copied=" + tombstonesCopied + " upstream-end(sum)=" + upstreamEnd
                + " c-values-with-no-record-below-them-upstream=" + leadingGap;
        }
    }

    /**
     * For every partition of {@code topic} and every c in [0, upstream log end]: translates c from the syncs
     * topic and measures, against the copies on the target, what a consumer starting at T re-reads and skips.
     * Within the replicated range (c - 1 at or below the last copied upstream offset) the answer must be
     * EXACT; beyond it, a conservative kind, and with {@code beyondAllowedToReRead} only "skips nothing"
     * and "T at or before the ideal" are required there.
     */
    private Tally proveEveryOffset(String topic, boolean beyondAllowedToReRead) {
        if (!beyondAllowedToReRead) { // the mirror runs: wait for it to copy what is there
            awaitCopied(topic);
        }
        Syncs syncs = awaitSyncsCover(topic);
        assertEquals(junkWritten, syncs.skipped(), "only the junk this test wrote is skipped");
        Map<Integer, Long> ends = sourceEndOffsets(topic);
        List<ConsumerRecord<byte[], byte[]>> remote = TopicSnapshot.read(clusters.target(), "east." + topic,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        Tally tally = new Tally();
        tally.topic = topic;
        tally.partitions = PARTITIONS;
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition source = new TopicPartition(topic, p);
            long end = ends.get(p);
            tally.upstreamEnd += end;
            Copies copies = copiesOf(remote, topic, p);
            tally.copies += copies.downstream.length;
            tally.tombstonesCopied += copies.tombstones;
            tally.upstreamGaps += end - Arrays.stream(copies.upstream).distinct().count();
            for (long c = 0; c <= end; c++) {
                Translation translation = syncs.translator().translate(source, c);
                String what = "c=" + c + " of " + source + ": " + translation + "; copies " + copies;
                assertTrue(translation.kind().hasDownstream(), what);
                long t = translation.downstream();
                long ideal = copies.ideal(c);
                long reRead = copies.reRead(t, c);
                long skipped = copies.skipped(t, c);
                tally.cValues++;
                tally.kinds.merge(translation.kind(), 1L, Long::sum);
                tally.reRead += reRead;
                tally.skipped += skipped;
                assertTrue(t <= copies.targetEnd, "T beyond the target's end, " + what);
                assertEquals(0, skipped, "skipped, " + what);
                boolean inRange = c == 0 || (c - 1 >= copies.minUpstream && c - 1 <= copies.maxUpstream);
                if (c > 0 && c - 1 < copies.minUpstream) {
                    // no record below c exists upstream (compacted away before mirroring began): nothing to
                    // re-read, so T must be 0; the translator cannot tell this from history that is gone
                    tally.leadingGap++;
                    tally.conservative += translation.isExact() ? 0 : 1;
                    tally.exact += translation.isExact() ? 1 : 0;
                    assertEquals(0, ideal, what);
                    assertEquals(0, t, "nothing upstream below c, " + what);
                    assertEquals(0, reRead, "re-read, " + what);
                } else if (inRange) {
                    tally.exact++;
                    assertTrue(translation.isExact(), "inside the replicated range, " + what);
                    assertEquals(0, reRead, "re-read, " + what);
                    assertEquals(ideal, t, "ideal, " + what);
                } else {
                    tally.conservative += translation.isExact() ? 0 : 1;
                    tally.exact += translation.isExact() ? 1 : 0;
                    assertTrue(t <= ideal, "beyond the replicated range T must not pass the ideal " + ideal + ", " + what);
                    if (!beyondAllowedToReRead) {
                        assertEquals(0, reRead, "re-read, " + what);
                    }
                }
            }
        }
        log.info("TranslationProofIT measured {}", tally);
        return tally;
    }

    /** The copies of one partition on the target, each with the upstream offset of its original. */
    private final class Copies {
        final long[] downstream;
        final long[] upstream;
        final long minUpstream;
        final long maxUpstream;
        final long targetEnd;
        final long tombstones;

        Copies(long[] downstream, long[] upstream, long targetEnd, long tombstones) {
            this.downstream = downstream;
            this.upstream = upstream;
            this.minUpstream = Arrays.stream(upstream).min().orElse(-1);
            this.maxUpstream = Arrays.stream(upstream).max().orElse(-1);
            this.targetEnd = targetEnd;
            this.tombstones = tombstones;
        }

        /** One past the last copy of any record before c. */
        long ideal(long c) {
            long t = 0;
            for (int i = 0; i < downstream.length; i++) {
                if (upstream[i] < c) {
                    t = Math.max(t, downstream[i] + 1);
                }
            }
            return t;
        }

        /** Copies of records before c that a consumer starting at t reads. */
        long reRead(long t, long c) {
            long n = 0;
            for (int i = 0; i < downstream.length; i++) {
                if (downstream[i] >= t && upstream[i] < c) {
                    n++;
                }
            }
            return n;
        }

        /** Records at or after c with a copy on the target, none of whose copies a consumer starting at t reads. */
        long skipped(long t, long c) {
            Set<Long> copied = new HashSet<>();
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < downstream.length; i++) {
                if (upstream[i] >= c) {
                    copied.add(upstream[i]);
                    if (downstream[i] >= t) {
                        seen.add(upstream[i]);
                    }
                }
            }
            copied.removeAll(seen);
            return copied.size();
        }

        @Override
        public String toString() {
            return downstream.length + " on the target (end " + targetEnd + "), last upstream copied " + maxUpstream;
        }
    }

    private Copies copiesOf(List<ConsumerRecord<byte[], byte[]>> remote, String topic, int partition) {
        List<ConsumerRecord<byte[], byte[]>> mine = remote.stream().filter(r -> r.partition() == partition).toList();
        long[] downstream = new long[mine.size()];
        long[] upstream = new long[mine.size()];
        long tombstones = 0;
        for (int i = 0; i < mine.size(); i++) {
            ConsumerRecord<byte[], byte[]> copy = mine.get(i);
            OracleId id = idOf(copy);
            assertEquals(topic, id.topic(), "copy at " + copy.offset() + " of east." + topic + "-" + partition);
            assertEquals(partition, id.partition(), "copy at " + copy.offset() + " of east." + topic + "-" + partition);
            assertFalse(id.run().equals("txn-aborted"), "a record of an aborted transaction was copied: " + id);
            Long u = upstreamOffsetOf.get(id.format());
            assertNotNull(u, "the original of " + id + " was seen on the source");
            downstream[i] = copy.offset();
            upstream[i] = u;
            tombstones += copy.value() == null ? 1 : 0;
        }
        long targetEnd = endOffsets(clusters.target().createConsumer(Map.of()), "east." + topic).get(partition);
        return new Copies(downstream, upstream, targetEnd, tombstones);
    }

    /** Ideal T for c on partition p of a topic, from the target. */
    private long idealFromTarget(String topic, int partition, long c) {
        learnUpstreamOffsets(topic);
        List<ConsumerRecord<byte[], byte[]>> remote = TopicSnapshot.read(clusters.target(), "east." + topic,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        return copiesOf(remote, topic, partition).ideal(c);
    }

    // ---------------------------------------------------------------- source and target reads

    private List<ConsumerRecord<byte[], byte[]>> readSource(String topic) {
        return TopicSnapshot.read(clusters.source(), topic, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
    }

    /** Records the upstream offset of every record now on the source (aborted ones included). */
    private void learnUpstreamOffsets(String topic) {
        for (ConsumerRecord<byte[], byte[]> record : readSource(topic)) {
            Long before = upstreamOffsetOf.put(idOf(record).format(), record.offset());
            assertTrue(before == null || before == record.offset(), "an oracle id is at one upstream offset: " + idOf(record));
        }
    }

    /** Waits until every record of the source that a read_committed mirror copies is on the target. */
    private void awaitCopied(String topic) {
        Set<String> committed = new HashSet<>();
        TopicSnapshot.read(clusters.source(), topic, IsolationLevel.READ_COMMITTED, Duration.ofSeconds(30))
            .forEach(r -> committed.add(idOf(r).format()));
        Waits.until(committed.size() + " records of " + topic + " on east." + topic, TIMEOUT, () -> {
            Set<String> copied = new HashSet<>();
            TopicSnapshot.read(clusters.target(), "east." + topic, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30))
                .forEach(r -> copied.add(idOf(r).format()));
            return copied.containsAll(committed);
        });
    }

    private Map<Integer, Long> sourceEndOffsets(String topic) {
        return endOffsets(clusters.source().createConsumer(Map.of()), topic);
    }

    private static Map<Integer, Long> endOffsets(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        try (consumer) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
            Map<Integer, Long> ends = new HashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    private static OracleId idOf(ConsumerRecord<byte[], byte[]> record) {
        Header id = record.headers().lastHeader(OracleRecords.ID_HEADER);
        assertNotNull(id, "oracle id header at " + record.topic() + "-" + record.partition() + "@" + record.offset());
        return OracleId.parse(id.value()).orElseThrow();
    }

    // ---------------------------------------------------------------- the syncs topic

    private record Syncs(OffsetTranslator translator, long applied, long skipped) {
    }

    private Syncs readSyncs() {
        OffsetSyncStore store = new OffsetSyncStore();
        OffsetSyncReader reader = new OffsetSyncReader(store);
        TopicSnapshot.read(clusters.target(), SYNCS_TOPIC, IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30))
            .forEach(reader::add);
        return new Syncs(new OffsetTranslator(store), reader.applied(), reader.skipped());
    }

    /** Waits until the syncs report the last copied record of every partition of the topic. */
    private Syncs awaitSyncsCover(String topic) {
        List<ConsumerRecord<byte[], byte[]>> remote = TopicSnapshot.read(clusters.target(), "east." + topic,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        Map<Integer, Long> lastCopied = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            lastCopied.put(p, copiesOf(remote, topic, p).maxUpstream);
        }
        return Waits.untilValue("syncs to cover " + topic + " up to " + lastCopied, Duration.ofSeconds(30), this::readSyncs,
            syncs -> lastCopied.entrySet().stream().allMatch(e ->
                syncs.translator().translate(new TopicPartition(topic, e.getKey()), e.getValue() + 1).isExact()));
    }

    /**
     * Per partition of the syncs topic: random bytes, an MM2 offset sync for a mirrored partition, a Ferry
     * sync whose value is truncated, a valid key with a null value, and a record with neither key nor value.
     */
    private void writeJunkIntoSyncsTopic() throws ExecutionException, InterruptedException {
        Random random = new Random(42);
        OffsetSync real = OffsetSync.runStart(new TopicPartition(PLAIN, 0), 10, 10, null, System.currentTimeMillis());
        byte[] topic = PLAIN.getBytes(StandardCharsets.UTF_8);
        byte[] mm2Key = ByteBuffer.allocate(2 + topic.length + 4).putShort((short) topic.length).put(topic).putInt(0).array();
        byte[] mm2Value = ByteBuffer.allocate(16).putLong(5).putLong(5).array();
        try (KafkaProducer<byte[], byte[]> junk = clusters.target().createProducer(Map.of())) {
            int partitions = junk.partitionsFor(SYNCS_TOPIC).size();
            for (int p = 0; p < partitions; p++) {
                byte[] randomKey = new byte[24];
                byte[] randomValue = new byte[75];
                random.nextBytes(randomKey);
                random.nextBytes(randomValue);
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(List.of(
                    new ProducerRecord<>(SYNCS_TOPIC, p, randomKey, randomValue),
                    new ProducerRecord<>(SYNCS_TOPIC, p, mm2Key, mm2Value),
                    new ProducerRecord<>(SYNCS_TOPIC, p, real.serializeKey(), Arrays.copyOf(real.serializeValue(), 40)),
                    new ProducerRecord<>(SYNCS_TOPIC, p, real.serializeKey(), null),
                    new ProducerRecord<>(SYNCS_TOPIC, p, null, null)));
                for (ProducerRecord<byte[], byte[]> record : records) {
                    junk.send(record).get();
                    junkWritten++;
                }
            }
            log.info("TranslationProofIT wrote {} foreign or corrupt records into {} ({} partitions)", junkWritten, SYNCS_TOPIC, partitions);
        }
    }

    // ---------------------------------------------------------------- checkpoints

    private Map<String, String> checkpointConnector() {
        return MirrorConnectors.checkpointsEastToWest(clusters, "proof-app");
    }

    private void commitOnSource(String group, Map<Integer, Long> offsets) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.source().createConsumer(config)) {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((p, offset) -> commit.put(new TopicPartition(PLAIN, p), new OffsetAndMetadata(offset)));
            consumer.commitSync(commit);
        }
    }

    /** Waits for an exact checkpoint of (group, proof-plain-p) at upstream {@code committed}; every checkpoint must deserialize. */
    private Checkpoint awaitCheckpoint(String group, int partition, long committed) {
        TopicPartition source = new TopicPartition(PLAIN, partition);
        return Waits.untilValue("an exact checkpoint of " + group + " on " + source + " at upstream " + committed, TIMEOUT, () -> {
            Checkpoint latest = null;
            for (ConsumerRecord<byte[], byte[]> record : TopicSnapshot.read(clusters.target(), CHECKPOINTS_TOPIC,
                    IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(10))) {
                Checkpoint checkpoint = Checkpoint.deserialize(record.key(), record.value());
                if (checkpoint.consumerGroup().equals(group) && checkpoint.source().equals(source)) {
                    latest = checkpoint;
                }
            }
            return latest;
        }, checkpoint -> checkpoint != null && checkpoint.upstreamOffset() == committed && checkpoint.translation() == TranslationKind.EXACT);
    }
}
