package dev.ferry.monitoring;

import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.monitoring.GroupsView.GroupPartitionView;
import dev.ferry.monitoring.GroupsView.GroupView;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GroupsReportTest {

    private static final String TOPIC = "ferry-checkpoints.east.internal";
    private static final FerryConnector CHECKPOINTS = new FerryConnector("east-checkpoints", FerryConnector.Kind.CHECKPOINT, "east",
        "west", TOPIC, new PrefixReplicationPolicy(), Reports.INTERVAL);
    private static final long NOW = Reports.T0;

    private final Map<String, Set<TopicPartition>> asked = new HashMap<>();
    private final TargetOffsets target = wanted -> {
        asked.putAll(wanted);
        return new TargetOffsets.Snapshot(Map.of("billing", Map.of(new TopicPartition("east.orders", 0), 35L)),
            Map.of(new TopicPartition("east.orders", 0), 50L, new TopicPartition("east.orders", 1), 70L));
    };
    private final GroupsReport report = new GroupsReport(target, 300_000);

    private static Map<CheckpointKey, Checkpoint> checkpoints(Checkpoint... list) {
        Map<CheckpointKey, Checkpoint> map = new HashMap<>();
        for (Checkpoint c : list) {
            map.put(new CheckpointKey(TOPIC, c.consumerGroup(), c.source()), c);
        }
        return map;
    }

    private static Checkpoint checkpoint(String group, int partition, long upstream, long downstream, TranslationKind kind, long ageMs) {
        return new Checkpoint(group, new TopicPartition("orders", partition), upstream, downstream, "", kind, NOW - ageMs);
    }

    @Test
    void exactRecentCheckpointsAreReadyWithTargetFigures() {
        GroupsView view = report.build(List.of(CHECKPOINTS), checkpoints(
            checkpoint("billing", 0, 42, 40, TranslationKind.EXACT, 1000),
            checkpoint("billing", 1, 60, 58, TranslationKind.EXACT, 3000)), NOW);
        GroupView group = view.groups().get(0);
        assertEquals("billing", group.group());
        assertEquals("east", group.sourceAlias());
        assertEquals(TOPIC, group.checkpointsTopic());
        assertEquals(GroupsView.Readiness.READY, group.status());
        assertEquals(3000, group.checkpointAgeMs());
        assertEquals(Map.of("billing", Set.of(new TopicPartition("east.orders", 0), new TopicPartition("east.orders", 1))), asked);

        GroupPartitionView p0 = group.partitions().get(0);
        assertEquals(new GroupPartitionView("orders", "east.orders", 0, 42, 40L, "EXACT", 35L, 50L, 15L, 1000, null, null), p0);
        GroupPartitionView p1 = group.partitions().get(1);
        assertNull(p1.targetCommittedOffset());
        assertEquals(70L, p1.targetLogEndOffset());
        assertEquals(12L, p1.lagOnTarget()); // no commit on the target: from the translated offset
    }

    @Test
    void oldCheckpointsAreStale() {
        GroupsView view = report.build(List.of(CHECKPOINTS), checkpoints(
            checkpoint("billing", 0, 42, 40, TranslationKind.EXACT, 300_001)), NOW);
        assertEquals(GroupsView.Readiness.STALE, view.groups().get(0).status());
    }

    @Test
    void anyInexactTranslationIsNotReady() {
        GroupsView view = report.build(List.of(CHECKPOINTS), checkpoints(
            checkpoint("billing", 0, 42, 40, TranslationKind.EXACT, 1000),
            checkpoint("billing", 1, 9, -1, TranslationKind.NO_SYNCS, 1000)), NOW);
        GroupView group = view.groups().get(0);
        assertEquals(GroupsView.Readiness.NOT_READY, group.status());
        assertNull(group.partitions().get(1).translatedOffset());
        assertEquals("NO_SYNCS", group.partitions().get(1).translation());
    }

    @Test
    void checkpointsOfTopicsWithoutAConnectorAreLeftOut() {
        Map<CheckpointKey, Checkpoint> map = new HashMap<>();
        Checkpoint orphan = checkpoint("billing", 0, 1, 1, TranslationKind.EXACT, 0);
        map.put(new CheckpointKey("ferry-checkpoints.gone.internal", "billing", orphan.source()), orphan);
        assertEquals(List.of(), report.build(List.of(CHECKPOINTS), map, NOW).groups());
    }

    @Test
    void failoverExposureComesFromTheMirrorsLatestReportOfThePartition() {
        Reports p0 = Reports.of("orders", 0).report(80, 60, 60).report(100, 70, 10);
        Reports other = new Reports("north-to-west", "orders", 0);
        other.report(999, 999, 999); // becomes a report of another source alias below: must not be used
        Map<PartitionKey, List<PartitionProgress>> progress = new HashMap<>();
        progress.put(new PartitionKey("east-to-west", p0.list().get(0).source()), p0.list());
        List<PartitionProgress> foreign = other.list().stream().map(r -> new PartitionProgress(r.connector(), r.source(), "north", "west",
            "north.orders", 0, r.reportedAtMs(), r.taskStartedAtMs(), r.sourceLogEndOffset(), r.logEndObservedAtMs(), r.nextOffset(),
            r.lastDownstreamOffset(), r.lastRecordTimestampMs(), r.recordsCopied(), r.bytesCopied(), r.latency())).toList();
        progress.put(new PartitionKey("north-to-west", foreign.get(0).source()), foreign);

        GroupsView view = report.build(List.of(CHECKPOINTS), checkpoints(
            checkpoint("billing", 0, 42, 40, TranslationKind.EXACT, 1000),
            checkpoint("billing", 1, 9, 0, TranslationKind.HISTORY_GONE, 1000)), progress, NOW);
        GroupPartitionView exact = view.groups().get(0).partitions().get(0);
        assertEquals(0L, exact.failoverRereads());
        assertEquals(30L, exact.failoverSkips()); // source log end 100, mirror at 70, group at 42
        GroupPartitionView unreported = view.groups().get(0).partitions().get(1);
        assertNull(unreported.failoverRereads(), "no report of partition 1");
        assertNull(unreported.failoverSkips());
    }
}
