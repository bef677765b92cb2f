package dev.ferry.checkpoints;

import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link GroupOffsets} through the source admin client: one batched request for all groups per call
 * (the admin client sends it to each group's coordinator), every group waited for within one deadline.
 */
final class AdminGroupOffsets implements GroupOffsets {

    private static final Logger log = LoggerFactory.getLogger(AdminGroupOffsets.class);

    private final Admin sourceAdmin;
    private final String sourceAlias;
    private final Duration callTimeout;

    AdminGroupOffsets(Admin sourceAdmin, String sourceAlias, Duration callTimeout) {
        this.sourceAdmin = sourceAdmin;
        this.sourceAlias = sourceAlias;
        this.callTimeout = callTimeout;
    }

    @Override
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> committed(Collection<String> groups) {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult result = sourceAdmin.listConsumerGroupOffsets(specs,
            new ListConsumerGroupOffsetsOptions().timeoutMs((int) callTimeout.toMillis()));
        long deadline = System.currentTimeMillis() + callTimeout.toMillis();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
        for (String group : specs.keySet()) {
            Duration remaining = Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis()));
            try {
                Map<TopicPartition, OffsetAndMetadata> offsets = KafkaCalls.await(result.partitionsToOffsetAndMetadata(group),
                    remaining, "reading committed offsets of group '" + group + "' on source cluster '" + sourceAlias + "'");
                committed.put(group, offsets == null ? Map.of() : offsets);
            } catch (GroupIdNotFoundException gone) {
                committed.put(group, Map.of());
            } catch (AuthorizationException denied) {
                throw denied;
            } catch (KafkaException e) {
                log.warn("Reading committed offsets of group '{}' on source cluster '{}' failed, retrying next interval: {}",
                    group, sourceAlias, e.toString());
            }
        }
        return committed;
    }

    @Override
    public void close() {
        sourceAdmin.close(Duration.ZERO);
    }
}
