package dev.ferry.quickstart;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quickstart's traffic generator: small records stamped with the current time (so replication latency means
 * something) at a steady rate, spread over the topics. Failed sends are counted, never retried forever, so
 * stopping is always quick.
 */
final class Traffic implements AutoCloseable {

    private static final long TICK_MS = 100;

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService ticker;
    private final List<String> topics;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    private Traffic(String bootstrap, List<String> topics) {
        this.topics = List.copyOf(topics);
        this.producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.CLIENT_ID_CONFIG, "quickstart-traffic",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "quickstart-traffic");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts sending {@code recordsPerSecond} records a second in total, round-robin over the topics. */
    static Traffic start(String bootstrap, List<String> topics, int recordsPerSecond) {
        Traffic traffic = new Traffic(bootstrap, topics);
        long perTick = Math.max(1, recordsPerSecond * TICK_MS / 1000);
        traffic.ticker.scheduleAtFixedRate(() -> traffic.send(perTick), 0, TICK_MS, TimeUnit.MILLISECONDS);
        return traffic;
    }

    private void send(long count) {
        for (long i = 0; i < count; i++) {
            long n = sent.incrementAndGet();
            String topic = topics.get((int) (n % topics.size()));
            producer.send(new ProducerRecord<>(topic, topic + "-" + n, "{\"id\":" + n + ",\"amount\":" + (n % 997) + "}"),
                (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                    }
                });
        }
    }

    /** @return sends that failed so far */
    long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        producer.close(Duration.ofSeconds(5));
    }
}
