package dev.ferry.bench;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Map;
import java.util.Random;

/** Fills the source topic once; every contender then copies the same records. */
final class Preloader {

    private Preloader() {
    }

    static void preload(String bootstrap, String topic, BenchSettings settings) {
        byte[] value = new byte[settings.valueBytes()];
        new Random(42).nextBytes(value);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024))) {
            for (long i = 0; i < settings.records(); i++) {
                producer.send(new ProducerRecord<>(topic, (int) (i % settings.partitions()), Long.toString(i).getBytes(), value));
            }
            producer.flush();
        }
    }
}
