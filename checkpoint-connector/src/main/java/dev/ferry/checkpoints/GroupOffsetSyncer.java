package dev.ferry.checkpoints;

import dev.ferry.common.ReplicationPolicy;
import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The optional group sync ({@code sync.group.offsets.enabled}): commits each checkpointed group's
 * translated offsets to the same group id on the target cluster, so its consumers can start there
 * without a failover tool run.
 *
 * <h2>The rules</h2>
 * <ul>
 *   <li>Only {@link TranslationKind#EXACT} translations are committed; a conservative one never moves a
 *       target group (it stays where it is, or gets no offset until the translation becomes exact).</li>
 *   <li>A group is only touched while it has no active members on the target: state
 *       {@link GroupState#EMPTY}, {@link GroupState#DEAD} (includes "does not exist") or
 *       {@link GroupState#UNKNOWN}, with no members. Any other state means consumers are using the group
 *       there, and their positions are theirs. (A member joining between the check and the commit makes
 *       the broker refuse the commit; that is counted as a failure and retried next interval.)</li>
 *   <li>A target committed offset at or past the translation is never overwritten: the group already
 *       read further on the target (or is exactly there).</li>
 * </ul>
 * Every decision is logged at DEBUG and counted. Not thread-safe.
 */
final class GroupOffsetSyncer {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsetSyncer.class);

    private final TargetGroups targetGroups;
    private final ReplicationPolicy policy;
    private final String sourceAlias;
    private final String targetAlias;

    // Written on the task thread, read by metrics on others.
    private volatile long rounds;
    private volatile long groupsCommitted;
    private volatile long offsetsCommitted;
    private volatile long skippedActive;
    private volatile long skippedAhead;
    private volatile long skippedInexact;
    private volatile long failures;

    GroupOffsetSyncer(TargetGroups targetGroups, ReplicationPolicy policy, String sourceAlias, String targetAlias) {
        this.targetGroups = targetGroups;
        this.policy = policy;
        this.sourceAlias = sourceAlias;
        this.targetAlias = targetAlias;
    }

    /**
     * One round: for each group among {@code checkpoints} (the latest checkpoint of each group and source
     * partition), commit what the rules allow.
     *
     * @throws AuthorizationException when the target denies describing, reading or committing
     */
    void sync(Collection<Checkpoint> checkpoints) {
        rounds++;
        Map<String, Map<TopicPartition, Checkpoint>> byGroup = new TreeMap<>();
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.translation() != TranslationKind.EXACT) {
                skippedInexact++;
                log.debug("Group sync: not moving group '{}' on {} to a {} translation ({} -> {})", checkpoint.consumerGroup(),
                    checkpoint.source(), checkpoint.translation(), checkpoint.upstreamOffset(), checkpoint.downstreamOffset());
                continue;
            }
            TopicPartition remote = new TopicPartition(policy.remoteTopic(sourceAlias, checkpoint.source().topic()),
                checkpoint.source().partition());
            byGroup.computeIfAbsent(checkpoint.consumerGroup(), group -> new HashMap<>()).put(remote, checkpoint);
        }
        byGroup.forEach(this::syncGroup);
    }

    private void syncGroup(String group, Map<TopicPartition, Checkpoint> translated) {
        try {
            GroupState state = targetGroups.state(group);
            boolean idle = state == GroupState.EMPTY || state == GroupState.DEAD || state == GroupState.UNKNOWN;
            if (!idle || targetGroups.hasMembers(group)) {
                skippedActive++;
                log.debug("Group sync: group '{}' is {} with members on target cluster '{}': left alone", group, state, targetAlias);
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> current = targetGroups.committed(group);
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            for (Map.Entry<TopicPartition, Checkpoint> entry : translated.entrySet()) {
                TopicPartition remote = entry.getKey();
                long downstream = entry.getValue().downstreamOffset();
                OffsetAndMetadata there = current.get(remote);
                if (there != null && there.offset() >= downstream) {
                    if (there.offset() > downstream) {
                        skippedAhead++;
                        log.debug("Group sync: group '{}' on {} is at {} on target cluster '{}', ahead of the translation {}: "
                            + "left there", group, remote, there.offset(), targetAlias, downstream);
                    }
                    continue;
                }
                commits.put(remote, new OffsetAndMetadata(downstream, entry.getValue().metadata()));
            }
            if (commits.isEmpty()) {
                return;
            }
            targetGroups.commit(group, commits);
            groupsCommitted++;
            offsetsCommitted += commits.size();
            if (log.isDebugEnabled()) {
                Map<TopicPartition, Long> shown = new TreeMap<>(
                    (a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition()) : a.topic().compareTo(b.topic()));
                commits.forEach((partition, offset) -> shown.put(partition, offset.offset()));
                log.debug("Group sync: committed group '{}' (state {}) on target cluster '{}': {}", group, state, targetAlias, shown);
            }
        } catch (AuthorizationException denied) {
            throw denied;
        } catch (KafkaException e) {
            failures++;
            log.debug("Group sync of group '{}' on target cluster '{}' failed, retrying next interval: {}", group, targetAlias,
                e.toString());
        }
    }

    /** Sync rounds run. */
    long rounds() {
        return rounds;
    }

    /** Commits made to target groups (one per group and round that moved anything). */
    long groupsCommitted() {
        return groupsCommitted;
    }

    /** Partition offsets committed to target groups. */
    long offsetsCommitted() {
        return offsetsCommitted;
    }

    /** Group rounds skipped because the group had active members on the target. */
    long skippedActive() {
        return skippedActive;
    }

    /** Partitions left alone because the target group was already past the translation. */
    long skippedAhead() {
        return skippedAhead;
    }

    /** Checkpoints not used because their translation was conservative. */
    long skippedInexact() {
        return skippedInexact;
    }

    /** Group rounds that failed for a passing reason (e.g. a member joined, the target was unreachable). */
    long failures() {
        return failures;
    }

    /** The counters on one line, for logs. */
    String summary() {
        return "rounds=" + rounds + " groupsCommitted=" + groupsCommitted + " offsetsCommitted=" + offsetsCommitted
            + " skippedActive=" + skippedActive + " skippedAhead=" + skippedAhead + " skippedInexact=" + skippedInexact
            + " failures=" + failures;
    }
}
