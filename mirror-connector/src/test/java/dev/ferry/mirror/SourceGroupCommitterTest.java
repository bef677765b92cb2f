package dev.ferry.mirror;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceGroupCommitterTest {

    private static final String GROUP = "ferry-east-mirror";
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    /** The group's offsets on a fake source cluster, recording every commit; fails while {@link #down} is set. */
    private static final class FakeGroup implements SourceGroupCommitter.GroupOffsets {
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        final List<Map<TopicPartition, Long>> commits = new ArrayList<>();
        boolean down;
        int reads;

        @Override
        public Map<TopicPartition, Long> committed(String group, Collection<TopicPartition> partitions, Duration timeout) {
            assertEquals(GROUP, group);
            reads++;
            if (down) {
                throw new IllegalStateException("GROUP_AUTHORIZATION_FAILED");
            }
            Map<TopicPartition, Long> found = new HashMap<>(offsets);
            found.keySet().retainAll(partitions);
            return found;
        }

        @Override
        public void commit(String group, Map<TopicPartition, Long> request, Duration timeout) {
            assertEquals(GROUP, group);
            if (down) {
                throw new IllegalStateException("GROUP_AUTHORIZATION_FAILED");
            }
            commits.add(Map.copyOf(request));
            offsets.putAll(request);
        }
    }

    private final FakeGroup group = new FakeGroup();
    private final PartitionTracker p0 = new PartitionTracker(P0, "east.orders");
    private final PartitionTracker p1 = new PartitionTracker(P1, "east.orders");
    private final SourceGroupCommitter committer = new SourceGroupCommitter(group, GROUP, List.of(p0, p1), Duration.ofSeconds(1),
        () -> 0L);

    private static void copy(PartitionTracker tracker, long from, long to) {
        tracker.handedOver((int) (to - from), from);
        for (long offset = from; offset < to; offset++) {
            tracker.copied(offset, offset, 1L, 10, 1);
        }
    }

    @Test
    void commitsTheNextOffsetToCopyOfEveryPartitionThatMoved() {
        p0.startAt(0);
        p1.startAt(0);
        copy(p0, 0, 40);
        copy(p1, 0, 7);
        committer.commitProgress();
        assertEquals(List.of(Map.of(P0, 40L, P1, 7L)), group.commits);

        copy(p0, 40, 45);
        committer.commitProgress();
        assertEquals(Map.of(P0, 45L), group.commits.get(1), "only the partition that moved");
        committer.commitProgress();
        assertEquals(2, group.commits.size(), "nothing moved, nothing committed");
        assertEquals(1, group.reads, "the group's offsets are read once");
    }

    @Test
    void neverMovesAGroupOffsetBackwardsAfterARestartFromOlderStoredOffsets() {
        group.offsets.put(P0, 100L);
        p0.startAt(90);
        copy(p0, 90, 100);
        committer.commitProgress();
        assertEquals(List.of(), group.commits, "position 100 is not past the group's 100");
        copy(p0, 100, 101);
        committer.commitProgress();
        assertEquals(List.of(Map.of(P0, 101L)), group.commits);
    }

    @Test
    void aFailedCommitIsRetriedAndNeverThrows() {
        p0.startAt(0);
        copy(p0, 0, 5);
        group.down = true;
        committer.commitProgress();
        committer.commitProgress();
        assertEquals(List.of(), group.commits);
        group.down = false;
        committer.commitProgress();
        assertEquals(List.of(Map.of(P0, 5L)), group.commits);
    }
}
