package dev.ferry.checkpoints;

import dev.ferry.common.ReplicationPolicy;
import dev.ferry.common.wire.VerificationResult;
import dev.ferry.offsets.OffsetTranslator;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Continuous verification: takes a replicated record at random, finds its copy on the target through the offset
 * syncs ({@link OffsetTranslator#copyOf}, the same store checkpoints are translated from, never the mirror task's
 * own knowledge) and compares the two ({@link CopyComparison}). A wrong offset mapping, a corrupted copy or a
 * copy missing where the syncs put it is a mismatch: counted per topic and logged at ERROR with the source and
 * target topic, partition and offset (never record contents).
 *
 * <p>Mirrored partitions with offset syncs are taken in turn; the offset is drawn uniformly from the upstream
 * offsets the kept runs reach. A draw is skipped, not counted, when the syncs vouch for no copy of it (a gap), the
 * source no longer holds the record (retention, compaction), the target no longer holds the copy (retention, or a
 * hole left by compaction: records may be compacted on the target independently of the source), or a fetch times
 * out. A copy position at or past the end of the target log is a mismatch ({@code missing}): syncs are only
 * written after the copy is acknowledged.
 *
 * <p>Not thread-safe: used on the task thread only.
 */
final class CopyVerifier {

    private static final Logger log = LoggerFactory.getLogger(CopyVerifier.class);
    private static final Comparator<TopicPartition> ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);
    /** Draws per sample before giving up on a partition for this turn (a draw can land in a gap of the runs). */
    private static final int DRAWS = 3;

    private final String connector;
    private final String sourceAlias;
    private final String targetAlias;
    private final ReplicationPolicy policy;
    private final OffsetTranslator translator;
    private final Supplier<Set<TopicPartition>> partitions;
    private final Predicate<String> mirrored;
    private final RecordSource source;
    private final RecordSource target;
    private final Duration fetchTimeout;
    private final RandomGenerator random;
    private final LongSupplier clock;
    private final long startedAtMs;
    private final Map<String, VerificationTally> tallies = new TreeMap<>();
    private long skipped;
    private int turn;

    CopyVerifier(String connector, String sourceAlias, String targetAlias, ReplicationPolicy policy, OffsetTranslator translator,
                 Supplier<Set<TopicPartition>> partitions, Predicate<String> mirrored, RecordSource source, RecordSource target,
                 Duration fetchTimeout, RandomGenerator random, LongSupplier clock) {
        this.connector = connector;
        this.sourceAlias = sourceAlias;
        this.targetAlias = targetAlias;
        this.policy = policy;
        this.translator = translator;
        this.partitions = partitions;
        this.mirrored = mirrored;
        this.source = source;
        this.target = target;
        this.fetchTimeout = fetchTimeout;
        this.random = random;
        this.clock = clock;
        this.startedAtMs = clock.getAsLong();
    }

    /**
     * Verifies one sample of the next mirrored partition.
     *
     * @return whether a record was compared with its copy (false when there was nothing to sample or the draw was skipped)
     * @throws org.apache.kafka.common.KafkaException when a cluster cannot be read (e.g. READ denied)
     */
    boolean sampleOnce() {
        List<TopicPartition> candidates = new ArrayList<>();
        for (TopicPartition partition : partitions.get()) {
            if (mirrored.test(partition.topic())) {
                candidates.add(partition);
            }
        }
        if (candidates.isEmpty()) {
            return false;
        }
        candidates.sort(ORDER);
        TopicPartition partition = candidates.get(Math.floorMod(turn++, candidates.size()));
        Map.Entry<Long, Long> copy = draw(partition);
        if (copy == null) {
            skipped++;
            return false;
        }
        return verify(partition, copy.getKey(), copy.getValue());
    }

    /** An upstream offset and where the syncs put its copy, or null. */
    private Map.Entry<Long, Long> draw(TopicPartition partition) {
        long[] range = translator.knownUpstreamRange(partition).orElse(null);
        if (range == null) {
            return null;
        }
        for (int i = 0; i < DRAWS; i++) {
            long upstream = range[0] + random.nextLong(range[1] - range[0] + 1);
            OptionalLong downstream = translator.copyOf(partition, upstream);
            if (downstream.isPresent()) {
                return Map.entry(upstream, downstream.getAsLong());
            }
        }
        return null;
    }

    private boolean verify(TopicPartition partition, long upstream, long downstream) {
        RecordSource.Fetch original = source.fetch(partition, upstream, fetchTimeout);
        if (original.outcome() != RecordSource.Outcome.FOUND) {
            skipped++;
            log.debug("Verification skips {} offset {} on the source: {}", partition, upstream, original.reason());
            return false;
        }
        String remoteTopic = policy.remoteTopic(sourceAlias, partition.topic());
        TopicPartition remote = new TopicPartition(remoteTopic, partition.partition());
        RecordSource.Fetch copy = target.fetch(remote, downstream, fetchTimeout);
        int differences;
        switch (copy.outcome()) {
            case FOUND -> differences = CopyComparison.differences(original.record(), copy.record());
            case BEYOND_END -> differences = VerificationResult.MISSING;
            default -> {
                skipped++;
                log.debug("Verification skips {} offset {}: its copy at {} offset {}: {}", partition, upstream, remote, downstream,
                    copy.reason());
                return false;
            }
        }
        VerificationTally tally = tallies.computeIfAbsent(partition.topic(), topic -> new VerificationTally(topic, remoteTopic));
        if (differences == 0) {
            tally.match();
            return true;
        }
        VerificationResult.Mismatch mismatch = new VerificationResult.Mismatch(partition.partition(), upstream, downstream,
            clock.getAsLong(), differences);
        tally.mismatch(mismatch);
        log.error("Verification mismatch: source cluster '{}' topic {} partition {} offset {} against its copy on target cluster '{}' "
                + "topic {} partition {} offset {} (where the offset syncs put it): {}", sourceAlias, partition.topic(),
            partition.partition(), upstream, targetAlias, remoteTopic, partition.partition(), downstream,
            copy.outcome() == RecordSource.Outcome.FOUND ? "the copy differs in " + mismatch.fieldNames()
                : "there is no copy: " + copy.reason());
        return true;
    }

    /** The per-topic results to publish now. */
    List<VerificationResult> results() {
        long now = clock.getAsLong();
        List<VerificationResult> results = new ArrayList<>();
        for (VerificationTally tally : tallies.values()) {
            results.add(tally.result(connector, sourceAlias, targetAlias, startedAtMs, now));
        }
        return results;
    }

    /** The tally of {@code topic}, created (empty) if none yet: metrics register on it. */
    VerificationTally tally(String topic) {
        return tallies.computeIfAbsent(topic, t -> new VerificationTally(t, policy.remoteTopic(sourceAlias, t)));
    }

    Set<String> topics() {
        return Set.copyOf(tallies.keySet());
    }

    /** Draws skipped so far (see the class comment). */
    long skipped() {
        return skipped;
    }

    void wakeup() {
        source.wakeup();
        target.wakeup();
    }

    void close() {
        source.close();
        target.close();
    }
}
