package dev.ferry.monitoring;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * {@link TargetOffsets} from the target cluster's admin API, cached for {@code cacheMs} so that requests cost at
 * most one round of lookups per cache period however often they come. A failed lookup is logged and answers
 * with what is unknown left out (the view shows nulls), and is retried at the next period.
 */
final class AdminTargetOffsets implements TargetOffsets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminTargetOffsets.class);
    private static final long TIMEOUT_MS = 10_000L;

    private final Admin admin;
    private final long cacheMs;
    private final LongSupplier clock;
    private Map<String, Set<TopicPartition>> cachedFor;
    private Snapshot cached = Snapshot.EMPTY;
    private long cachedAtMs;

    AdminTargetOffsets(Admin admin, long cacheMs, LongSupplier clock) {
        this.admin = admin;
        this.cacheMs = cacheMs;
        this.clock = clock;
    }

    @Override
    public synchronized Snapshot lookUp(Map<String, Set<TopicPartition>> groupPartitions) {
        long now = clock.getAsLong();
        if (groupPartitions.equals(cachedFor) && now - cachedAtMs < cacheMs) {
            return cached;
        }
        cached = fetch(groupPartitions);
        cachedFor = Map.copyOf(groupPartitions);
        cachedAtMs = now;
        return cached;
    }

    private Snapshot fetch(Map<String, Set<TopicPartition>> groupPartitions) {
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        Set<TopicPartition> all = new HashSet<>();
        groupPartitions.values().forEach(all::addAll);
        if (all.isEmpty()) {
            return Snapshot.EMPTY;
        }
        try {
            Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
            groupPartitions.forEach((group, partitions) -> specs.put(group, new ListConsumerGroupOffsetsSpec().topicPartitions(partitions)));
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = admin.listConsumerGroupOffsets(specs).all()
                .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            offsets.forEach((group, byPartition) -> {
                Map<TopicPartition, Long> known = new HashMap<>();
                byPartition.forEach((tp, offset) -> {
                    if (offset != null) {
                        known.put(tp, offset.offset());
                    }
                });
                committed.put(group, known);
            });
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Ferry monitoring: cannot read consumer group offsets on the target cluster: {}", cause(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Snapshot.EMPTY;
        }
        Map<TopicPartition, Long> logEnd = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        all.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        // One partition that does not exist (a remote topic not created yet) must not hide the others.
        var result = admin.listOffsets(latest);
        all.forEach(tp -> {
            try {
                logEnd.put(tp, result.partitionResult(tp).get(TIMEOUT_MS, TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException | TimeoutException e) {
                log.debug("Ferry monitoring: no log end offset for {} on the target: {}", tp, cause(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return new Snapshot(committed, logEnd);
    }

    private static String cause(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.toString();
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
