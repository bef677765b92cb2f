package dev.ferry.offsets.failover;

import dev.ferry.common.KafkaCalls;
import dev.ferry.common.ReplicationPolicy;
import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.FailbackTranslator;
import dev.ferry.offsets.Translation;
import dev.ferry.offsets.failover.FailoverException.Reason;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Moves consumer groups from a source cluster to the target cluster that mirrors it, using the
 * checkpoints Ferry's checkpoint connector writes on the target. Needs only the target cluster, so it
 * works when the source is gone (unplanned failover). Failback is the same operation in the other
 * direction, with the reverse mirror's checkpoints.
 *
 * <p>No Connect classes: DR runbooks call this through the {@code ferry-failover} command anywhere a
 * Kafka client runs.
 */
public final class FailoverClient implements AutoCloseable {

    private final Admin targetAdmin;
    private final Consumer<byte[], byte[]> checkpointsConsumer;
    private final ReplicationPolicy policy;
    private final String sourceAlias;
    private final String checkpointsTopic;
    private final Duration timeout;
    private final FailbackTranslator failback;
    private long skippedCheckpointRecords;

    /**
     * @param targetAdmin         admin client of the cluster consumers move to
     * @param checkpointsConsumer a byte-array consumer of that cluster (no group needed)
     * @param policy              the replication policy of the mirror (maps source topics to remote ones)
     * @param sourceAlias         the alias of the cluster the groups consumed from
     * @param checkpointsTopic    the checkpoints topic on the target
     */
    public FailoverClient(Admin targetAdmin, Consumer<byte[], byte[]> checkpointsConsumer, ReplicationPolicy policy,
                          String sourceAlias, String checkpointsTopic, Duration timeout) {
        this(targetAdmin, checkpointsConsumer, policy, sourceAlias, checkpointsTopic, timeout, null);
    }

    /**
     * A client for failback that places each group with both mirrors' offset syncs rather than with the
     * reverse checkpoints alone (see {@link FailbackTranslator}): the checkpoints give the group's position
     * on the cluster it failed over to, the translator where that is on the cluster it returns to.
     *
     * @param failback translator over the forward mirror's syncs (origin to failed-over cluster) and the reverse
     *                 mirror's, or {@code null} to use the reverse checkpoints' translations as they are
     */
    public FailoverClient(Admin targetAdmin, Consumer<byte[], byte[]> checkpointsConsumer, ReplicationPolicy policy,
                          String sourceAlias, String checkpointsTopic, Duration timeout, FailbackTranslator failback) {
        this.failback = failback;
        this.targetAdmin = targetAdmin;
        this.checkpointsConsumer = checkpointsConsumer;
        this.policy = policy;
        this.sourceAlias = sourceAlias;
        this.checkpointsTopic = checkpointsTopic;
        this.timeout = timeout;
    }

    /**
     * The plan for every checkpointed group that {@code groups} accepts.
     *
     * @param maxCheckpointAgeMs checkpoints older than this make the plan fail with {@link Reason#STALE_CHECKPOINTS}
     *                           (the source stopped long ago, or the checkpoint connector is not running); 0 = no limit
     * @throws FailoverException naming the reason: target unreachable, no checkpoints at all, no checkpoint
     *                           for a group named exactly, stale checkpoints
     */
    public List<GroupPlan> plan(Predicate<String> groups, List<String> exactGroups, long maxCheckpointAgeMs, long nowMs)
        throws FailoverException {
        Map<String, Map<TopicPartition, Checkpoint>> checkpoints;
        try {
            CheckpointsReader reader = new CheckpointsReader(checkpointsConsumer);
            checkpoints = reader.readLatest(checkpointsTopic, timeout);
            skippedCheckpointRecords = reader.skipped();
        } catch (KafkaException e) {
            throw new FailoverException(Reason.UNREACHABLE, "Cannot read checkpoints topic '" + checkpointsTopic
                + "' on the target cluster: " + e.getMessage(), e);
        }
        if (checkpoints.isEmpty()) {
            throw new FailoverException(Reason.NO_CHECKPOINTS, "No checkpoints in '" + checkpointsTopic + "' on the target "
                + "cluster" + (skippedCheckpointRecords > 0 ? " (skipped " + skippedCheckpointRecords
                + " record(s) that are not Ferry checkpoints)" : "") + ": is the checkpoint connector for source '" + sourceAlias
                + "' running, and has it read the offset syncs?");
        }
        for (String exact : exactGroups) {
            if (!checkpoints.containsKey(exact)) {
                throw new FailoverException(Reason.UNKNOWN_GROUP, "No checkpoint for consumer group '" + exact + "' in '"
                    + checkpointsTopic + "'; checkpointed groups: " + checkpoints.keySet());
            }
        }
        List<GroupPlan> plans = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, Checkpoint>> entry : checkpoints.entrySet()) {
            if (groups.test(entry.getKey())) {
                plans.add(planGroup(entry.getKey(), entry.getValue(), nowMs));
            }
        }
        if (plans.isEmpty()) {
            throw new FailoverException(Reason.UNKNOWN_GROUP, "No checkpointed group matches; checkpointed groups: "
                + checkpoints.keySet());
        }
        if (maxCheckpointAgeMs > 0) {
            for (GroupPlan plan : plans) {
                if (plan.oldestCheckpointAgeMs() > maxCheckpointAgeMs) {
                    throw new FailoverException(Reason.STALE_CHECKPOINTS, "Checkpoints of group '" + plan.group() + "' are "
                        + plan.oldestCheckpointAgeMs() / 1000 + " s old (limit " + maxCheckpointAgeMs / 1000 + " s): positions "
                        + "may be behind what the group read on the source. Check the checkpoint connector, or raise the limit "
                        + "knowingly (the group would re-read, never skip).");
                }
            }
        }
        return plans;
    }

    private GroupPlan planGroup(String group, Map<TopicPartition, Checkpoint> checkpoints, long nowMs) throws FailoverException {
        Map<TopicPartition, TopicPartition> remoteOf = new HashMap<>();
        checkpoints.keySet().forEach(source ->
            remoteOf.put(source, new TopicPartition(policy.remoteTopic(sourceAlias, source.topic()), source.partition())));
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = KafkaCalls.await(
                targetAdmin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), timeout,
                "reading offsets of group '" + group + "' on the target");
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            remoteOf.values().forEach(remote -> latest.put(remote, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = KafkaCalls.await(
                targetAdmin.listOffsets(latest).all(), timeout, "reading the ends of remote topics");
            GroupState state = describe(group);
            List<PlanRow> rows = new ArrayList<>();
            checkpoints.forEach((source, checkpoint) -> {
                TopicPartition remote = remoteOf.get(source);
                OffsetAndMetadata current = committed.get(remote);
                ListOffsetsResult.ListOffsetsResultInfo end = ends.get(remote);
                long translated = checkpoint.downstreamOffset();
                TranslationKind kind = checkpoint.translation();
                if (failback != null) {
                    Translation back = failback.translate(remote, source, checkpoint.upstreamOffset());
                    translated = back.downstream();
                    kind = back.kind();
                }
                rows.add(new PlanRow(group, source, remote, checkpoint.upstreamOffset(), translated, kind,
                    current == null ? -1 : current.offset(), end == null ? -1 : end.offset(),
                    Math.max(0, nowMs - checkpoint.timestampMs())));
            });
            rows.sort(Comparator.comparing((PlanRow row) -> row.source().topic()).thenComparingInt(row -> row.source().partition()));
            boolean active = state == GroupState.STABLE || state == GroupState.PREPARING_REBALANCE
                || state == GroupState.COMPLETING_REBALANCE || state == GroupState.RECONCILING || state == GroupState.ASSIGNING;
            return new GroupPlan(group, state.toString(), active, rows);
        } catch (KafkaException e) {
            throw new FailoverException(Reason.UNREACHABLE, "Cannot read group '" + group + "' or its remote topics on the "
                + "target cluster: " + e.getMessage(), e);
        }
    }

    private GroupState describe(String group) {
        try {
            ConsumerGroupDescription description = KafkaCalls.await(
                targetAdmin.describeConsumerGroups(List.of(group)).describedGroups().get(group), timeout,
                "describing group '" + group + "' on the target");
            return description.groupState();
        } catch (GroupIdNotFoundException absent) {
            return GroupState.DEAD;
        }
    }

    /**
     * Commits the planned positions on the target. Rows without a translated offset, and rows that would
     * move a position backwards (the group already read further on the target), are left as they are
     * and reported.
     *
     * @param force also change groups that have active members on the target
     * @return what was done, one line per partition
     * @throws FailoverException {@link Reason#ACTIVE_MEMBERS} when a group has members and {@code force} is off
     */
    public List<String> apply(List<GroupPlan> plans, boolean force) throws FailoverException {
        for (GroupPlan plan : plans) {
            if (plan.activeOnTarget() && !force) {
                throw new FailoverException(Reason.ACTIVE_MEMBERS, "Group '" + plan.group() + "' has active members on the "
                    + "target (state " + plan.stateOnTarget() + "): stop its consumers there first, or pass --force");
            }
        }
        List<String> done = new ArrayList<>();
        for (GroupPlan plan : plans) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            for (PlanRow row : plan.rows()) {
                if (row.translated() < 0) {
                    done.add(plan.group() + " " + row.remote() + ": left unchanged (" + row.kind() + ": no translated offset)");
                } else if (row.movesBackwards()) {
                    done.add(plan.group() + " " + row.remote() + ": left at " + row.targetCommitted() + " (already past "
                        + row.translated() + " on the target)");
                } else {
                    commits.put(row.remote(), new OffsetAndMetadata(row.translated()));
                    done.add(plan.group() + " " + row.remote() + ": " + (row.targetCommitted() < 0 ? "none" : row.targetCommitted())
                        + " -> " + row.translated() + " (" + row.kind() + ")");
                }
            }
            if (!commits.isEmpty()) {
                try {
                    KafkaCalls.await(targetAdmin.alterConsumerGroupOffsets(plan.group(), commits).all(), timeout,
                        "committing offsets of group '" + plan.group() + "' on the target");
                } catch (KafkaException e) {
                    throw new FailoverException(Reason.UNREACHABLE, "Committing offsets of group '" + plan.group()
                        + "' on the target failed: " + e.getMessage(), e);
                }
            }
        }
        return done;
    }

    /**
     * Records of the checkpoints topic that the last {@link #plan} skipped because they are not Ferry
     * checkpoints (corrupt, foreign, or of a newer version): they never shape a plan, and are counted here.
     */
    public long skippedCheckpointRecords() {
        return skippedCheckpointRecords;
    }

    @Override
    public void close() {
        checkpointsConsumer.close(Duration.ofSeconds(5));
        targetAdmin.close(Duration.ofSeconds(5));
    }
}
