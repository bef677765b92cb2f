package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CheckpointerTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition SCRATCH_0 = new TopicPartition("scratch", 0);

    /** Committed offsets the test sets per group; a group left out fails to read. */
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    private final OffsetSyncStore store = new OffsetSyncStore();
    private final CheckpointLedger ledger = new CheckpointLedger(60_000);

    private final GroupOffsets groupOffsets = new GroupOffsets() {
        @Override
        public Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Collection<String> groups) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> answer = new HashMap<>();
            groups.stream().filter(committed::containsKey).forEach(group -> answer.put(group, committed.get(group)));
            return answer;
        }
    };
    /** Only "orders" has a remote topic on the target. */
    private final MirroredTopics mirrored = topic -> Set.of("orders").contains(topic);

    private Checkpointer checkpointer(List<String> groups) {
        return new Checkpointer(groups, groupOffsets, mirrored, new OffsetTranslator(store), ledger);
    }

    /** Upstream 0..99 of a partition were copied to downstream {@code base}..{@code base + 99}, and reported. */
    private void copied(TopicPartition source, long base) {
        store.add(OffsetSync.runStart(source, 0, base, null, 1));
        store.add(OffsetSync.progress(source, new RunSpan(0, base, 99, base + 99), null, 2));
    }

    @Test
    void committedOffsetsOfMirroredPartitionsWithSyncsBecomeCheckpointsWithTheirKindAndMetadata() {
        copied(ORDERS_0, 1_000);
        copied(SCRATCH_0, 0);
        committed.put("billing", Map.of(
            ORDERS_0, new OffsetAndMetadata(40, "app-state"),
            ORDERS_1, new OffsetAndMetadata(7),   // no sync read for it: no checkpoint
            SCRATCH_0, new OffsetAndMetadata(5))); // not mirrored: no checkpoint
        committed.put("search", Map.of(ORDERS_0, new OffsetAndMetadata(150))); // beyond what is reported copied

        Checkpointer checkpointer = checkpointer(List.of("billing", "search"));
        List<Checkpoint> checkpoints = checkpointer.checkpoints(5_000);

        assertEquals(List.of(
            new Checkpoint("billing", ORDERS_0, 40, 1_040, "app-state", TranslationKind.EXACT, 5_000),
            new Checkpoint("search", ORDERS_0, 150, 1_100, "", TranslationKind.NOT_YET_REPLICATED, 5_000)), checkpoints);
        assertEquals(1, checkpointer.withoutSyncs());
    }

    @Test
    void aGroupWhoseReadFailedIsSkippedThisRoundAndTheOthersGoOn() {
        copied(ORDERS_0, 0);
        committed.put("search", Map.of(ORDERS_0, new OffsetAndMetadata(3)));
        List<Checkpoint> checkpoints = checkpointer(List.of("billing", "search")).checkpoints(5_000);
        assertEquals(List.of(new Checkpoint("search", ORDERS_0, 3, 3, "", TranslationKind.EXACT, 5_000)), checkpoints);
    }

    @Test
    void onlyChangesAreWrittenAndAResetGoesThrough() {
        copied(ORDERS_0, 0);
        Checkpointer checkpointer = checkpointer(List.of("billing"));
        committed.put("billing", Map.of(ORDERS_0, new OffsetAndMetadata(60)));
        assertEquals(1, checkpointer.checkpoints(1_000).size());
        assertEquals(List.of(), checkpointer.checkpoints(2_000), "unchanged");

        committed.put("billing", Map.of(ORDERS_0, new OffsetAndMetadata(80)));
        assertEquals(80, checkpointer.checkpoints(3_000).get(0).downstreamOffset());

        committed.put("billing", Map.of(ORDERS_0, new OffsetAndMetadata(20)));
        assertEquals(20, checkpointer.checkpoints(4_000).get(0).downstreamOffset());
        assertEquals(1, ledger.resets());
    }

    @Test
    void aCommittedOffsetBeforeEveryKeptRunIsWrittenAsHistoryGone() {
        // only a later run is known: mirroring started at upstream 500
        store.add(OffsetSync.runStart(ORDERS_0, 500, 0, null, 1));
        store.add(OffsetSync.progress(ORDERS_0, new RunSpan(500, 0, 599, 99), null, 2));
        committed.put("billing", Map.of(ORDERS_0, new OffsetAndMetadata(100)));
        Checkpoint checkpoint = checkpointer(List.of("billing")).checkpoints(1_000).get(0);
        assertEquals(TranslationKind.HISTORY_GONE, checkpoint.translation());
        assertEquals(0, checkpoint.downstreamOffset());
    }
}
