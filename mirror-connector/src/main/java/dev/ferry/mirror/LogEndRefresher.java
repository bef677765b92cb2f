package dev.ferry.mirror;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps log ends current while the task's consumer does not poll (connector paused, or the worker held
 * up by the target): the consumer refreshes them for free on every fetch, but a paused task never
 * fetches, and its lag must still show records piling up. Partitions whose last observation is older
 * than {@code staleAfterMs} are looked up with the source admin client, so a task that polls costs
 * nothing here.
 */
final class LogEndRefresher {

    /** Looks up log ends; the admin-based one is {@link #admin}. */
    interface Lookup {
        Map<TopicPartition, Long> logEnds(Collection<TopicPartition> partitions, Duration timeout) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(LogEndRefresher.class);

    private final Collection<PartitionTracker> partitions;
    private final Lookup lookup;
    private final long staleAfterMs;
    private final Duration timeout;
    private final LongSupplier clock;

    LogEndRefresher(Collection<PartitionTracker> partitions, Lookup lookup, long staleAfterMs, Duration timeout, LongSupplier clock) {
        this.partitions = partitions;
        this.lookup = lookup;
        this.staleAfterMs = staleAfterMs;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Log ends (last stable offsets when reading committed records only) through the admin client. */
    static Lookup admin(Admin admin, boolean readCommitted) {
        ListOffsetsOptions options = new ListOffsetsOptions(readCommitted ? IsolationLevel.READ_COMMITTED : IsolationLevel.READ_UNCOMMITTED);
        return (partitions, timeout) -> {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request, options.timeoutMs((int) timeout.toMillis())).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        };
    }

    void refreshStale() {
        long askedAt = clock.getAsLong();
        List<PartitionTracker> stale = new ArrayList<>();
        for (PartitionTracker partition : partitions) {
            if (askedAt - partition.logEndObservedAtMs() > staleAfterMs) {
                stale.add(partition);
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends;
        try {
            ends = lookup.logEnds(stale.stream().map(PartitionTracker::source).toList(), timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            // the source may be down: lag then stays at what was last seen, and the task reports the outage itself
            log.debug("Looking up log ends of {} source partition(s) failed: {}", stale.size(), e.toString());
            return;
        }
        long now = clock.getAsLong();
        for (PartitionTracker partition : stale) {
            Long end = ends.get(partition.source());
            if (end != null && end >= 0) {
                partition.lookedUp(end, askedAt, now);
            }
        }
    }
}
