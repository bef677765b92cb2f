package dev.ferry.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Produces at a steady rate on a background thread, each record stamped with its send time (CreateTime), so a
 * reader anywhere downstream can compute end-to-end latency as receive time minus record timestamp.
 */
final class SteadyProducer implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    SteadyProducer(String bootstrap, String topic, int partitions, int recordsPerSecond, int valueBytes) {
        byte[] value = new byte[valueBytes];
        new Random(7).nextBytes(value);
        thread = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 1))) {
                long start = System.nanoTime();
                long sent = 0;
                while (running.get()) {
                    long due = (System.nanoTime() - start) * recordsPerSecond / 1_000_000_000L;
                    for (; sent < due; sent++) {
                        producer.send(new ProducerRecord<>(topic, (int) (sent % partitions), System.currentTimeMillis(), null, value));
                    }
                    // pace in ~1 ms ticks: the load generator's clock, not synchronisation
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }, "steady-producer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
