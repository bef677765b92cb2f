package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ferry's monitoring REST extension on a 2-worker Connect cluster, driven over HTTP as operators and Prometheus
 * use it. The tests run in order on one mirror connector (2 tasks, so tasks run on both workers) copying a topic
 * that a background producer feeds at a known steady rate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringIT extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(MonitoringIT.class);

    private static final String TOPIC = "mon-orders";
    private static final String MARKER_TOPIC = "mon-marker";
    private static final int PARTITIONS = 4;
    /** Records per second in total over the 4 partitions: steady on the 2-core machines next to 2 workers. */
    private static final int RATE = 800;
    private static final String CONNECTOR = "mon-mirror";
    private static final String SECRET = "MARKER-SECRET-5d1c";
    private static final String PAYLOAD = "MARKER-PAYLOAD-8e2b";
    private static final int MARKER_RECORDS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private BackgroundProduction background;

    @Override
    int workers() {
        return 2;
    }

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        return builder.workerProp("rest.extension.classes", "dev.ferry.monitoring.FerryRestExtension");
    }

    @BeforeAll
    void startMirror() {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        clusters.createSourceTopic(MARKER_TOPIC, 1, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, 100);
        }
        for (int i = 0; i < MARKER_RECORDS; i++) {
            clusters.source().produce(MARKER_TOPIC, 0, PAYLOAD + "-key-" + i, PAYLOAD + " value " + i);
        }
        background = producer.produceInBackground(List.of(TOPIC), PARTITIONS, RATE);

        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "mon-.*", 2);
        config.put("progress.interval.ms", "1000");
        // A credential that must never show: the source is PLAINTEXT, so the client ignores it.
        config.put("source.cluster.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"mon\" password=\"" + SECRET + "\";");
        clusters.connect().configureConnector(CONNECTOR, config);
        clusters.awaitConnectorRunning(CONNECTOR, 2, TIMEOUT);
    }

    @AfterAll
    void stopProduction() {
        if (background != null) {
            background.close();
        }
    }

    private List<URI> workerUrls() {
        return clusters.connect().workers().stream().map(WorkerHandle::url).sorted().toList();
    }

    private static JsonNode connector(JsonNode replication, String name) {
        for (JsonNode connector : replication.get("connectors")) {
            if (connector.get("name").asText().equals(name)) {
                return connector;
            }
        }
        return null;
    }

    private static JsonNode topic(JsonNode connector, String topic) {
        if (connector == null) {
            return null;
        }
        for (JsonNode t : connector.get("topics")) {
            if (t.get("topic").asText().equals(topic)) {
                return t;
            }
        }
        return null;
    }

    private JsonNode ordersOn(URI worker) {
        return topic(connector(FerryHttp.json(worker, "/ferry/v1/replication"), CONNECTOR), TOPIC);
    }

    @Test
    @Order(1)
    void everyWorkerReportsEveryPartitionWhicheverWorkerRunsItsTask() {
        ConnectorStateInfo status = clusters.connect().connectorStatus(CONNECTOR);
        Set<String> taskWorkers = new HashSet<>();
        status.tasks().forEach(task -> taskWorkers.add(task.workerId()));
        assertEquals(2, taskWorkers.size(), "the two tasks should run on different workers: " + status.tasks());

        for (URI worker : workerUrls()) {
            JsonNode orders = Waits.untilValue("all " + PARTITIONS + " partitions of " + TOPIC + " reported by " + worker, TIMEOUT,
                () -> ordersOn(worker), t -> t != null && t.get("partitions").size() == PARTITIONS);
            assertEquals("east." + TOPIC, orders.get("remoteTopic").asText());
            Set<Integer> tasks = new TreeSet<>();
            orders.get("partitions").forEach(p -> tasks.add(p.get("task").asInt()));
            assertEquals(Set.of(0, 1), tasks, "partitions of both tasks, on " + worker);
            JsonNode mirror = connector(FerryHttp.json(worker, "/ferry/v1/replication"), CONNECTOR);
            assertEquals("east", mirror.get("sourceAlias").asText());
            assertEquals("west", mirror.get("targetAlias").asText());
            assertNotNull(topic(mirror, MARKER_TOPIC), "the marker topic is reported too");
        }
    }

    @Test
    @Order(2)
    void aCheckpointedGroupIsReadyWithItsExactTranslation() throws Exception {
        String group = "app-mon";
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            commit.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(50));
        }
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.alterConsumerGroupOffsets(group, commit).all().get(30, TimeUnit.SECONDS);
        }
        Map<String, String> checkpoints = new HashMap<>();
        checkpoints.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        checkpoints.put("tasks.max", "1");
        checkpoints.put("source.cluster.alias", "east");
        checkpoints.put("target.cluster.alias", "west");
        checkpoints.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        checkpoints.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        checkpoints.put("groups", group);
        checkpoints.put("refresh.groups.interval.ms", "1000");
        checkpoints.put("emit.checkpoints.interval.ms", "1000");
        checkpoints.put("key.converter", MirrorConnectors.BYTES);
        checkpoints.put("value.converter", MirrorConnectors.BYTES);
        clusters.connect().configureConnector("mon-checkpoints", checkpoints);

        URI worker = workerUrls().get(1);
        JsonNode ready = Waits.untilValue("group " + group + " READY with " + PARTITIONS + " partitions on " + worker, TIMEOUT,
            () -> {
                for (JsonNode g : FerryHttp.json(worker, "/ferry/v1/groups").get("groups")) {
                    if (g.get("group").asText().equals(group)) {
                        return g;
                    }
                }
                return null;
            },
            g -> g != null && "READY".equals(g.get("status").asText()) && g.get("partitions").size() == PARTITIONS
                && StreamSupport.stream(g.get("partitions").spliterator(), false).allMatch(p -> p.get("targetLogEndOffset").isNumber()));
        assertEquals("east", ready.get("sourceAlias").asText());
        assertEquals("ferry-checkpoints.east.internal", ready.get("checkpointsTopic").asText());
        assertTrue(ready.get("checkpointAgeMs").asLong() < 30_000, ready.toString());
        for (JsonNode p : ready.get("partitions")) {
            assertEquals(TOPIC, p.get("topic").asText());
            assertEquals("east." + TOPIC, p.get("remoteTopic").asText());
            assertEquals(50, p.get("upstreamOffset").asLong());
            assertEquals("EXACT", p.get("translation").asText());
            // The remote partitions started empty and the mirror never restarted: copies sit at their source offsets.
            assertEquals(50, p.get("translatedOffset").asLong(), p.toString());
            assertTrue(p.get("targetCommittedOffset").isNull(), "the group never committed on the target: " + p);
            long logEnd = p.get("targetLogEndOffset").asLong();
            assertTrue(logEnd >= 100, p.toString());
            assertEquals(logEnd - 50, p.get("lagOnTarget").asLong(), p.toString());
        }
    }

    @Test
    @Order(3)
    void throughputMatchesTheSteadyProducedRate() {
        URI worker = workerUrls().get(0);
        // The 1-minute rate is judged once the reports span more than a minute, so that the copy of the backlog made
        // when the connector started has left the window and only the steady production is in it.
        JsonNode orders = Waits.untilValue("reports of " + TOPIC + " spanning more than a minute", Duration.ofSeconds(120),
            () -> ordersOn(worker),
            t -> t != null && t.get("history").size() > 0
                && t.get("history").get(t.get("history").size() - 1).get("atMs").asLong() - t.get("history").get(0).get("atMs").asLong() > 62_000);
        double perSecond = orders.get("recordsPerSec1m").asDouble();
        log.info("MonitoringIT: produced {} records/s, monitoring reports {} records/s (1 min), {} bytes/s, latency {}", RATE,
            perSecond, orders.get("bytesPerSec1m").asDouble(), orders.get("latencyMs"));
        assertTrue(Math.abs(perSecond - RATE) <= RATE * 0.10, "1-minute rate " + perSecond + " vs produced " + RATE + "/s");
        assertTrue(orders.get("bytesPerSec1m").asDouble() > perSecond * 100, "each oracle value holds at least 100 bytes: " + orders);
        assertEquals("OK", orders.get("status").asText(), orders.toString());
        assertTrue(orders.get("latencyMs").get("p50").asLong() >= 0, orders.toString());
    }

    @Test
    @Order(4)
    void prometheusOutputReadsBackWithARealParser() throws Exception {
        for (URI worker : workerUrls()) {
            HttpResponse<String> response = FerryHttp.get(worker, "/ferry/v1/metrics");
            assertEquals(200, response.statusCode(), response.body());
            // Parameter order is the server's choice; the format is named by type, version and charset.
            assertEquals(Set.of("text/plain", "version=0.0.4", "charset=utf-8"), contentTypeParts(response));
            Map<String, MetricFamily> families = new HashMap<>();
            TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
                new ByteArrayInputStream(response.body().getBytes(StandardCharsets.UTF_8)));
            for (MetricFamily family = parser.parse(); family != null; family = parser.parse()) {
                families.put(family.getName(), family);
            }
            List<Metric> lags = families.get("ferry_replication_lag_records").getMetrics().stream()
                .filter(m -> TOPIC.equals(m.getLabels().get("topic"))).toList();
            assertEquals(PARTITIONS, lags.size(), "one lag sample per partition on " + worker);
            for (Metric lag : lags) {
                assertEquals(Set.of("connector", "source", "target", "topic", "partition"), lag.getLabels().keySet());
                assertEquals(CONNECTOR, lag.getLabels().get("connector"));
                assertTrue(((Gauge) lag).getValue() >= 0);
            }
            double rate = families.get("ferry_replication_records_per_second_1m").getMetrics().stream()
                .filter(m -> TOPIC.equals(m.getLabels().get("topic"))).mapToDouble(m -> ((Gauge) m).getValue()).sum();
            assertTrue(Math.abs(rate - RATE) <= RATE * 0.10, "Prometheus 1-minute rate " + rate);
            Metric ready = families.get("ferry_group_status").getMetrics().stream()
                .filter(m -> "app-mon".equals(m.getLabels().get("group")) && "READY".equals(m.getLabels().get("status")))
                .findFirst().orElseThrow(() -> new AssertionError("no READY sample of group app-mon"));
            assertEquals(1.0, ((Gauge) ready).getValue());
        }
    }

    @Test
    @Order(5)
    void noEndpointShowsASecretOrARecordPayload() {
        URI worker = workerUrls().get(0);
        JsonNode marker = Waits.untilValue("the marker records copied", TIMEOUT,
            () -> topic(connector(FerryHttp.json(worker, "/ferry/v1/replication"), CONNECTOR), MARKER_TOPIC),
            t -> t != null && t.get("partitions").get(0).get("nextOffset").asLong() == MARKER_RECORDS);
        assertEquals(0, marker.get("lagRecords").asLong());
        List<String> paths = List.of("/ferry/v1/replication", "/ferry/v1/groups", "/ferry/v1/metrics", "/ferry/",
            "/ferry/assets/index.html", "/ferry/assets/dashboard.js", "/ferry/assets/dashboard.css");
        for (URI url : workerUrls()) {
            for (String path : paths) {
                HttpResponse<String> response = FerryHttp.get(url, path);
                assertTrue(response.statusCode() == 200 || response.statusCode() == 404, path + ": " + response.statusCode());
                assertFalse(response.body().contains(SECRET), path + " shows the connector's secret");
                assertFalse(response.body().contains(PAYLOAD), path + " shows record contents");
            }
        }
        HttpResponse<String> dashboard = FerryHttp.get(worker, "/ferry/");
        if (dashboard.statusCode() == 200) {
            assertTrue(dashboard.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), dashboard.headers().map().toString());
        } else {
            assertTrue(dashboard.body().contains("not in this Ferry build"), dashboard.body());
        }
        for (String attempt : List.of("/ferry/assets/..%2F..%2Fferry-version.properties", "/ferry/assets/FerryResource.class",
            "/ferry/assets/%2e%2e%2fMETA-INF%2fMANIFEST.MF")) {
            HttpResponse<String> refused = FerryHttp.get(worker, attempt);
            assertTrue(refused.statusCode() == 404 || refused.statusCode() == 400, attempt + " answered " + refused.statusCode());
            assertFalse(refused.body().contains("Manifest-Version") || refused.body().contains("ferry.version"), refused.body());
        }
    }

    @Test
    @Order(6)
    void pausedConnectorLagsAndStallsThenCatchesUpAfterResume() {
        clusters.connect().pauseConnector(CONNECTOR);
        Waits.until("'" + CONNECTOR + "' tasks paused", Duration.ofSeconds(30), () -> clusters.connect().connectorStatus(CONNECTOR)
            .tasks().stream().allMatch(task -> "PAUSED".equals(task.state())));
        List<URI> workers = workerUrls();
        JsonNode stalled = Waits.untilValue("every partition of " + TOPIC + " STALLED with a growing lag", TIMEOUT,
            () -> ordersOn(workers.get(0)),
            t -> t != null && t.get("lagRecords").asLong() > RATE && allPartitions(t, "STALLED"));
        log.info("MonitoringIT: paused: lag {} records, {} s; reasons {}", stalled.get("lagRecords"), stalled.get("lagSeconds"),
            reasons(stalled));
        assertEquals("STALLED", stalled.get("status").asText());
        assertTrue(stalled.get("lagSeconds").asDouble() > 0, stalled.toString());
        JsonNode other = Waits.untilValue("the other worker reports the same STALLED partitions", TIMEOUT,
            () -> ordersOn(workers.get(1)), t -> t != null && allPartitions(t, "STALLED"));
        assertTrue(other.get("lagRecords").asLong() > RATE, other.toString());
        JsonNode mirror = connector(FerryHttp.json(workers.get(1), "/ferry/v1/replication"), CONNECTOR);
        assertEquals("STALLED", mirror.get("status").asText(), "the connector rolls up its worst partition");

        long produced = background.stop();
        log.info("MonitoringIT: background production stopped after {} records", produced);
        clusters.connect().resumeConnector(CONNECTOR);
        JsonNode caughtUp = Waits.untilValue("lag back to 0 on every partition after resume", TIMEOUT,
            () -> ordersOn(workers.get(1)), t -> t != null && t.get("lagRecords").asLong() == 0 && allPartitions(t, "OK"));
        assertEquals(0.0, caughtUp.get("lagSeconds").asDouble(), caughtUp.toString());
        assertTrue(CHECKER.awaitExact(clusters.target(), "east." + TOPIC, TOPIC, producer, TIMEOUT).isExact());
    }

    private static Set<String> contentTypeParts(HttpResponse<String> response) {
        Set<String> parts = new HashSet<>();
        for (String part : response.headers().firstValue("Content-Type").orElse("").split(";")) {
            parts.add(part.trim().toLowerCase());
        }
        return parts;
    }

    private static boolean allPartitions(JsonNode topic, String status) {
        return StreamSupport.stream(topic.get("partitions").spliterator(), false).allMatch(p -> status.equals(p.get("status").asText()));
    }

    private static List<String> reasons(JsonNode topic) {
        List<String> reasons = new ArrayList<>();
        topic.get("partitions").forEach(p -> reasons.add(p.get("partition").asInt() + ": " + p.get("reason").asText()));
        return reasons;
    }
}
