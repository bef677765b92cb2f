package dev.ferry.checkpoints;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Reads every partition of one topic from its beginning and keeps following it, handing each record
 * to a sink, and tells when it has read up to where the topic ended when it was first found
 * ({@link #caughtUp()}). Partitions are assigned, not subscribed: no consumer group, nothing committed.
 * Partitions added to the topic later are picked up at the next partition check.
 *
 * <p>Not thread-safe (like the consumer) except {@link #wakeup()}.
 */
final class TopicTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink;
    private final long partitionCheckIntervalMs;
    private final Duration callTimeout;
    private final LongSupplier clock;

    private final Set<TopicPartition> assigned = new HashSet<>();
    private Map<TopicPartition, Long> endsWhenFound;
    private boolean checked;
    private boolean caughtUp;
    private long nextPartitionCheckMs;
    private long records;

    TopicTail(Consumer<byte[], byte[]> consumer, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink,
              long partitionCheckIntervalMs, Duration callTimeout, LongSupplier clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.sink = sink;
        this.partitionCheckIntervalMs = partitionCheckIntervalMs;
        this.callTimeout = callTimeout;
        this.clock = clock;
    }

    /**
     * Checks for (new) partitions when a check is due, then reads what is available, waiting up to
     * {@code timeout} for records. Returns at once when the topic has not been found.
     *
     * @return the number of records handed to the sink
     * @throws org.apache.kafka.common.errors.WakeupException after {@link #wakeup()}
     * @throws org.apache.kafka.common.KafkaException when reading fails for good (e.g. READ denied)
     */
    int poll(Duration timeout) {
        long now = clock.getAsLong();
        if (now >= nextPartitionCheckMs) {
            checkPartitions();
            nextPartitionCheckMs = now + partitionCheckIntervalMs;
        }
        if (assigned.isEmpty()) {
            return 0;
        }
        int count = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            sink.accept(record);
            count++;
        }
        records += count;
        if (!caughtUp) {
            caughtUp = reachedEndsWhenFound();
        }
        return count;
    }

    /** Whether the topic's partitions have been looked up at least once (found or not). */
    boolean checked() {
        return checked;
    }

    /** Whether the topic exists (was found by a partition check). */
    boolean found() {
        return endsWhenFound != null;
    }

    /** Whether every record that was in the topic when it was first found has been read. */
    boolean caughtUp() {
        return caughtUp;
    }

    /** Records read so far. */
    long records() {
        return records;
    }

    String topic() {
        return topic;
    }

    /** Makes a blocked {@link #poll(Duration)} throw {@code WakeupException}; callable from any thread. */
    void wakeup() {
        consumer.wakeup();
    }

    private void checkPartitions() {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic, callTimeout);
        } catch (UnknownTopicOrPartitionException missing) {
            infos = List.of();
        }
        checked = true;
        if (infos == null || infos.isEmpty()) {
            return;
        }
        Set<TopicPartition> added = new HashSet<>();
        for (PartitionInfo info : infos) {
            TopicPartition tp = new TopicPartition(topic, info.partition());
            if (!assigned.contains(tp)) {
                added.add(tp);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        assigned.addAll(added);
        // Partitions already assigned keep their positions across assign().
        consumer.assign(Set.copyOf(assigned));
        consumer.seekToBeginning(added);
        if (endsWhenFound == null) {
            endsWhenFound = Map.copyOf(consumer.endOffsets(added, callTimeout));
            caughtUp = reachedEndsWhenFound();
            log.debug("Reading topic {} from the beginning: end offsets now {}", topic, endsWhenFound);
        } else {
            log.info("Topic {} grew to {} partition(s); reading the new ones from the beginning", topic, assigned.size());
        }
    }

    private boolean reachedEndsWhenFound() {
        for (Map.Entry<TopicPartition, Long> end : endsWhenFound.entrySet()) {
            if (end.getValue() > 0 && consumer.position(end.getKey(), callTimeout) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}
