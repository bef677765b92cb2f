package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The last checkpoint written for each (consumer group, source partition), and the rule deciding
 * whether a freshly translated checkpoint is written.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li><b>First</b> checkpoint of a key: written.</li>
 *   <li><b>Reset</b>: the group's committed upstream offset is below the last checkpoint's. The group
 *       was moved back on the source on purpose, so the checkpoint moves back with it: written, and
 *       logged at INFO.</li>
 *   <li><b>Forward or level</b>: the downstream offset is at or past the last one. Written when
 *       anything changed, or when the last write is {@code unchangedIntervalMs} old (so a checkpoint's
 *       age says how recently it was confirmed).</li>
 *   <li><b>Backwards without a reset</b>: the downstream offset went down while the upstream one did
 *       not. With truthful syncs a translation only moves forward as knowledge grows, so this means the
 *       new answer knows less (history evicted or expired: HISTORY_GONE, or a tail not reported yet).
 *       The last checkpoint stays the better answer (it still never skips: every record at or after
 *       the new committed offset is at or after the old one), so nothing is written (counted as held).
 *       The one exception is an {@link TranslationKind#EXACT} answer lower than the last checkpoint:
 *       the copy history itself contradicts it (e.g. the remote topic was recreated), and keeping the
 *       old offset could skip records, so the exact answer is written and logged at WARN.</li>
 * </ul>
 *
 * <p>Memory: one checkpoint per (group, partition) of the task's groups. Not thread-safe.
 */
final class CheckpointLedger {

    private static final Logger log = LoggerFactory.getLogger(CheckpointLedger.class);

    /** What the ledger keys checkpoints by. */
    record Key(String group, TopicPartition source) {
        static Key of(Checkpoint checkpoint) {
            return new Key(checkpoint.consumerGroup(), checkpoint.source());
        }
    }

    private final long unchangedIntervalMs;
    private final Map<Key, Checkpoint> last = new HashMap<>();
    // Counters are written on the task thread and read by metrics on others.
    private volatile long resets;
    private volatile long held;
    private volatile long contradicted;

    CheckpointLedger(long unchangedIntervalMs) {
        this.unchangedIntervalMs = unchangedIntervalMs;
    }

    /**
     * Remembers a checkpoint written before this ledger existed (read back from the checkpoints topic
     * at task start), so monotonicity holds across task restarts and reassignments. Later seeds of the
     * same key replace earlier ones (the topic is read in order).
     */
    void seed(Checkpoint previous) {
        last.put(Key.of(previous), previous);
    }

    /**
     * Applies the rule to a checkpoint just translated; its {@code timestampMs} is taken as now.
     *
     * @return the checkpoint to write, or empty when nothing is to be written for its key
     */
    Optional<Checkpoint> admit(Checkpoint candidate) {
        Key key = Key.of(candidate);
        Checkpoint previous = last.get(key);
        if (previous != null) {
            if (candidate.upstreamOffset() < previous.upstreamOffset()) {
                resets++;
                log.info("Consumer group '{}' was reset on the source: {} moved back from offset {} to {}. Its checkpoint "
                        + "moves back with it, from downstream offset {} to {} ({})", key.group(), key.source(),
                    previous.upstreamOffset(), candidate.upstreamOffset(), previous.downstreamOffset(),
                    candidate.downstreamOffset(), candidate.translation());
            } else if (candidate.downstreamOffset() < previous.downstreamOffset()) {
                if (candidate.translation() != TranslationKind.EXACT) {
                    held++;
                    log.debug("Holding the checkpoint of group '{}' for {} at {} -> {} ({}): the new translation {} -> {} ({}) "
                            + "knows less and would move it back", key.group(), key.source(), previous.upstreamOffset(),
                        previous.downstreamOffset(), previous.translation(), candidate.upstreamOffset(),
                        candidate.downstreamOffset(), candidate.translation());
                    return Optional.empty();
                }
                contradicted++;
                log.warn("The exact translation of group '{}' for {} ({} -> {}) is below its last checkpoint ({} -> {}): the "
                        + "target's copy history changed (was the remote topic recreated?). Writing the exact answer, since "
                        + "the old one could skip records", key.group(), key.source(), candidate.upstreamOffset(),
                    candidate.downstreamOffset(), previous.upstreamOffset(), previous.downstreamOffset());
            } else if (sameAnswer(previous, candidate)
                && candidate.timestampMs() - previous.timestampMs() < unchangedIntervalMs) {
                return Optional.empty();
            }
        }
        last.put(key, candidate);
        return Optional.of(candidate);
    }

    private static boolean sameAnswer(Checkpoint a, Checkpoint b) {
        return a.upstreamOffset() == b.upstreamOffset() && a.downstreamOffset() == b.downstreamOffset()
            && a.translation() == b.translation() && Objects.equals(a.metadata(), b.metadata());
    }

    /** The last checkpoint written (or seeded) for a key, if any. */
    Optional<Checkpoint> last(String group, TopicPartition source) {
        return Optional.ofNullable(last.get(new Key(group, source)));
    }

    /** The last checkpoint written (or seeded) of every key. */
    Collection<Checkpoint> latest() {
        return List.copyOf(last.values());
    }

    /** Keys with a checkpoint. */
    int size() {
        return last.size();
    }

    /** Checkpoints that moved back because their group was reset on the source. */
    long resets() {
        return resets;
    }

    /** Translations not written because they would have moved a checkpoint back without a reset. */
    long held() {
        return held;
    }

    /** Exact translations written although below the last checkpoint (the copy history changed). */
    long contradicted() {
        return contradicted;
    }
}
