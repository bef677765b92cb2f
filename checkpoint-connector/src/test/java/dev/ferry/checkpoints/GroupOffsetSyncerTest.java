package dev.ferry.checkpoints;

import dev.ferry.common.IdentityReplicationPolicy;
import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupOffsetSyncerTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition REMOTE_0 = new TopicPartition("east.orders", 0);
    private static final TopicPartition REMOTE_1 = new TopicPartition("east.orders", 1);

    /** A target cluster's groups in memory. */
    static class FakeTargetGroups implements TargetGroups {
        final Map<String, GroupState> states = new HashMap<>();
        final Map<String, Boolean> members = new HashMap<>();
        final Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new HashMap<>();
        final List<String> commits = new ArrayList<>();
        RuntimeException failure;

        @Override
        public GroupState state(String group) {
            if (failure != null) {
                throw failure;
            }
            return states.getOrDefault(group, GroupState.DEAD);
        }

        @Override
        public boolean hasMembers(String group) {
            return members.getOrDefault(group, false);
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
            return Map.copyOf(offsets.getOrDefault(group, Map.of()));
        }

        @Override
        public void commit(String group, Map<TopicPartition, OffsetAndMetadata> commit) {
            commits.add(group);
            offsets.computeIfAbsent(group, g -> new HashMap<>()).putAll(commit);
        }

        long offset(String group, TopicPartition partition) {
            OffsetAndMetadata offset = offsets.getOrDefault(group, Map.of()).get(partition);
            return offset == null ? -1 : offset.offset();
        }
    }

    private final FakeTargetGroups target = new FakeTargetGroups();
    private final GroupOffsetSyncer syncer = new GroupOffsetSyncer(target, new PrefixReplicationPolicy(), "east", "west");

    private static Checkpoint checkpoint(String group, TopicPartition source, long upstream, long downstream, TranslationKind kind) {
        return new Checkpoint(group, source, upstream, downstream, "", kind, 1_000L);
    }

    @Test
    void commitsExactTranslationsToAnAbsentGroupUnderTheRemoteTopicName() {
        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT),
            checkpoint("billing", ORDERS_1, 4, 4, TranslationKind.EXACT)));

        assertEquals(7, target.offset("billing", REMOTE_0));
        assertEquals(4, target.offset("billing", REMOTE_1));
        assertEquals(1, syncer.groupsCommitted());
        assertEquals(2, syncer.offsetsCommitted());
    }

    @Test
    void commitsToAnEmptyGroupWithTheIdentityPolicy() {
        GroupOffsetSyncer identity = new GroupOffsetSyncer(target, new IdentityReplicationPolicy(), "east", "west");
        target.states.put("billing", GroupState.EMPTY);
        identity.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));
        assertEquals(7, target.offset("billing", ORDERS_0));
    }

    @Test
    void neverTouchesAGroupWithActiveMembers() {
        for (GroupState active : List.of(GroupState.STABLE, GroupState.PREPARING_REBALANCE, GroupState.COMPLETING_REBALANCE,
            GroupState.RECONCILING, GroupState.ASSIGNING)) {
            target.states.put("billing", active);
            syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));
        }
        // an idle state but members listed: still left alone
        target.states.put("billing", GroupState.EMPTY);
        target.members.put("billing", true);
        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));

        assertTrue(target.commits.isEmpty());
        assertEquals(-1, target.offset("billing", REMOTE_0));
        assertEquals(6, syncer.skippedActive());
    }

    @Test
    void neverOverwritesATargetOffsetAheadOfTheTranslation() {
        target.states.put("billing", GroupState.EMPTY);
        target.offsets.put("billing", new HashMap<>(Map.of(REMOTE_0, new OffsetAndMetadata(50), REMOTE_1, new OffsetAndMetadata(2))));

        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT),
            checkpoint("billing", ORDERS_1, 4, 4, TranslationKind.EXACT)));

        assertEquals(50, target.offset("billing", REMOTE_0), "ahead: left there");
        assertEquals(4, target.offset("billing", REMOTE_1), "behind: moved forward");
        assertEquals(1, syncer.skippedAhead());
        assertEquals(1, syncer.offsetsCommitted());
    }

    @Test
    void equalOffsetsAreNotCommittedAgain() {
        target.offsets.put("billing", new HashMap<>(Map.of(REMOTE_0, new OffsetAndMetadata(7))));
        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));
        assertTrue(target.commits.isEmpty());
        assertEquals(0, syncer.skippedAhead());
    }

    @Test
    void conservativeTranslationsNeverMoveATargetGroup() {
        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.HISTORY_GONE),
            checkpoint("billing", ORDERS_1, 10, 3, TranslationKind.NOT_YET_REPLICATED),
            checkpoint("audit", ORDERS_0, 10, 7, TranslationKind.EXACT)));

        assertEquals(List.of("audit"), target.commits);
        assertEquals(-1, target.offset("billing", REMOTE_0));
        assertEquals(-1, target.offset("billing", REMOTE_1));
        assertEquals(2, syncer.skippedInexact());
    }

    @Test
    void aPassingFailureIsCountedAndTheNextRoundRetries() {
        target.failure = new TimeoutException("target down");
        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));
        assertEquals(1, syncer.failures());

        target.failure = null;
        syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));
        assertEquals(7, target.offset("billing", REMOTE_0));
    }

    @Test
    void aMemberJoiningBeforeTheCommitIsAFailureNotAnOverwrite() {
        TargetGroups refusing = new FakeTargetGroups() {
            @Override
            public void commit(String group, Map<TopicPartition, OffsetAndMetadata> commit) {
                throw new UnknownMemberIdException("group not empty");
            }
        };
        GroupOffsetSyncer racing = new GroupOffsetSyncer(refusing, new PrefixReplicationPolicy(), "east", "west");
        racing.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT)));
        assertEquals(1, racing.failures());
        assertEquals(0, racing.offsetsCommitted());
    }

    @Test
    void aDenialIsNotSwallowed() {
        target.failure = new AuthorizationException("denied");
        assertThrows(AuthorizationException.class,
            () -> syncer.sync(List.of(checkpoint("billing", ORDERS_0, 10, 7, TranslationKind.EXACT))));
    }
}
