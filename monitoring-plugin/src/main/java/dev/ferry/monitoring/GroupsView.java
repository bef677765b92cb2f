package dev.ferry.monitoring;

import java.util.List;

/**
 * The document of {@code GET /ferry/v1/groups}: failover readiness of each checkpointed consumer group.
 *
 * @param generatedAtMs when the document was made
 * @param groups        one entry per checkpoint connector's topic and consumer group
 */
public record GroupsView(long generatedAtMs, List<GroupView> groups) {

    /**
     * Readiness of a group to fail over to the target now:
     * <ul>
     *   <li>NOT_READY: some partition's translation is not exact (no offset syncs, not yet replicated, history gone
     *       or an unreported tail), so a consumer failing over now would re-read records (never skip);</li>
     *   <li>STALE: every translation is exact but the oldest checkpoint is older than
     *       {@code ferry.monitoring.checkpoint.max.age.ms} (the checkpoint connector is behind or stopped);</li>
     *   <li>READY: every translation is exact and recent.</li>
     * </ul>
     */
    public enum Readiness { READY, STALE, NOT_READY }

    /** One consumer group. {@code checkpointAgeMs} is the age of its oldest checkpoint. */
    public record GroupView(String group, String sourceAlias, String targetAlias, String checkpointsTopic, Readiness status,
                            long checkpointAgeMs, List<GroupPartitionView> partitions) {
    }

    /**
     * One source partition of a group. {@code translatedOffset} is null when the translation gives none;
     * {@code targetCommittedOffset} is null when the group has committed nothing on the target for the remote
     * partition; {@code lagOnTarget} is the target log end minus the group's committed offset on the target, or
     * minus the translated offset when it has none there (what a consumer failing over now would have to read);
     * null when unknown. {@code failoverRereads} and {@code failoverSkips}: records a consumer failing over now would
     * read a second time, and would never see ({@link FailoverExposure}); null when unknown.
     */
    public record GroupPartitionView(String topic, String remoteTopic, int partition, long upstreamOffset, Long translatedOffset,
                                     String translation, Long targetCommittedOffset, Long targetLogEndOffset, Long lagOnTarget,
                                     long checkpointAgeMs, Long failoverRereads, Long failoverSkips) {
    }
}
