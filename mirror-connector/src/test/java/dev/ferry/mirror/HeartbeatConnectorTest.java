package dev.ferry.mirror;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatConnectorTest {

    static Map<String, String> validConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "heartbeats-east");
        props.put("connector.class", HeartbeatConnector.class.getName());
        props.put(HeartbeatConfig.SOURCE_ALIAS, "east");
        props.put(HeartbeatConfig.SOURCE_BOOTSTRAP, "east-kafka:9092");
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config config = new HeartbeatConnector().validate(props);
        return config.configValues().stream()
            .filter(value -> !value.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void aCompleteConfigHasNoErrorsAndGivesOneTask() {
        assertEquals(Map.of(), errors(validConfig()));
        HeartbeatConfig config = new HeartbeatConfig(validConfig());
        assertEquals(1_000, config.emitIntervalMs());
        assertEquals("ferry-heartbeats", config.heartbeatsTopic());
    }

    @Test
    void badSettingsAreReportedOnTheirKeys() {
        Map<String, String> props = validConfig();
        props.remove(HeartbeatConfig.SOURCE_ALIAS);
        props.put(HeartbeatConfig.EMIT_INTERVAL_MS, "0");
        props.put("source.cluster.batch.size", "1000");
        Map<String, List<String>> errors = errors(props);
        assertTrue(errors.containsKey(HeartbeatConfig.SOURCE_ALIAS), errors.toString());
        assertTrue(errors.containsKey(HeartbeatConfig.EMIT_INTERVAL_MS), errors.toString());
        assertTrue(errors.get("source.cluster.batch.size").get(0).contains("source.producer.batch.size"), errors.toString());
    }
}
