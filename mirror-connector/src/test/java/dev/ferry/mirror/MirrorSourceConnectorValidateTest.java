package dev.ferry.mirror;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MirrorSourceConnectorValidateTest {

    static Map<String, String> validConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "east-to-west");
        props.put("connector.class", MirrorSourceConnector.class.getName());
        props.put(MirrorSourceConfig.SOURCE_ALIAS, "east");
        props.put(MirrorSourceConfig.TARGET_ALIAS, "west");
        props.put(MirrorSourceConfig.SOURCE_BOOTSTRAP, "east-kafka:9092");
        props.put(MirrorSourceConfig.TARGET_BOOTSTRAP, "west-kafka:9092");
        for (String key : MirrorSourceConnector.CONVERTER_KEYS) {
            props.put(key, MirrorSourceConnector.BYTE_ARRAY_CONVERTER);
        }
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        Config config = new MirrorSourceConnector().validate(props);
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
        props.remove(MirrorSourceConfig.SOURCE_ALIAS);
        assertTrue(errors(props).containsKey(MirrorSourceConfig.SOURCE_ALIAS));

        props = validConfig();
        props.put(MirrorSourceConfig.TARGET_ALIAS, "east");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(MirrorSourceConfig.TARGET_ALIAS), List.copyOf(errors.keySet()));
        assertTrue(errors.get(MirrorSourceConfig.TARGET_ALIAS).get(0).contains("'east'"));
    }

    @Test
    void anInvalidRegexIsReportedWithTheRegex() {
        Map<String, String> props = validConfig();
        props.put(MirrorSourceConfig.TOPICS, "orders,pay(ments");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(MirrorSourceConfig.TOPICS), List.copyOf(errors.keySet()));
        assertTrue(errors.get(MirrorSourceConfig.TOPICS).get(0).contains("pay(ments"), errors.toString());
    }

    @Test
    void anUnknownOrWrongPolicyClassIsReported() {
        Map<String, String> props = validConfig();
        props.put(MirrorSourceConfig.REPLICATION_POLICY_CLASS, "com.example.NoSuchPolicy");
        assertTrue(errors(props).containsKey(MirrorSourceConfig.REPLICATION_POLICY_CLASS));

        props.put(MirrorSourceConfig.REPLICATION_POLICY_CLASS, String.class.getName());
        List<String> messages = errors(props).get(MirrorSourceConfig.REPLICATION_POLICY_CLASS);
        assertTrue(messages.get(0).contains("ReplicationPolicy"), messages.toString());
    }

    @Test
    void byteChangingOrMissingConvertersAreRejected() {
        Map<String, String> props = validConfig();
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.remove("header.converter");
        Map<String, List<String>> errors = errors(props);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get("value.converter").get(0).contains("JsonConverter"));
        assertTrue(errors.get("header.converter").get(0).contains("unset"));
    }

    @Test
    void prefixedKeysThatWouldBeIgnoredAreReported() {
        Map<String, String> props = validConfig();
        props.put("source.cluster.isolation.level", "read_uncommitted");
        props.put("target.producer.lingerr.ms", "5");
        Map<String, List<String>> errors = errors(props);
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get("source.cluster.isolation.level").get(0).contains("source.consumer.isolation.level"));
        assertTrue(errors.get("target.producer.lingerr.ms").get(0).contains("ignored"));
    }

    @Test
    void credentialsAreMaskedInValidationAnswers() {
        Map<String, String> props = validConfig();
        props.put("source.cluster.sasl.jaas.config", "org.example.Login required password=\"s3cr3t\";");
        Config config = new MirrorSourceConnector().validate(props);
        ConfigValue jaas = config.configValues().stream()
            .filter(value -> value.name().equals("source.cluster.sasl.jaas.config")).findFirst().orElseThrow();
        assertEquals("[hidden]", String.valueOf(jaas.value()));
        assertFalse(config.configValues().toString().contains("s3cr3t"));
    }

    @Test
    void outOfRangeNumbersAndUnknownChoicesAreReported() {
        Map<String, String> props = validConfig();
        props.put(MirrorSourceConfig.TARGET_REPLICATION_FACTOR, "0");
        props.put(MirrorSourceConfig.GAP_POLICY, "ignore");
        props.put(MirrorSourceConfig.NEW_PARTITIONS_START, "middle");
        assertEquals(3, errors(props).size(), errors(props).toString());
    }

    @Test
    void anOffsetSyncsTopicAReverseMirrorWritesByDefaultIsRejectedOnItsKey() {
        // aliases east (source) and west (target): a west->east mirror with syncs on its target writes this topic on east
        Map<String, String> props = validConfig();
        props.put(MirrorSourceConfig.OFFSET_SYNCS_LOCATION, "source");
        props.put(MirrorSourceConfig.OFFSET_SYNCS_TOPIC, "ferry-offset-syncs.west.internal");
        Map<String, List<String>> errors = errors(props);
        assertEquals(List.of(MirrorSourceConfig.OFFSET_SYNCS_TOPIC), List.copyOf(errors.keySet()), errors.toString());
        String message = errors.get(MirrorSourceConfig.OFFSET_SYNCS_TOPIC).get(0);
        assertTrue(message.startsWith("offset-syncs.topic 'ferry-offset-syncs.west.internal'"), message);
        assertTrue(message.contains("reverse mirror"), message);

        props.put(MirrorSourceConfig.OFFSET_SYNCS_TOPIC, "ferry-source-offset-syncs.east-to-west.internal");
        assertEquals(Map.of(), errors(props), "the flow's own default may be spelt out");
        props.put(MirrorSourceConfig.OFFSET_SYNCS_TOPIC, "team-a-syncs");
        assertEquals(Map.of(), errors(props), "a name of another form is the operator's choice");
    }
}
