package dev.ferry.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * The replication oracle's checker: compares what is on a target topic with what the
 * {@link OracleRecords} generator says was produced to a source topic.
 *
 * <p>Two layers: {@link #analyze} is a pure function of a list of records (unit-testable, no
 * cluster); the instance methods read a target topic with {@link TopicSnapshot} and analyze it.
 * Instances are immutable; configure with {@link #ignoringHeaders}, {@link #readCommitted()} and
 * {@link #withRecords}.
 */
public final class ReplicationChecker {

    /** How long one read of the target topic may take. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Set<String> ignoredHeaderKeys;
    private final IsolationLevel isolation;
    private final OracleRecords records;

    private ReplicationChecker(Set<String> ignoredHeaderKeys, IsolationLevel isolation, OracleRecords records) {
        this.ignoredHeaderKeys = Set.copyOf(ignoredHeaderKeys);
        this.isolation = isolation;
        this.records = records;
    }

    /** @return a checker that ignores no headers, reads uncommitted and expects {@link OracleRecords#standard()} records */
    public static ReplicationChecker create() {
        return new ReplicationChecker(Set.of(), IsolationLevel.READ_UNCOMMITTED, OracleRecords.standard());
    }

    /**
     * @param headerKeys header keys (e.g. a provenance header the mirror adds) to drop from both
     *                   sides before comparing headers, in addition to those already ignored
     * @return a checker that ignores them
     */
    public ReplicationChecker ignoringHeaders(String... headerKeys) {
        Set<String> keys = new HashSet<>(ignoredHeaderKeys);
        keys.addAll(List.of(headerKeys));
        return new ReplicationChecker(keys, isolation, records);
    }

    /** @return a checker that reads the target with isolation.level=read_committed */
    public ReplicationChecker readCommitted() {
        return new ReplicationChecker(ignoredHeaderKeys, IsolationLevel.READ_COMMITTED, records);
    }

    /**
     * @param generator the generator the records were produced with (for
     *                  {@link #read(EmbeddedKafkaCluster, String, String, String, int, Map)}; the
     *                  producer-based methods use the producer's own generator)
     * @return a checker expecting that generator's records
     */
    public ReplicationChecker withRecords(OracleRecords generator) {
        return new ReplicationChecker(ignoredHeaderKeys, isolation, Objects.requireNonNull(generator));
    }

    /**
     * Analyzes target records against {@link OracleRecords#standard()} records.
     *
     * @see #analyze(OracleRecords, String, String, int, Map, List, Set)
     */
    public static ReplicationReport analyze(String run, String sourceTopic, int sourcePartitions,
                                            Map<Integer, Long> expectedCountPerPartition,
                                            List<ConsumerRecord<byte[], byte[]>> targetRecordsInOffsetOrderPerPartition,
                                            Set<String> ignoredHeaderKeys) {
        return analyze(OracleRecords.standard(), run, sourceTopic, sourcePartitions, expectedCountPerPartition,
                targetRecordsInOffsetOrderPerPartition, ignoredHeaderKeys);
    }

    /**
     * Pure analysis: which expected records are on the target, how often, in what order, and unchanged or not.
     *
     * @param generator          the generator the source records came from
     * @param run                the run that produced them
     * @param sourceTopic        their source topic
     * @param sourcePartitions   the source partitions to report on ({@code 0..n-1}); partitions with
     *                           an expected count or with records are reported too
     * @param expectedCountPerPartition records produced per source partition (seqs {@code 0..count-1});
     *                           a missing partition means 0
     * @param targetRecordsInOffsetOrderPerPartition the target records; within each target partition
     *                           they must be in offset order (order across partitions does not matter)
     * @param ignoredHeaderKeys  header keys removed before headers are compared
     * @return the report; see {@link PartitionReport} for what each figure means
     */
    public static ReplicationReport analyze(OracleRecords generator, String run, String sourceTopic,
                                            int sourcePartitions, Map<Integer, Long> expectedCountPerPartition,
                                            List<ConsumerRecord<byte[], byte[]>> targetRecordsInOffsetOrderPerPartition,
                                            Set<String> ignoredHeaderKeys) {
        Map<Integer, PartitionTally> tallies = new TreeMap<>();
        for (int p = 0; p < sourcePartitions; p++) {
            tallies.put(p, new PartitionTally(p, expectedCountPerPartition.getOrDefault(p, 0L)));
        }
        expectedCountPerPartition.forEach((p, count) -> tallies.computeIfAbsent(p, q -> new PartitionTally(q, count)));
        Set<String> ignored = ignoredHeaderKeys == null ? Set.of() : ignoredHeaderKeys;

        for (ConsumerRecord<byte[], byte[]> record : targetRecordsInOffsetOrderPerPartition) {
            Header idHeader = firstHeader(record, OracleRecords.ID_HEADER);
            Optional<OracleId> id = idHeader == null ? Optional.empty() : OracleId.parse(idHeader.value());
            if (id.isEmpty() || !id.get().belongsTo(run, sourceTopic)) {
                tally(tallies, record.partition(), expectedCountPerPartition)
                        .foreign(record, foreignReason(idHeader, id, run, sourceTopic));
                continue;
            }
            OracleId oracleId = id.get();
            // attribute by the id, not by where it landed, so a misplaced copy shows as a partition mismatch
            PartitionTally tally = tally(tallies, oracleId.partition(), expectedCountPerPartition);
            if (oracleId.seq() >= tally.expected()) {
                tally.unexpected();
            } else {
                tally.copy(oracleId.seq(), record, RecordDiff.compare(generator.generate(oracleId), record, ignored));
            }
        }
        List<PartitionReport> reports = new ArrayList<>();
        tallies.values().forEach(t -> reports.add(t.report()));
        return new ReplicationReport(run, sourceTopic, reports);
    }

    /**
     * Reads the target topic as it is now and analyzes it.
     *
     * @param target            the target cluster
     * @param targetTopic       the topic holding the copies
     * @param run               the run that produced the source records
     * @param sourceTopic       the source topic
     * @param sourcePartitions  source partitions to report on
     * @param expectedCountPerPartition records produced per source partition
     * @return the report
     * @throws IllegalStateException if the target topic does not exist or cannot be read in 30 s
     */
    public ReplicationReport read(EmbeddedKafkaCluster target, String targetTopic, String run, String sourceTopic,
                                  int sourcePartitions, Map<Integer, Long> expectedCountPerPartition) {
        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(target, targetTopic, isolation, READ_TIMEOUT);
        return analyze(records, run, sourceTopic, sourcePartitions, expectedCountPerPartition, copies,
                ignoredHeaderKeys);
    }

    /**
     * Reads the target topic as it is now and analyzes it against what {@code producer} has produced
     * to {@code sourceTopic} (run, generator and counts come from the producer).
     *
     * <p>The counts are taken after the target has been read, so a record still being produced
     * shows as lost (and a later read finds it) rather than as unexpected.
     *
     * @return the report
     * @throws IllegalStateException if the target topic does not exist or cannot be read in 30 s
     */
    public ReplicationReport read(EmbeddedKafkaCluster target, String targetTopic, String sourceTopic,
                                  OracleProducer producer) {
        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(target, targetTopic, isolation, READ_TIMEOUT);
        Map<Integer, Long> counts = producer.producedCounts(sourceTopic);
        // report on the partitions the producer wrote; others have nothing to lose
        int sourcePartitions = counts.keySet().stream().mapToInt(p -> p + 1).max().orElse(0);
        return analyze(producer.records(), producer.run(), sourceTopic, sourcePartitions, counts, copies,
                ignoredHeaderKeys);
    }

    /**
     * Re-reads the target topic until no produced record is missing from it, then returns the report.
     *
     * <p>Waiting stops at "nothing lost" rather than "exact" because duplicates, disorder and
     * mismatches never heal; the caller asserts on the returned report. Stop any background
     * production first, or records produced meanwhile keep the wait going. On timeout the last
     * report is returned, not an exception, so the caller's assertion message shows the figures.
     *
     * @param target      the target cluster
     * @param targetTopic the topic holding the copies
     * @param sourceTopic the source topic the producer wrote
     * @param producer    the producer whose records are expected
     * @param timeout     how long to wait for the last record
     * @return the first report with nothing lost, or the last report read when the timeout passed
     * @throws AssertionError only if the target topic could not be read even once before the timeout
     */
    public ReplicationReport awaitExact(EmbeddedKafkaCluster target, String targetTopic, String sourceTopic,
                                        OracleProducer producer, Duration timeout) {
        AtomicReference<ReplicationReport> last = new AtomicReference<>();
        try {
            return Waits.untilValue("every record produced to '" + sourceTopic + "' to be on '" + targetTopic + "'",
                    timeout,
                    () -> {
                        ReplicationReport report = read(target, targetTopic, sourceTopic, producer);
                        last.set(report);
                        return report;
                    },
                    report -> report.lost() == 0);
        } catch (AssertionError timedOut) {
            if (last.get() == null) {
                throw timedOut;
            }
            return last.get();
        }
    }

    /** @return the header keys this checker ignores (unmodifiable) */
    public Set<String> ignoredHeaderKeys() {
        return ignoredHeaderKeys;
    }

    private static PartitionTally tally(Map<Integer, PartitionTally> tallies, int partition,
                                        Map<Integer, Long> expectedCountPerPartition) {
        return tallies.computeIfAbsent(partition,
                p -> new PartitionTally(p, expectedCountPerPartition.getOrDefault(p, 0L)));
    }

    private static Header firstHeader(ConsumerRecord<byte[], byte[]> record, String key) {
        for (Header h : record.headers()) {
            if (h.key().equals(key)) {
                return h;
            }
        }
        return null;
    }

    private static String foreignReason(Header idHeader, Optional<OracleId> id, String run, String sourceTopic) {
        if (idHeader == null) {
            return "no " + OracleRecords.ID_HEADER + " header";
        }
        if (id.isEmpty()) {
            return "unparseable " + OracleRecords.ID_HEADER + " " + ByteFormat.describe(idHeader.value());
        }
        return OracleRecords.ID_HEADER + " " + id.get() + " is not from run '" + run + "' topic '" + sourceTopic + "'";
    }
}
