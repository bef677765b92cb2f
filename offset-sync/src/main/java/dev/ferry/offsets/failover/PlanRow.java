package dev.ferry.offsets.failover;

import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition of a group's failover plan.
 *
 * @param group                the consumer group
 * @param source               the topic partition the group consumed on the source cluster
 * @param remote               its copy on the target cluster
 * @param upstreamCommitted    the group's committed offset on the source when last checkpointed
 * @param translated           where the group resumes on the target, or -1 when the checkpoint gives none
 * @param kind                 how exact that is ({@link TranslationKind#EXACT}: re-reads 0, skips 0)
 * @param targetCommitted      the group's committed offset on the target now, or -1 if none
 * @param targetLogEnd         the end of the remote partition now
 * @param checkpointAgeMs      how old the checkpoint is
 */
public record PlanRow(String group, TopicPartition source, TopicPartition remote, long upstreamCommitted, long translated,
                      TranslationKind kind, long targetCommitted, long targetLogEnd, long checkpointAgeMs) {

    /** Records the group would still read on the target after failing over: lag there. */
    public long lagOnTarget() {
        return translated < 0 ? -1 : Math.max(0, targetLogEnd - translated);
    }

    /** Whether applying the plan moves the group's target position backwards (it already read further there). */
    public boolean movesBackwards() {
        return translated >= 0 && targetCommitted > translated;
    }
}
