package dev.ferry.mirror;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Commits how far the task has copied each of its partitions (the next source offset to copy, every copy before it
 * acknowledged by the target) as a consumer group's offsets on the source cluster, so that lag tools reading group
 * offsets (Burrow, Kafka Lag Exporter, kafka-consumer-groups) see the mirror like any consumer.
 *
 * <p>Never moves a group offset backwards: a task restarted from Connect's stored offsets (flushed less often than
 * this runs) may start behind what it committed before, so the group's offsets are read first and only greater ones
 * are committed. A commit that fails (e.g. a missing ACL, or another member using the group) is logged at most once a
 * minute and retried next time; it never fails the task.
 */
final class SourceGroupCommitter {

    /** The group's offsets on the source; the admin-based one is {@link #admin}. */
    interface GroupOffsets {
        Map<TopicPartition, Long> committed(String group, Collection<TopicPartition> partitions, Duration timeout) throws Exception;

        void commit(String group, Map<TopicPartition, Long> offsets, Duration timeout) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(SourceGroupCommitter.class);
    private static final long WARN_EVERY_MS = 60_000L;

    private final GroupOffsets offsets;
    private final String group;
    private final Collection<PartitionTracker> partitions;
    private final Duration timeout;
    private final LongSupplier clock;
    /** The group's offset of each partition as last read or committed; null until read once. */
    private Map<TopicPartition, Long> known;
    private long lastWarningMs = Long.MIN_VALUE / 2;
    private int failuresSinceWarning;

    SourceGroupCommitter(GroupOffsets offsets, String group, Collection<PartitionTracker> partitions, Duration timeout,
                         LongSupplier clock) {
        this.offsets = offsets;
        this.group = group;
        this.partitions = partitions;
        this.timeout = timeout;
        this.clock = clock;
    }

    static GroupOffsets admin(Admin admin) {
        return new GroupOffsets() {
            @Override
            public Map<TopicPartition, Long> committed(String group, Collection<TopicPartition> partitions, Duration timeout)
                throws Exception {
                ListConsumerGroupOffsetsSpec spec = new ListConsumerGroupOffsetsSpec().topicPartitions(partitions);
                Map<TopicPartition, Long> committed = new HashMap<>();
                admin.listConsumerGroupOffsets(Map.of(group, spec)).partitionsToOffsetAndMetadata(group)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .forEach((tp, offset) -> {
                        if (offset != null) {
                            committed.put(tp, offset.offset());
                        }
                    });
                return committed;
            }

            @Override
            public void commit(String group, Map<TopicPartition, Long> offsets, Duration timeout) throws Exception {
                Map<TopicPartition, OffsetAndMetadata> request = new HashMap<>();
                offsets.forEach((tp, offset) -> request.put(tp, new OffsetAndMetadata(offset)));
                admin.alterConsumerGroupOffsets(group, request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }

    /** Commits every partition whose copied position passed the group's offset; runs on the task's monitor thread. */
    void commitProgress() {
        try {
            if (known == null) {
                known = new HashMap<>(offsets.committed(group, partitions.stream().map(PartitionTracker::source).toList(), timeout));
            }
            Map<TopicPartition, Long> ahead = new HashMap<>();
            for (PartitionTracker partition : partitions) {
                long next = partition.nextOffset();
                Long committed = known.get(partition.source());
                if (next >= 0 && (committed == null || next > committed)) {
                    ahead.put(partition.source(), next);
                }
            }
            if (!ahead.isEmpty()) {
                offsets.commit(group, ahead, timeout);
                known.putAll(ahead);
            }
        } catch (Exception e) {
            failuresSinceWarning++;
            long now = clock.getAsLong();
            if (now - lastWarningMs >= WARN_EVERY_MS) {
                log.warn("Could not commit the mirror's positions as consumer group '{}' on the source cluster ({} failure(s) since "
                    + "the last warning); lag tools reading that group see stale offsets until it works: {}", group,
                    failuresSinceWarning, e.toString());
                lastWarningMs = now;
                failuresSinceWarning = 0;
            }
        }
    }
}
