package dev.ferry.checkpoints;

import dev.ferry.checkpoints.RecordSource.Fetch;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Fetches the one record at a given offset of a partition, by assignment (no group, nothing committed). The
 * consumer must be configured with {@code max.poll.records=1} and {@code auto.offset.reset=none}.
 *
 * <p>Not thread-safe (like the consumer) except {@link #wakeup()}.
 */
final class RecordFetcher implements RecordSource {

    private final Consumer<byte[], byte[]> consumer;
    private final LongSupplier clock;

    RecordFetcher(Consumer<byte[], byte[]> consumer, LongSupplier clock) {
        this.consumer = consumer;
        this.clock = clock;
    }

    /**
     * @throws org.apache.kafka.common.KafkaException when reading fails for good (e.g. READ denied)
     */
    @Override
    public Fetch fetch(TopicPartition partition, long offset, Duration timeout) {
        if (!consumer.assignment().equals(Set.of(partition))) {
            consumer.assign(Set.of(partition));
        }
        consumer.seek(partition, offset);
        long deadline = clock.getAsLong() + timeout.toMillis();
        try {
            do {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(Math.max(1, deadline - clock.getAsLong())))) {
                    if (record.offset() == offset) {
                        return new Fetch(Outcome.FOUND, record, null);
                    }
                    return new Fetch(Outcome.HOLE, null, "the next record is at offset " + record.offset());
                }
            } while (clock.getAsLong() < deadline);
        } catch (OffsetOutOfRangeException outside) {
            Long start = consumer.beginningOffsets(Set.of(partition), timeout).get(partition);
            if (start != null && offset < start) {
                return new Fetch(Outcome.BEFORE_START, null, "the log starts at offset " + start);
            }
            return new Fetch(Outcome.BEYOND_END, null, "offset " + offset + " is past the end of the log");
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(Set.of(partition), timeout);
        Long end = ends.get(partition);
        if (end != null && offset >= end) {
            return new Fetch(Outcome.BEYOND_END, null, "the log ends at offset " + end);
        }
        return new Fetch(Outcome.UNAVAILABLE, null, "no record was read within " + timeout.toMillis() + " ms");
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ZERO));
    }
}
