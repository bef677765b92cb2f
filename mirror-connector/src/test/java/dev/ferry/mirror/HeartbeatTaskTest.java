package dev.ferry.mirror;

import dev.ferry.common.wire.Heartbeat;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatTaskTest {

    private long now = 1_000_000;
    private Map<String, Object> producerConfig;

    private HeartbeatTask task(MockProducer<byte[], byte[]> producer) {
        HeartbeatTask task = new HeartbeatTask(config -> {
            producerConfig = config;
            return producer;
        }, () -> now);
        Map<String, String> props = new HashMap<>(HeartbeatConnectorTest.validConfig());
        props.put(HeartbeatConfig.EMIT_INTERVAL_MS, "1000");
        props.put("source.cluster.security.protocol", "PLAINTEXT");
        task.start(props);
        return task;
    }

    @Test
    void writesOneHeartbeatPerIntervalIntoTheSourceClusterAndNoRecordsToConnect() throws InterruptedException {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        HeartbeatTask task = task(producer);
        assertEquals("east-kafka:9092", producerConfig.get("bootstrap.servers"));
        assertEquals("PLAINTEXT", producerConfig.get("security.protocol"));

        assertNull(task.poll());          // due at once
        now += 1_000;
        assertNull(task.poll());
        now += 2_500;                     // a late poll: one beat now, not three to catch up
        assertNull(task.poll());
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertEquals(List.of(1_000_000L, 1_001_000L, 1_003_500L), sent.stream().map(ProducerRecord::timestamp).toList());
        for (ProducerRecord<byte[], byte[]> record : sent) {
            assertEquals("ferry-heartbeats", record.topic());
            assertEquals(new Heartbeat("east", record.timestamp()), Heartbeat.deserialize(record.key(), record.value()));
        }
        assertEquals(3, task.sent());
        task.stop();
        assertTrue(producer.closed());
    }

    @Test
    void aDeniedWriteFailsTheTaskNamingClusterTopicAndOperation() throws InterruptedException {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        HeartbeatTask task = task(producer);
        task.poll();
        producer.errorNext(new TopicAuthorizationException(Set.of("ferry-heartbeats")));
        assertEquals(1, task.failed());
        now += 1_000;
        ConnectException failure = assertThrows(ConnectException.class, task::poll);
        assertTrue(failure.getMessage().contains("'east'") && failure.getMessage().contains("WRITE")
            && failure.getMessage().contains("ferry-heartbeats"), failure.getMessage());
        task.stop();
    }
}
