package dev.ferry.checkpoints;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;

/** Where verification fetches sampled records and their copies from: a cluster ({@link RecordFetcher}), or a fake in tests. */
interface RecordSource extends AutoCloseable {

    /** What a fetch found. */
    enum Outcome {
        /** The record is there. */
        FOUND,
        /** No record at the offset, but later ones: removed by compaction, or a transaction marker. */
        HOLE,
        /** The offset is at or past the end of the log. */
        BEYOND_END,
        /** The offset is before the start of the log (deleted by retention). */
        BEFORE_START,
        /** Nothing could be read in time (e.g. an open transaction holds back the read position): ask later. */
        UNAVAILABLE
    }

    /** The answer: the record when {@link Outcome#FOUND}, else null and the reason. */
    record Fetch(Outcome outcome, ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /**
     * The one record at {@code offset} of {@code partition}.
     *
     * @throws org.apache.kafka.common.KafkaException when reading fails for good (e.g. READ denied)
     */
    Fetch fetch(TopicPartition partition, long offset, Duration timeout);

    /** Makes a blocked fetch give up; callable from any thread. */
    default void wakeup() {
    }

    @Override
    default void close() {
    }
}
