package dev.ferry.mirror;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MirrorSourceConfigTest {

    private static Map<String, String> props() {
        Map<String, String> props = new HashMap<>();
        props.put("source.cluster.alias", "east");
        props.put("target.cluster.alias", "west");
        props.put("source.cluster.bootstrap.servers", "east:9092");
        props.put("target.cluster.bootstrap.servers", "west:9092");
        return props;
    }

    @Test
    void theSourceConsumerPollsUpTo2000RecordsUnlessTheUserSaysOtherwise() {
        assertEquals(2_000, new MirrorSourceConfig(props()).sourceConsumerConfig("c").get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        Map<String, String> props = props();
        props.put("source.consumer.max.poll.records", "300");
        assertEquals("300", String.valueOf(new MirrorSourceConfig(props).sourceConsumerConfig("c").get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)));
    }
}
