package dev.ferry.monitoring;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.monitoring.GroupsView.GroupPartitionView;
import dev.ferry.monitoring.GroupsView.GroupView;
import dev.ferry.monitoring.GroupsView.Readiness;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the {@link GroupsView} from the cached checkpoints of each checkpoint connector's topic and the target
 * offsets ({@link TargetOffsets}, itself cached), with each partition's failover exposure ({@link FailoverExposure})
 * from the mirror's latest progress report of it. Readiness rules are documented on {@link Readiness}.
 */
final class GroupsReport {

    private final TargetOffsets targetOffsets;
    private final long checkpointMaxAgeMs;

    GroupsReport(TargetOffsets targetOffsets, long checkpointMaxAgeMs) {
        this.targetOffsets = targetOffsets;
        this.checkpointMaxAgeMs = checkpointMaxAgeMs;
    }

    GroupsView build(List<FerryConnector> connectors, Map<CheckpointKey, Checkpoint> checkpoints, long nowMs) {
        return build(connectors, checkpoints, Map.of(), nowMs);
    }

    /**
     * @param progress the mirrors' progress reports (oldest first per partition), for the failover exposure
     */
    GroupsView build(List<FerryConnector> connectors, Map<CheckpointKey, Checkpoint> checkpoints,
                     Map<PartitionKey, List<PartitionProgress>> progress, long nowMs) {
        Map<List<Object>, PartitionProgress> latest = latestByPair(progress);
        // Several checkpoint connectors may share a topic; the first one (by name) describes it.
        Map<String, FerryConnector> byTopic = new TreeMap<>();
        connectors.stream()
            .filter(c -> c.kind() == FerryConnector.Kind.CHECKPOINT)
            .sorted(Comparator.comparing(FerryConnector::name))
            .forEach(c -> byTopic.putIfAbsent(c.topic(), c));

        Map<List<String>, List<Checkpoint>> byGroup = new TreeMap<>(Comparator.<List<String>, String>comparing(k -> k.get(0))
            .thenComparing(k -> k.get(1)));
        checkpoints.forEach((key, checkpoint) -> {
            if (byTopic.containsKey(key.checkpointsTopic())) {
                byGroup.computeIfAbsent(List.of(key.checkpointsTopic(), key.group()), k -> new ArrayList<>()).add(checkpoint);
            }
        });

        Map<String, Set<TopicPartition>> wanted = new HashMap<>();
        byGroup.forEach((key, list) -> {
            FerryConnector connector = byTopic.get(key.get(0));
            for (Checkpoint checkpoint : list) {
                TopicPartition remote = remote(connector, checkpoint.source());
                if (remote != null) {
                    wanted.computeIfAbsent(key.get(1), g -> new HashSet<>()).add(remote);
                }
            }
        });
        TargetOffsets.Snapshot target = wanted.isEmpty() ? TargetOffsets.Snapshot.EMPTY : targetOffsets.lookUp(wanted);

        List<GroupView> groups = new ArrayList<>();
        byGroup.forEach((key, list) -> groups.add(group(byTopic.get(key.get(0)), key.get(1), list, target, latest, nowMs)));
        return new GroupsView(nowMs, groups);
    }

    private GroupView group(FerryConnector connector, String group, List<Checkpoint> checkpoints, TargetOffsets.Snapshot target,
                            Map<List<Object>, PartitionProgress> latest, long nowMs) {
        checkpoints.sort(Comparator.comparing((Checkpoint c) -> c.source().topic()).thenComparingInt(c -> c.source().partition()));
        List<GroupPartitionView> partitions = new ArrayList<>();
        long oldestAge = 0;
        boolean allExact = true;
        Map<TopicPartition, Long> committed = target.committed().getOrDefault(group, Map.of());
        for (Checkpoint checkpoint : checkpoints) {
            long age = Math.max(0, nowMs - checkpoint.timestampMs());
            oldestAge = Math.max(oldestAge, age);
            allExact &= checkpoint.translation() == TranslationKind.EXACT;
            TopicPartition remote = remote(connector, checkpoint.source());
            Long translated = checkpoint.translation().hasDownstream() ? checkpoint.downstreamOffset() : null;
            Long targetCommitted = remote == null ? null : committed.get(remote);
            Long logEnd = remote == null ? null : target.logEnd().get(remote);
            Long position = targetCommitted != null ? targetCommitted : translated;
            Long lagOnTarget = logEnd == null || position == null ? null : Math.max(0, logEnd - position);
            FailoverExposure exposure = FailoverExposure.of(checkpoint,
                latest.get(List.of(connector.sourceAlias(), connector.targetAlias(), checkpoint.source())));
            partitions.add(new GroupPartitionView(checkpoint.source().topic(), remote == null ? null : remote.topic(),
                checkpoint.source().partition(), checkpoint.upstreamOffset(), translated, checkpoint.translation().name(),
                targetCommitted, logEnd, lagOnTarget, age, exposure.rereads(), exposure.skips()));
        }
        Readiness readiness = !allExact ? Readiness.NOT_READY
            : oldestAge > checkpointMaxAgeMs ? Readiness.STALE : Readiness.READY;
        return new GroupView(group, connector.sourceAlias(), connector.targetAlias(), connector.topic(), readiness, oldestAge,
            partitions);
    }

    /** The newest report of each (source alias, target alias, source partition), whichever mirror connector made it. */
    private static Map<List<Object>, PartitionProgress> latestByPair(Map<PartitionKey, List<PartitionProgress>> progress) {
        Map<List<Object>, PartitionProgress> latest = new HashMap<>();
        progress.values().forEach(history -> {
            if (!history.isEmpty()) {
                PartitionProgress last = history.get(history.size() - 1);
                latest.merge(List.of(last.sourceAlias(), last.targetAlias(), last.source()), last,
                    (a, b) -> a.reportedAtMs() >= b.reportedAtMs() ? a : b);
            }
        });
        return latest;
    }

    private static TopicPartition remote(FerryConnector connector, TopicPartition source) {
        if (connector.policy() == null) {
            return null;
        }
        return new TopicPartition(connector.policy().remoteTopic(connector.sourceAlias(), source.topic()), source.partition());
    }
}
