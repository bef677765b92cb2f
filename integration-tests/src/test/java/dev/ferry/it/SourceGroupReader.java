package dev.ferry.it;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An application's consumer group reading the source topics on its own thread and committing after every poll,
 * as the group a DR plan fails over would; riding out outages like any Kafka consumer (errors are logged and the
 * loop polls again).
 */
final class SourceGroupReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceGroupReader.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong read = new AtomicLong();
    private Map<TopicPartition, Long> committed;

    SourceGroupReader(EmbeddedKafkaCluster source, String group, Collection<String> topics) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        this.consumer = source.createConsumer(config);
        consumer.subscribe(List.copyOf(topics));
        this.thread = new Thread(this::run, "soak-source-group-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return records read so far */
    long read() {
        return read.get();
    }

    private void run() {
        while (running.get()) {
            try {
                read.addAndGet(consumer.poll(Duration.ofMillis(200)).count());
                consumer.commitSync(Duration.ofSeconds(10));
            } catch (WakeupException stopping) {
                // stop() woke the poll up; the loop condition ends it
            } catch (RuntimeException e) {
                log.info("Source group reader: {} (polling again)", e.toString());
            }
        }
    }

    /**
     * Stops reading, commits the position reached and leaves the group.
     *
     * @return the offsets the group has committed, per source partition it read
     */
    synchronized Map<TopicPartition, Long> stop() {
        if (committed == null) {
            running.set(false);
            consumer.wakeup();
            try {
                thread.join(Duration.ofSeconds(60).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the source group reader", e);
            }
            if (thread.isAlive()) {
                throw new IllegalStateException("the source group reader did not stop within 60 s");
            }
            consumer.commitSync(Duration.ofSeconds(30));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry
                : consumer.committed(consumer.assignment(), Duration.ofSeconds(30)).entrySet()) {
                if (entry.getValue() != null) {
                    offsets.put(entry.getKey(), entry.getValue().offset());
                }
            }
            committed = Map.copyOf(offsets);
        }
        return committed;
    }

    @Override
    public void close() {
        try {
            if (committed == null && thread.isAlive()) {
                running.set(false);
                consumer.wakeup();
                thread.join(Duration.ofSeconds(30).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
        }
    }
}
