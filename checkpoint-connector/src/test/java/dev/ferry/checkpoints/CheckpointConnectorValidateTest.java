package dev.ferry.checkpoints;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointConnectorValidateTest {

    static Map<String, String> validConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "east-checkpoints");
        props.put("connector.class", CheckpointConnector.class.getName());
        props.put(CheckpointConfig.SOURCE_ALIAS, "east");
        props.put(CheckpointConfig.TARGET_ALIAS, "west");
        props.put(CheckpointConfig.SOURCE_BOOTSTRAP, "east-kafka:9092");
        props.put(CheckpointConfig.TARGET_BOOTSTRAP, "west-kafka:9092");
        for (String key : CheckpointConnector.CONVERTER_KEYS) {
            props.put(key, CheckpointConnector.BYTE_ARRAY_CONVERTER);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config config = new CheckpointConnector().validate(props);
        return config.configValues().stream()
            .filter(value -> !value.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void aCompleteConfigHasNoErrors() {
        assertEquals(Map.of(), errors(validConfig()));
    }

    @Test
    void missingAndEqualAliasesAreReportedOnTheirKeys() {
        Map<String, String> props = validConfig();
        props.remove(CheckpointConfig.SOURCE_ALIAS);
        assertTrue(errors(props).containsKey(CheckpointConfig.SOURCE_ALIAS));

        props = validConfig();
        props.put(CheckpointConfig.TARGET_ALIAS, "east");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(CheckpointConfig.TARGET_ALIAS), List.copyOf(errors.keySet()));
        assertTrue(errors.get(CheckpointConfig.TARGET_ALIAS).get(0).contains("'east'"), errors.toString());
    }

    @Test
    void anInvalidGroupRegexIsReportedOnItsKeyWithTheRegex() {
        Map<String, String> props = validConfig();
        props.put(CheckpointConfig.GROUPS, "orders-.*,pay(ments");
        props.put(CheckpointConfig.GROUPS_EXCLUDE, "[test");
        Map<String, List<String>> errors = errors(props);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(CheckpointConfig.GROUPS).get(0).contains("pay(ments"), errors.toString());
        assertTrue(errors.get(CheckpointConfig.GROUPS_EXCLUDE).get(0).contains("[test"), errors.toString());
    }

    @Test
    void convertersThatWouldChangeTheBytesOrAreUnsetAreRejected() {
        Map<String, String> props = validConfig();
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.remove("key.converter");
        Map<String, List<String>> errors = errors(props);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get("value.converter").get(0).contains("JsonConverter"));
        assertTrue(errors.get("key.converter").get(0).contains("unset"));
    }

    @Test
    void anUnknownOrWrongPolicyClassIsReported() {
        Map<String, String> props = validConfig();
        props.put(CheckpointConfig.REPLICATION_POLICY_CLASS, "com.example.NoSuchPolicy");
        assertTrue(errors(props).containsKey(CheckpointConfig.REPLICATION_POLICY_CLASS));

        props.put(CheckpointConfig.REPLICATION_POLICY_CLASS, String.class.getName());
        List<String> messages = errors(props).get(CheckpointConfig.REPLICATION_POLICY_CLASS);
        assertTrue(messages.get(0).contains("ReplicationPolicy"), messages.toString());
    }

    @Test
    void outOfRangeIntervalsAndUnknownChoicesAreReported() {
        Map<String, String> props = validConfig();
        props.put(CheckpointConfig.EMIT_INTERVAL_MS, "0");
        props.put(CheckpointConfig.REFRESH_GROUPS_INTERVAL_MS, "-5");
        props.put(CheckpointConfig.OFFSET_SYNCS_LOCATION, "elsewhere");
        props.put(CheckpointConfig.CHECKPOINTS_REPLICATION_FACTOR, "0");
        assertEquals(4, errors(props).size(), errors(props).toString());
    }

    @Test
    void credentialsAreMaskedAndMisspeltClientKeysAreReportedWithoutTheirValue() {
        Map<String, String> props = validConfig();
        props.put("source.cluster.sasl.jaas.config", "org.example.Login required password=\"s3cr3t\";");
        props.put("target.admin.sasl.jaas.confg", "org.example.Login required password=\"t0ps3cr3t\";");
        Config config = new CheckpointConnector().validate(props);
        ConfigValue jaas = config.configValues().stream()
            .filter(value -> value.name().equals("source.cluster.sasl.jaas.config")).findFirst().orElseThrow();
        assertEquals("[hidden]", String.valueOf(jaas.value()));
        ConfigValue typo = config.configValues().stream()
            .filter(value -> value.name().equals("target.admin.sasl.jaas.confg")).findFirst().orElseThrow();
        assertTrue(typo.errorMessages().get(0).contains("ignored"), typo.errorMessages().toString());
        assertNull(typo.value());
        assertFalse(config.configValues().toString().contains("s3cr3t"));
    }

    @Test
    void anOffsetSyncsTopicAReverseMirrorWritesByDefaultIsRejectedOnItsKey() {
        // aliases east (source) and west (target): a west->east mirror with syncs on its target writes this topic on east
        Map<String, String> props = validConfig();
        props.put(CheckpointConfig.OFFSET_SYNCS_LOCATION, "source");
        props.put(CheckpointConfig.OFFSET_SYNCS_TOPIC, "ferry-offset-syncs.west.internal");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(CheckpointConfig.OFFSET_SYNCS_TOPIC), List.copyOf(errors.keySet()), errors.toString());
        String message = errors.get(CheckpointConfig.OFFSET_SYNCS_TOPIC).get(0);
        assertTrue(message.startsWith("offset-syncs.topic 'ferry-offset-syncs.west.internal'"), message);
        assertTrue(message.contains("reverse mirror"), message);

        props.put(CheckpointConfig.OFFSET_SYNCS_TOPIC, "ferry-source-offset-syncs.east-to-west.internal");
        assertEquals(Map.of(), errors(props), "the flow's own default may be spelt out");
        props.put(CheckpointConfig.OFFSET_SYNCS_TOPIC, "team-a-syncs");
        assertEquals(Map.of(), errors(props), "a name of another form is the operator's choice");
    }
}
