package dev.ferry.mirror;

import dev.ferry.common.JsonText;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where records that cannot be copied go when the connector runs with {@code errors.tolerance=all}:
 * their metadata (never their contents) is written to a quarantine topic on the target cluster, an
 * error is logged naming them, and a metric counts them. A record is never skipped silently.
 */
final class Quarantine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String sourceAlias;
    private final AtomicLong count = new AtomicLong();

    Quarantine(Producer<byte[], byte[]> producer, String topic, String sourceAlias) {
        this.producer = producer;
        this.topic = topic;
        this.sourceAlias = sourceAlias;
    }

    /**
     * Records one record that was not copied, with the reason: an error log line at once, then the
     * entry, written asynchronously (this may run on a producer's callback thread, which must not block).
     */
    void add(String sourceTopic, int partition, long offset, int sizeBytes, String remoteTopic, String reason) {
        String entry = "{\"source.cluster\":" + JsonText.quote(sourceAlias) + ",\"topic\":" + JsonText.quote(sourceTopic)
            + ",\"partition\":" + partition + ",\"offset\":" + offset + ",\"size.bytes\":" + sizeBytes
            + ",\"remote.topic\":" + JsonText.quote(remoteTopic) + ",\"reason\":" + JsonText.quote(reason)
            + ",\"quarantined.at.ms\":" + System.currentTimeMillis() + "}";
        String key = sourceTopic + "-" + partition + "@" + offset;
        count.incrementAndGet();
        log.error("Source record {} of cluster '{}' ({} bytes) was NOT copied to {}: {}. Its metadata is in quarantine topic '{}'.",
            key, sourceAlias, sizeBytes, remoteTopic, reason, topic);
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), entry.getBytes(StandardCharsets.UTF_8)),
            (metadata, error) -> {
                if (error != null) {
                    log.error("Could not write the quarantine entry for source record {} to topic '{}' (the record itself "
                        + "was not copied: {}): {}", key, topic, reason, error.toString());
                }
            });
    }

    /** Records quarantined by this task since it started. */
    long count() {
        return count.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
