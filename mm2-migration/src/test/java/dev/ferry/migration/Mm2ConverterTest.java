package dev.ferry.migration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Mm2ConverterTest {

    static Properties realistic() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Mm2ConverterTest.class.getResourceAsStream("/mm2-realistic.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static Mm2Converter.Result convert(Properties properties) {
        return new Mm2Converter(Mm2Properties.of(properties), new SecretPlaceholders("/etc/ferry/secrets.properties")).convert();
    }

    private static Map<String, String> config(Mm2Converter.Result result, String name) {
        return result.connectors().stream().filter(c -> c.name().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no connector " + name + " in " + result.connectors())).config();
    }

    @Test
    void realisticFileBecomesOneMirrorPerFlowAndCheckpointsWhereEnabled() throws IOException {
        Mm2Converter.Result result = convert(realistic());
        assertEquals(java.util.List.of(), result.problems());
        assertEquals(java.util.List.of("mirror-dc1-to-dc2", "checkpoints-dc1-to-dc2", "mirror-dc2-to-dc1"),
            result.connectors().stream().map(Mm2Converter.ConnectorJson::name).toList());

        Map<String, String> mirror = config(result, "mirror-dc1-to-dc2");
        assertEquals("dev.ferry.mirror.MirrorSourceConnector", mirror.get("connector.class"));
        assertEquals("dc1", mirror.get("source.cluster.alias"));
        assertEquals("dc2", mirror.get("target.cluster.alias"));
        assertEquals("kafka-dc1-1:9093,kafka-dc1-2:9093,kafka-dc1-3:9093", mirror.get("source.cluster.bootstrap.servers"));
        assertEquals("kafka-dc2-1:9093,kafka-dc2-2:9093,kafka-dc2-3:9093", mirror.get("target.cluster.bootstrap.servers"));
        assertEquals("orders.*, payments, audit-.*", mirror.get("topics"));
        assertEquals(".*-staging, tmp\\..*", mirror.get("topics.exclude"));
        assertEquals("8", mirror.get("tasks.max"));
        assertEquals("3", mirror.get("target.topic.replication.factor"));
        assertEquals("dev.ferry.common.PrefixReplicationPolicy", mirror.get("replication.policy.class"));
        assertEquals("30000", mirror.get("refresh.topics.interval.ms"));
        assertEquals("SASL_SSL", mirror.get("source.cluster.security.protocol"));
        assertEquals("SASL_SSL", mirror.get("target.cluster.security.protocol"));
        assertEquals("SCRAM-SHA-512", mirror.get("target.cluster.sasl.mechanism"));
        assertEquals("52428800", mirror.get("source.consumer.fetch.max.bytes"));
        assertEquals("lz4", mirror.get("producer.override.compression.type"));
        assertEquals("60000", mirror.get("target.admin.request.timeout.ms"));
        assertEquals("org.apache.kafka.connect.converters.ByteArrayConverter", mirror.get("header.converter"));
        assertFalse(mirror.containsKey("groups"), "groups belong to the checkpoint connector");

        Map<String, String> checkpoints = config(result, "checkpoints-dc1-to-dc2");
        assertEquals("billing-.*, reporting", checkpoints.get("groups"));
        assertEquals("10000", checkpoints.get("emit.checkpoints.interval.ms"));
        assertEquals("true", checkpoints.get("sync.group.offsets.enabled"));
        assertEquals("15000", checkpoints.get("sync.group.offsets.interval.ms"));
        assertEquals("30000", checkpoints.get("refresh.groups.interval.ms"));
        assertFalse(checkpoints.containsKey("topics"));
        assertFalse(checkpoints.keySet().stream().anyMatch(k -> k.startsWith("producer.override.")));

        assertEquals("orders.*", config(result, "mirror-dc2-to-dc1").get("topics"), "flow value wins over the top level");
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("offset.lag.max") && n.contains("exactly")), result.notes().toString());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("dc2->dc1: emit.checkpoints.enabled=false")));
    }

    @Test
    void inlineCredentialsBecomePlaceholdersAndExistingPlaceholdersStay() throws IOException {
        SecretPlaceholders secrets = new SecretPlaceholders("/etc/ferry/secrets.properties");
        Mm2Converter.Result result = new Mm2Converter(Mm2Properties.of(realistic()), secrets).convert();
        Map<String, String> mirror = config(result, "mirror-dc1-to-dc2");
        assertEquals("${file:/etc/ferry/secrets.properties:mirror-dc1-to-dc2.source.cluster.sasl.jaas.config}",
            mirror.get("source.cluster.sasl.jaas.config"));
        assertEquals("${file:/etc/ferry/secrets.properties:mirror-dc1-to-dc2.target.cluster.ssl.truststore.password}",
            mirror.get("target.cluster.ssl.truststore.password"));
        assertTrue(mirror.get("target.cluster.sasl.jaas.config").contains("${file:/etc/kafka/secrets/dc2.properties:password}"));
        assertTrue(secrets.secrets().get("mirror-dc1-to-dc2.source.cluster.sasl.jaas.config").contains("dc1-secret-456"));
        for (Mm2Converter.ConnectorJson connector : result.connectors()) {
            String all = connector.config().toString();
            assertFalse(all.contains("dc1-secret-456") || all.contains("truststore-secret-123"), connector.name() + ": " + all);
        }
    }

    @Test
    void unknownKeysCustomClassesAndBadNumbersAreNamed() throws IOException {
        Properties properties = realistic();
        properties.setProperty("dc1->dc2.topic.exclude", "typo");
        properties.setProperty("replication.policy.class", "com.example.MyPolicy");
        properties.setProperty("group.filter.class", "com.example.MyGroupFilter");
        properties.setProperty("dc1->dc2.refresh.topics.interval.seconds", "ten");
        properties.setProperty("dc1->dc3.enabled", "true");
        properties.setProperty("dc1.no.such.client.key", "1");
        Mm2Converter.Result result = convert(properties);
        String problems = String.join("\n", result.problems());
        assertTrue(problems.contains("dc1->dc2.topic.exclude: not a MirrorMaker 2 setting"), problems);
        assertTrue(problems.contains("replication.policy.class=com.example.MyPolicy"), problems);
        assertTrue(problems.contains("group.filter.class=com.example.MyGroupFilter: custom classes cannot be converted"), problems);
        assertTrue(problems.contains("dc1->dc2.refresh.topics.interval.seconds=ten: not a whole number of seconds"), problems);
        assertTrue(problems.contains("dc1->dc3.enabled: names a cluster alias missing from 'clusters'"), problems);
        assertTrue(problems.contains("dc1.no.such.client.key: not a Kafka client setting"), problems);
    }

    @Test
    void missingClustersOrFlowsOrBootstrapAreNamed() {
        Properties empty = new Properties();
        MigrationException e = org.junit.jupiter.api.Assertions.assertThrows(MigrationException.class, () -> Mm2Properties.of(empty));
        assertTrue(e.getMessage().contains("'clusters'"));

        Properties noFlow = new Properties();
        noFlow.setProperty("clusters", "a, b");
        noFlow.setProperty("a.bootstrap.servers", "a:9092");
        assertTrue(convert(noFlow).problems().get(0).contains("no replication flow is enabled"));

        noFlow.setProperty("a->b.enabled", "true");
        assertTrue(convert(noFlow).problems().contains("b.bootstrap.servers: missing; cluster 'b' needs bootstrap servers"),
            convert(noFlow).problems().toString());
    }

    @Test
    void identityPolicyMapsToFerrysIdentityPolicy() {
        Properties properties = new Properties();
        properties.setProperty("clusters", "old, new");
        properties.setProperty("old.bootstrap.servers", "old:9092");
        properties.setProperty("new.bootstrap.servers", "new:9092");
        properties.setProperty("old->new.enabled", "true");
        properties.setProperty("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy");
        Mm2Converter.Result result = convert(properties);
        assertEquals(java.util.List.of(), result.problems());
        assertEquals("dev.ferry.common.IdentityReplicationPolicy", config(result, "mirror-old-to-new").get("replication.policy.class"));
        assertEquals("dev.ferry.common.IdentityReplicationPolicy", config(result, "checkpoints-old-to-new").get("replication.policy.class"));
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("replication factor 2")), result.notes().toString());
    }
}
