package dev.ferry.monitoring;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.VerificationResult;
import dev.ferry.common.wire.WireFormatException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A background consumer on the worker's (target) cluster that tails the progress topics of the Ferry mirror
 * connectors and the checkpoints topics of the checkpoint connectors, from the beginning, into a
 * {@link ProgressStore} and a {@link CheckpointStore}. Requests are served from those stores, so a request
 * never costs a Kafka call here.
 *
 * <p>Which topics to read comes from a supplier (the {@link ConnectorCatalog}), asked again every
 * {@code refreshMs}; partitions of new topics, or new partitions, are read from their beginning. Records that
 * cannot be parsed are counted per topic and logged by topic, partition and offset (never their contents).
 */
final class ProgressFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProgressFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<byte[], byte[]> consumer;
    private final Supplier<List<FerryConnector>> connectors;
    private final ProgressStore progress;
    private final CheckpointStore checkpoints;
    private final long refreshMs;
    private final LongSupplier clock;
    private final Map<String, AtomicLong> unparseable = new ConcurrentHashMap<>();
    private final Set<String> progressTopics = ConcurrentHashMap.newKeySet();
    private final Set<String> checkpointTopics = ConcurrentHashMap.newKeySet();
    private final Set<String> verificationTopics = ConcurrentHashMap.newKeySet();
    private final VerificationStore verification;
    private volatile boolean running = true;
    private long lastRefreshMs = Long.MIN_VALUE;
    private Thread thread;

    ProgressFeed(Consumer<byte[], byte[]> consumer, Supplier<List<FerryConnector>> connectors, ProgressStore progress,
                 CheckpointStore checkpoints, long refreshMs, LongSupplier clock) {
        this(consumer, connectors, progress, checkpoints, new VerificationStore(), refreshMs, clock);
    }

    /** Also reads the checkpoint connectors' verification topics into {@code verification}. */
    ProgressFeed(Consumer<byte[], byte[]> consumer, Supplier<List<FerryConnector>> connectors, ProgressStore progress,
                 CheckpointStore checkpoints, VerificationStore verification, long refreshMs, LongSupplier clock) {
        this.verification = verification;
        this.consumer = consumer;
        this.connectors = connectors;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.refreshMs = refreshMs;
        this.clock = clock;
    }

    /** Starts the reading thread (a daemon: it must never keep a worker from exiting). */
    synchronized void start() {
        thread = new Thread(this::run, "ferry-monitoring-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records that could not be parsed, per topic, since the start. */
    Map<String, Long> unparseableRecords() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        unparseable.forEach((topic, count) -> counts.put(topic, count.get()));
        return counts;
    }

    private void run() {
        while (running) {
            try {
                step();
            } catch (WakeupException e) {
                // close() wakes the consumer up; the loop condition ends the thread.
            } catch (RuntimeException e) {
                log.warn("Ferry monitoring: reading progress and checkpoints failed, retrying in 1 s: {}", e.toString());
                pause(1000);
            }
        }
        consumer.close(Duration.ofSeconds(5));
    }

    /** One round: refresh the assignment when due, then one poll. Package-private for tests. */
    void step() {
        long now = clock.getAsLong();
        if (lastRefreshMs == Long.MIN_VALUE || now - lastRefreshMs >= refreshMs) {
            refreshAssignment();
            lastRefreshMs = now;
        }
        if (consumer.assignment().isEmpty()) {
            pause(POLL.toMillis());
            return;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> record : records) {
            dispatch(record);
        }
    }

    private void refreshAssignment() {
        Set<String> wantedProgress = new HashSet<>();
        Set<String> wantedCheckpoints = new HashSet<>();
        Set<String> wantedVerification = new HashSet<>();
        for (FerryConnector connector : connectors.get()) {
            (connector.kind() == FerryConnector.Kind.MIRROR ? wantedProgress : wantedCheckpoints).add(connector.topic());
            if (connector.verificationTopic() != null) {
                wantedVerification.add(connector.verificationTopic());
            }
        }
        Set<String> wanted = new HashSet<>(wantedProgress);
        wanted.addAll(wantedCheckpoints);
        wanted.addAll(wantedVerification);
        Set<TopicPartition> partitions = new HashSet<>();
        if (!wanted.isEmpty()) {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(LIST_TIMEOUT);
            for (String topic : wanted) {
                for (PartitionInfo info : topics.getOrDefault(topic, List.of())) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
        }
        progressTopics.retainAll(wantedProgress);
        progressTopics.addAll(wantedProgress);
        checkpointTopics.retainAll(wantedCheckpoints);
        checkpointTopics.addAll(wantedCheckpoints);
        verificationTopics.retainAll(wantedVerification);
        verificationTopics.addAll(wantedVerification);
        Set<TopicPartition> current = consumer.assignment();
        if (!partitions.equals(current)) {
            List<TopicPartition> added = new ArrayList<>(partitions);
            added.removeAll(current);
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
            log.info("Ferry monitoring reads {} partitions of topics {}", partitions.size(), new java.util.TreeSet<>(wanted));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            // A tombstone only tells compaction to drop a key: nothing to show.
            return;
        }
        try {
            if (progressTopics.contains(record.topic())) {
                progress.add(PartitionProgress.deserialize(record.key(), record.value()));
            } else if (checkpointTopics.contains(record.topic())) {
                checkpoints.put(record.topic(), Checkpoint.deserialize(record.key(), record.value()));
            } else if (verificationTopics.contains(record.topic())) {
                verification.put(VerificationResult.deserialize(record.key(), record.value()));
            }
        } catch (WireFormatException | IllegalArgumentException e) {
            long count = unparseable.computeIfAbsent(record.topic(), topic -> new AtomicLong()).incrementAndGet();
            if (count <= 10 || Long.bitCount(count) == 1) {
                log.warn("Ferry monitoring skipped unreadable record {} of {}-{} at offset {}: {}", count, record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            }
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        Thread current;
        synchronized (this) {
            current = thread;
        }
        if (current != null) {
            try {
                current.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
