package dev.ferry.it;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A mirror's lag in records, sampled twice a second on a background thread: the source log end offsets (looked
 * up on the source) minus the next offset to copy that the mirror's tasks last published to the progress topic.
 * Ground truth on one side and Ferry's own reports on the other, so a dead, stopped or stalled task shows as
 * lag growing (its last report ages while the source grows) rather than as a stale "lag 0".
 */
final class MirrorLag implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MirrorLag.class);
    private static final long SAMPLE_EVERY_MS = 500;

    /** One sample: when, and the total lag over every partition (-1 while the source cannot be reached). */
    record Sample(long atMs, long records) {
    }

    private final String connector;
    private final List<TopicPartition> partitions;
    private final Admin source;
    private final ProgressReports reports;
    private final Map<TopicPartition, PartitionProgress> latest = new ConcurrentHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "soak-lag-sampler");
        thread.setDaemon(true);
        return thread;
    });

    MirrorLag(String connector, Collection<TopicPartition> partitions, Admin source, KafkaConsumer<byte[], byte[]> progressReader) {
        this.connector = connector;
        this.partitions = List.copyOf(partitions);
        this.source = source;
        this.reports = new ProgressReports(progressReader);
        sampler.scheduleWithFixedDelay(this::sample, 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The source log end offset of every partition now.
     *
     * @throws Exception while the source cannot answer within 5 s
     */
    Map<TopicPartition, Long> sourceEnds() throws Exception {
        return endOffsets(source, partitions);
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<TopicPartition> partitions)
        throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latestOf = partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latestOf).all().get(5, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /**
     * Whether the mirror has copied everything below {@code ends}: for every partition a report published at or
     * after {@code sinceMs} gives a next offset to copy of at least its end.
     */
    boolean caughtUp(Map<TopicPartition, Long> ends, long sinceMs) {
        return partitions.stream().allMatch(tp -> {
            PartitionProgress progress = latest.get(tp);
            return progress != null && progress.reportedAtMs() >= sinceMs && progress.nextOffset() >= ends.getOrDefault(tp, 0L);
        });
    }

    /**
     * The partitions {@link #caughtUp} still waits for, each with its last report (or none), for the report of a
     * fault the mirror did not recover from.
     */
    String behind(Map<TopicPartition, Long> ends, long sinceMs) {
        return partitions.stream().filter(tp -> {
            PartitionProgress progress = latest.get(tp);
            return progress == null || progress.reportedAtMs() < sinceMs || progress.nextOffset() < ends.getOrDefault(tp, 0L);
        }).map(tp -> {
            PartitionProgress progress = latest.get(tp);
            return tp + " (end " + ends.getOrDefault(tp, 0L) + ", " + (progress == null ? "no report"
                : "next " + progress.nextOffset() + " reported by task " + progress.taskId() + " (started at " + progress.taskStartedAtMs() + ") at " + progress.reportedAtMs()
                    + ", " + (sinceMs - progress.reportedAtMs()) + " ms before the fault ended") + ")";
        }).toList().toString();
    }

    /** @return the highest lag sampled within [fromMs, toMs], or -1 if no sample there reached the source */
    long maxBetween(long fromMs, long toMs) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atMs() >= fromMs && s.atMs() <= toMs).mapToLong(Sample::records).max().orElse(-1);
        }
    }

    /** @return the lags sampled within [fromMs, toMs] (source reachable only), in order */
    List<Long> between(long fromMs, long toMs) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.atMs() >= fromMs && s.atMs() <= toMs && s.records() >= 0)
                .map(Sample::records).toList();
        }
    }

    /** @return the latest sample, or null before the first */
    Sample last() {
        synchronized (samples) {
            return samples.isEmpty() ? null : samples.get(samples.size() - 1);
        }
    }

    private void sample() {
        try {
            reports.poll();
            for (TopicPartition tp : partitions) {
                PartitionProgress progress = reports.latest(connector, tp);
                if (progress != null) {
                    latest.put(tp, progress);
                }
            }
            long lag;
            try {
                Map<TopicPartition, Long> ends = sourceEnds();
                lag = 0;
                for (TopicPartition tp : partitions) {
                    PartitionProgress progress = latest.get(tp);
                    long next = progress == null ? 0 : Math.max(0, progress.nextOffset());
                    lag += Math.max(0, ends.getOrDefault(tp, 0L) - next);
                }
            } catch (Exception sourceDown) {
                lag = -1;
            }
            synchronized (samples) {
                samples.add(new Sample(System.currentTimeMillis(), lag));
            }
        } catch (RuntimeException e) {
            // a failed round is only a missing sample; the next one tries again
            log.warn("Lag sample failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reports.close();
    }
}
