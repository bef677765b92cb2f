package dev.ferry.checkpoints;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link TargetGroups} through an admin client of the target cluster (target.cluster.* / target.admin.* settings). */
final class AdminTargetGroups implements TargetGroups {

    private final Admin targetAdmin;
    private final String targetAlias;
    private final Duration callTimeout;
    private final Map<String, Boolean> membersSeen = new HashMap<>();

    AdminTargetGroups(Admin targetAdmin, String targetAlias, Duration callTimeout) {
        this.targetAdmin = targetAdmin;
        this.targetAlias = targetAlias;
        this.callTimeout = callTimeout;
    }

    @Override
    public GroupState state(String group) {
        try {
            ConsumerGroupDescription description = KafkaCalls.await(targetAdmin.describeConsumerGroups(List.of(group),
                    new DescribeConsumerGroupsOptions().timeoutMs((int) callTimeout.toMillis())).describedGroups().get(group),
                callTimeout, "describing group '" + group + "' on target cluster '" + targetAlias + "'");
            membersSeen.put(group, !description.members().isEmpty());
            return description.groupState();
        } catch (GroupIdNotFoundException absent) {
            membersSeen.put(group, false);
            return GroupState.DEAD;
        }
    }

    @Override
    public boolean hasMembers(String group) {
        return membersSeen.getOrDefault(group, false);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(String group) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = KafkaCalls.await(targetAdmin.listConsumerGroupOffsets(group,
                    new ListConsumerGroupOffsetsOptions().timeoutMs((int) callTimeout.toMillis())).partitionsToOffsetAndMetadata(),
                callTimeout, "reading offsets of group '" + group + "' on target cluster '" + targetAlias + "'");
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            if (offsets != null) {
                offsets.forEach((partition, offset) -> {
                    if (offset != null) {
                        present.put(partition, offset);
                    }
                });
            }
            return present;
        } catch (GroupIdNotFoundException absent) {
            return Map.of();
        }
    }

    @Override
    public void commit(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        KafkaCalls.await(targetAdmin.alterConsumerGroupOffsets(group, offsets).all(), callTimeout,
            "committing offsets of group '" + group + "' on target cluster '" + targetAlias + "'");
    }

    @Override
    public void close() {
        targetAdmin.close(Duration.ZERO);
    }
}
