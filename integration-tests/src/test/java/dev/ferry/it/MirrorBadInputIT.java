package dev.ferry.it;

import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input gets a clear error naming what is wrong, and loses nothing. */
class MirrorBadInputIT extends MirrorClustersIT {


    private static Map<String, List<String>> errorsByKey(ConfigInfos infos) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigInfo info : infos.configs()) {
            if (info.configValue() != null && !info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        return errors;
    }

    @Test
    void validateReportsEachProblemOnItsKeyAndCreationIsRefused() {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "orders", 1);
        config.put("name", "validate-me");
        assertEquals(0, clusters.connect().validateConnectorConfig("MirrorSourceConnector", config).errorCount(),
            "the example configuration is valid");

        config.put("target.cluster.alias", "east");
        config.put("topics", "orders,(unclosed");
        config.put("replication.policy.class", "com.example.NoSuchPolicy");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("source.cluster.isolation.level", "read_uncommitted");
        config.put("source.cluster.sasl.jaas.config", "org.example.Login required password=\"do-not-echo\";");
        ConfigInfos infos = clusters.connect().validateConnectorConfig("MirrorSourceConnector", config);
        Map<String, List<String>> errors = errorsByKey(infos);

        assertEquals(5, infos.errorCount(), errors.toString());
        assertTrue(errors.get("target.cluster.alias").get(0).contains("'east'"), errors.toString());
        assertTrue(errors.get("topics").get(0).contains("(unclosed"), errors.toString());
        assertTrue(errors.containsKey("replication.policy.class"), errors.toString());
        assertTrue(errors.get("value.converter").get(0).contains("ByteArrayConverter"), errors.toString());
        assertTrue(errors.get("source.cluster.isolation.level").get(0).contains("source.consumer.isolation.level"), errors.toString());
        assertTrue(!infos.toString().contains("do-not-echo"), "a credential came back in the validate answer");

        ConnectRestException refused = assertThrows(ConnectRestException.class,
            () -> clusters.connect().configureConnector("refused", config));
        assertEquals(400, refused.statusCode());
    }

    @Test
    void unreachableSourceFailsTheConnectorWithinThirtySecondsNamingIt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "orders", 1);
        config.put("source.cluster.bootstrap.servers", "localhost:" + closedPort);
        config.put("startup.timeout.ms", "5000");
        long start = System.nanoTime();
        clusters.connect().configureConnector("unreachable", config);
        ConnectorStateInfo status = Waits.untilValue("connector 'unreachable' to fail", Duration.ofSeconds(30),
            () -> clusters.connect().connectorStatus("unreachable"),
            info -> "FAILED".equals(info.connector().state()));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(tookMs < 30_000, "took " + tookMs + " ms");
        String trace = status.connector().trace();
        assertTrue(trace.contains("source cluster 'east' at [localhost:" + closedPort + "]"), trace);
        clusters.connect().deleteConnector("unreachable");
    }

    @Test
    void recordsRemovedByRetentionBeforeTheyWereCopiedFailTheTaskWithTheCount() throws Exception {
        clusters.createSourceTopic("shrinking", 1, Map.of());
        producer.produce("shrinking", 0, 100);
        clusters.connect().configureConnector("gap", MirrorConnectors.eastToWest(clusters, "shrinking", 1));
        clusters.awaitConnectorRunning("gap", 1, Duration.ofSeconds(60));
        ReplicationReport first = CHECKER.awaitExact(clusters.target(), "east.shrinking", "shrinking", producer, Duration.ofSeconds(60));
        assertTrue(first.isExact(), first.toString());

        clusters.connect().stopConnector("gap");
        Waits.until("connector 'gap' stopped with no tasks", Duration.ofSeconds(30), () -> {
            var status = clusters.connect().connectorStatus("gap");
            return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty();
        });
        long copied = CHECKER.read(clusters.target(), "east.shrinking", "shrinking", producer).seen();
        producer.produce("shrinking", 0, 100);
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.deleteRecords(Map.of(new TopicPartition("shrinking", 0), RecordsToDelete.beforeOffset(150))).all().get();
        }
        clusters.connect().resumeConnector("gap");

        ConnectorStateInfo status = Waits.untilValue("task of 'gap' to fail", Duration.ofSeconds(60),
            () -> clusters.connect().connectorStatus("gap"),
            info -> !info.tasks().isEmpty() && "FAILED".equals(info.tasks().get(0).state()));
        String trace = status.tasks().get(0).trace();
        long lost = 150 - copied;
        assertTrue(trace.contains("shrinking-0") && trace.contains(lost + " record(s) at offsets [" + copied + ", 150)"), trace);
        clusters.connect().deleteConnector("gap");
    }

    @Test
    void aRecreatedSourceTopicIsCopiedFromItsFirstRecord() throws Exception {
        clusters.createSourceTopic("phoenix", 1, Map.of());
        producer.produce("phoenix", 0, 300);
        clusters.connect().configureConnector("recreate", MirrorConnectors.eastToWest(clusters, "phoenix", 1));
        clusters.awaitConnectorRunning("recreate", 1, Duration.ofSeconds(60));
        assertTrue(CHECKER.awaitExact(clusters.target(), "east.phoenix", "phoenix", producer, Duration.ofSeconds(60)).isExact());

        clusters.source().deleteTopic("phoenix");
        Waits.until("source topic 'phoenix' gone", Duration.ofSeconds(30),
            () -> clusters.source().describeTopics("phoenix").get("phoenix").isEmpty());
        clusters.createSourceTopic("phoenix", 1, Map.of());
        try (OracleProducer reborn = OracleProducer.start(clusters.source(), "bad-input-it-reborn")) {
            reborn.produce("phoenix", 0, 120);
            ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.phoenix", "phoenix", reborn, Duration.ofSeconds(60));
            assertEquals(0, report.lost(), report.toString());
            assertEquals(120, report.seen() - report.duplicated(), report.toString());
            assertEquals(0, report.mismatched(), report.toString());
            assertEquals(0, report.outOfOrder(), report.toString());
        }
        assertEquals("RUNNING", clusters.connect().connectorStatus("recreate").tasks().get(0).state());
        clusters.connect().deleteConnector("recreate");
    }

    @Test
    void aRecordTooLargeForTheTargetFailsTheTaskNamingIt() {
        tenSmallOneOversizedTenSmall("bulky");
        clusters.connect().configureConnector("oversize", MirrorConnectors.eastToWest(clusters, "bulky", 1));

        ConnectorStateInfo status = Waits.untilValue("task of 'oversize' to fail", Duration.ofSeconds(60),
            () -> clusters.connect().connectorStatus("oversize"),
            info -> !info.tasks().isEmpty() && "FAILED".equals(info.tasks().get(0).state()));
        String trace = status.tasks().get(0).trace();
        assertTrue(trace.contains("offset 10 of source partition bulky-0") && trace.contains("max.message.bytes=2000")
            && trace.contains("'east.bulky'") && trace.contains("bytes, larger than"), trace);
        ReplicationReport before = CHECKER.read(clusters.target(), "east.bulky", "bulky", producer);
        assertEquals(10, before.seen(), "the records before the oversized one were copied: " + before);
        clusters.connect().deleteConnector("oversize");
    }

    @Test
    void withErrorsToleranceAllAnOversizedRecordIsQuarantinedAndCounted() throws Exception {
        tenSmallOneOversizedTenSmall("bulky2");
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "bulky2", 1);
        config.put("errors.tolerance", "all");
        clusters.connect().configureConnector("quarantine", config);
        clusters.awaitConnectorRunning("quarantine", 1, Duration.ofSeconds(60));

        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.bulky2", "bulky2", producer, Duration.ofSeconds(60));
        assertEquals(20, report.seen(), report.toString());
        assertEquals(0, report.lost() + report.duplicated() + report.mismatched() + report.outOfOrder(), report.toString());

        ConsumerRecords<byte[], byte[]> entries = clusters.target().consume(1, 30_000, "ferry-quarantine.east.internal");
        String entry = new String(entries.iterator().next().value(), StandardCharsets.UTF_8);
        assertTrue(entry.contains("\"topic\":\"bulky2\"") && entry.contains("\"partition\":0") && entry.contains("\"offset\":10")
            && entry.contains("max.message.bytes=2000"), entry);
        assertFalse(entry.contains("bulky2-big"), "quarantine entries carry metadata, never record contents: " + entry);

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        Waits.until("records-quarantined-total = 1 in JMX", Duration.ofSeconds(30), () ->
            jmx.queryNames(new ObjectName("kafka.connect:type=plugins,connector=quarantine,*"), null).stream()
                .anyMatch(name -> quarantined(jmx, name) == 1.0));
        clusters.connect().deleteConnector("quarantine");
    }

    /** A remote topic that takes 2000 bytes at most, and a source partition with a 5 KB record at offset 10. */
    private void tenSmallOneOversizedTenSmall(String topic) {
        clusters.createSourceTopic(topic, 1, Map.of());
        clusters.createTargetTopic("east." + topic, 1, Map.of("max.message.bytes", "2000"));
        producer.produce(topic, 0, 10);
        try (OracleProducer big = OracleProducer.start(clusters.source(), topic + "-big", OracleRecords.withPayloadBytes(5_000))) {
            big.produce(topic, 0, 1);
        }
        producer.produce(topic, 0, 10);
    }

    private static double quarantined(MBeanServer jmx, ObjectName name) {
        try {
            return ((Number) jmx.getAttribute(name, "records-quarantined-total")).doubleValue();
        } catch (Exception notThisBean) {
            return -1;
        }
    }

    @Test
    void aRemoteTopicWithFewerPartitionsIsAClearErrorWhenPartitionSyncIsOff() {
        clusters.createSourceTopic("wide", 3, Map.of());
        clusters.createTargetTopic("east.wide", 1, Map.of());
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "wide", 1);
        config.put("sync.topic.partitions.enabled", "false");
        clusters.connect().configureConnector("narrow", config);
        ConnectorStateInfo status = Waits.untilValue("connector 'narrow' to fail", Duration.ofSeconds(30),
            () -> clusters.connect().connectorStatus("narrow"),
            info -> "FAILED".equals(info.connector().state()));
        String trace = status.connector().trace();
        assertTrue(trace.contains("remote topic 'east.wide' has 1 partition(s) but source topic 'wide' has 3"), trace);
        clusters.connect().deleteConnector("narrow");
    }
}
