package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.HeadlessChromium;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * that a background producer feeds at a known steady rate, and the heartbeats topic that Ferry's heartbeat connector
 * writes on the source.
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
    private static final String HEARTBEATS = "mon-heartbeats";
    private static final String HEARTBEATS_TOPIC = "ferry-heartbeats";
    private static final long REPORT_INTERVAL_MS = 1000;
    private static final String GROUP = "app-mon";
    /** The group the mirror commits its copied positions to on the source, for lag tools that read group offsets. */
    private static final String MIRROR_GROUP = "ferry-mon-mirror";
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

        // Created as the heartbeat connector would, so the mirror copies it from the start: a topic found later would
        // reconfigure the running tasks.
        clusters.createSourceTopic(HEARTBEATS_TOPIC, 1, Map.of("cleanup.policy", "compact"));

        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "mon-.*," + HEARTBEATS_TOPIC, 2);
        config.put("progress.interval.ms", Long.toString(REPORT_INTERVAL_MS));
        config.put("source.group.commit.id", MIRROR_GROUP);
        // A credential that must never show: the source is PLAINTEXT, so the client ignores it.
        config.put("source.cluster.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"mon\" password=\"" + SECRET + "\";");
        clusters.connect().configureConnector(CONNECTOR, config);
        clusters.awaitConnectorRunning(CONNECTOR, 2, TIMEOUT);

        // Started once the mirror's two tasks are placed, one on each worker.
        Map<String, String> heartbeats = new HashMap<>();
        heartbeats.put("connector.class", "dev.ferry.mirror.HeartbeatConnector");
        heartbeats.put("tasks.max", "1");
        heartbeats.put("source.cluster.alias", "east");
        heartbeats.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        heartbeats.put("heartbeats.topic", HEARTBEATS_TOPIC);
        clusters.connect().configureConnector(HEARTBEATS, heartbeats);
        clusters.awaitConnectorRunning(HEARTBEATS, 1, TIMEOUT);
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
        String group = GROUP;
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
        // Lag under steady production wobbles by a few records between reports, which the rule may call WARN for a
        // moment (last report above the first of the window); a healthy mirror is OK again within a few reports.
        Waits.untilValue(TOPIC + " OK while copying at the produced rate", TIMEOUT, () -> ordersOn(worker),
            t -> t != null && "OK".equals(t.get("status").asText()));
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
            // The group's translation is exact: failing over re-reads nothing on any partition.
            List<Metric> rereads = groupSamples(families, "ferry_group_failover_rereads");
            assertEquals(PARTITIONS, rereads.size(), "one re-read sample per partition of " + GROUP);
            rereads.forEach(m -> assertEquals(0.0, ((Gauge) m).getValue(), m.getLabels().toString()));
            List<Metric> skips = groupSamples(families, "ferry_group_failover_skips");
            assertEquals(PARTITIONS, skips.size(), "one skip sample per partition of " + GROUP);
            for (Metric skip : skips) {
                assertEquals(Set.of("group", "source", "target", "topic", "partition"), skip.getLabels().keySet());
                assertTrue(((Gauge) skip).getValue() >= 0);
            }
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
        List<String> paths = List.of("/ferry/v1/replication", "/ferry/v1/groups", "/ferry/v1/heartbeats", "/ferry/v1/metrics", "/ferry/",
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
    void heartbeatsShowEndToEndLatencyOfTheClusterPairOnEveryWorker() {
        for (URI worker : workerUrls()) {
            JsonNode beat = Waits.untilValue("the heartbeats partition with a measured latency on " + worker, TIMEOUT,
                () -> heartbeat(worker), b -> b != null && b.get("latencyMs").get("p50").asLong() >= 0);
            log.info("MonitoringIT: heartbeats east -> west on {}: {}", worker, beat);
            assertEquals("east", beat.get("sourceAlias").asText());
            assertEquals("west", beat.get("targetAlias").asText());
            assertEquals(HEARTBEATS_TOPIC, beat.get("topic").asText());
            assertEquals("east." + HEARTBEATS_TOPIC, beat.get("remoteTopic").asText());
            assertEquals(0, beat.get("partition").asInt());
            assertEquals("OK", beat.get("status").asText(), beat.toString());
            // A heartbeat a second, reported every second: the newest copied one is a few seconds old at most.
            long age = beat.get("heartbeatAgeMs").asLong();
            assertTrue(age >= 0 && age < 15_000, "heartbeat age " + age + " ms: " + beat);
            long max = beat.get("latencyMs").get("max").asLong();
            assertTrue(max >= beat.get("latencyMs").get("p50").asLong() && max < 15_000, beat.toString());
            // The same partition in the replication document: the heartbeats view is a window on it, not new figures.
            JsonNode partition = topic(connector(FerryHttp.json(worker, "/ferry/v1/replication"), CONNECTOR), HEARTBEATS_TOPIC)
                .get("partitions").get(0);
            assertTrue(partition.get("nextOffset").asLong() > 0, partition.toString());
        }
    }

    private JsonNode heartbeat(URI worker) {
        for (JsonNode beat : FerryHttp.json(worker, "/ferry/v1/heartbeats").get("heartbeats")) {
            if (beat.get("connector").asText().equals(CONNECTOR)) {
                return beat;
            }
        }
        return null;
    }

    private JsonNode group(URI worker, String name) {
        for (JsonNode g : FerryHttp.json(worker, "/ferry/v1/groups").get("groups")) {
            if (g.get("group").asText().equals(name)) {
                return g;
            }
        }
        return null;
    }

    private static long sum(JsonNode parent, String field) {
        long sum = 0;
        for (JsonNode partition : parent.get("partitions")) {
            sum += partition.get(field).asLong();
        }
        return sum;
    }

    @Test
    @Order(7)
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
        // The group sits at offset 50, far behind the paused mirror: failing over now would miss every record not copied.
        JsonNode exposed = Waits.untilValue("group " + GROUP + " missing more than " + RATE + " records if it failed over now",
            TIMEOUT, () -> group(workers.get(0), GROUP), g -> g != null && sum(g, "failoverSkips") > RATE);
        log.info("MonitoringIT: paused: group {} would re-read {} and miss {} records if it failed over now", GROUP,
            sum(exposed, "failoverRereads"), sum(exposed, "failoverSkips"));
        for (JsonNode p : exposed.get("partitions")) {
            assertEquals(0, p.get("failoverRereads").asLong(), "an exact translation re-reads nothing: " + p);
            assertTrue(p.get("failoverSkips").asLong() > 0, p.toString());
        }

        long produced = background.stop();
        log.info("MonitoringIT: background production stopped after {} records", produced);
        clusters.connect().resumeConnector(CONNECTOR);
        JsonNode caughtUp = Waits.untilValue("lag back to 0 on every partition after resume", TIMEOUT,
            () -> ordersOn(workers.get(1)), t -> t != null && t.get("lagRecords").asLong() == 0 && allPartitions(t, "OK"));
        assertEquals(0.0, caughtUp.get("lagSeconds").asDouble(), caughtUp.toString());
        assertTrue(CHECKER.awaitExact(clusters.target(), "east." + TOPIC, TOPIC, producer, TIMEOUT).isExact());
        JsonNode safe = Waits.untilValue("group " + GROUP + " missing nothing if it failed over now", TIMEOUT,
            () -> group(workers.get(0), GROUP), g -> g != null && sum(g, "failoverSkips") == 0);
        assertEquals(0, sum(safe, "failoverRereads"), safe.toString());
    }

    @Test
    @Order(8)
    void dashboardInHeadlessChromiumShowsTheClustersRealFigures() throws Exception {
        URI worker = workerUrls().get(0);
        HttpResponse<String> bare = FerryHttp.get(worker, "/ferry");
        assertEquals(301, bare.statusCode(), "GET /ferry: " + bare.headers().map());
        assertEquals(worker.resolve("/ferry/"), worker.resolve(bare.headers().firstValue("Location").orElseThrow()));
        Map<String, String> types = Map.of("/ferry/", "text/html", "/ferry/assets/dashboard.js", "text/javascript",
            "/ferry/assets/dashboard.css", "text/css");
        for (Map.Entry<String, String> type : types.entrySet()) {
            HttpResponse<String> response = FerryHttp.get(worker, type.getKey());
            assertEquals(200, response.statusCode(), type.getKey());
            assertEquals(Set.of(type.getValue(), "charset=utf-8"), contentTypeParts(response), type.getKey());
        }

        // Production has stopped and the mirror caught up; once this worker has read the reports saying so, the
        // figures hold still while the page loads.
        Map<Integer, Long> sourceEnds = new HashMap<>();
        try (Admin admin = clusters.source().createAdminClient()) {
            for (int p = 0; p < PARTITIONS; p++) {
                sourceEnds.put(p, admin.listOffsets(Map.of(new TopicPartition(TOPIC, p), OffsetSpec.latest()))
                    .all().get(30, TimeUnit.SECONDS).values().iterator().next().offset());
            }
        }
        JsonNode orders = Waits.untilValue("worker " + worker + " reporting every partition copied to the source's end " + sourceEnds,
            TIMEOUT, () -> ordersOn(worker), t -> t != null && StreamSupport.stream(t.get("partitions").spliterator(), false)
                .allMatch(p -> p.get("sourceLogEndOffset").asLong() == sourceEnds.get(p.get("partition").asInt())
                    && p.get("nextOffset").asLong() == sourceEnds.get(p.get("partition").asInt())));
        assertEquals(0, orders.get("lagRecords").asLong(), orders.toString());
        HeadlessChromium chromium = new HeadlessChromium();
        Document page = Jsoup.parse(chromium.dumpDom(worker.resolve("/ferry/"), Duration.ofSeconds(5)));
        Element banner = page.selectFirst("#error");
        assertTrue(banner != null && banner.hasAttr("hidden"), "error banner: " + (banner == null ? page.html() : banner.text()));

        List<List<String>> rows = rows(page, "Partitions of east." + TOPIC);
        assertEquals(PARTITIONS, rows.size(), rows.toString());
        for (JsonNode partition : orders.get("partitions")) {
            int p = partition.get("partition").asInt();
            List<String> row = rows.get(p);
            assertEquals(Integer.toString(p), row.get(0), row.toString());
            assertEquals("0", row.get(4), "lag of partition " + p + ": " + row);
            assertEquals(partition.get("nextOffset").asText(), row.get(10), "next offset of partition " + p + ": " + row);
            assertEquals(partition.get("sourceLogEndOffset").asText(), row.get(11), "source log end of partition " + p + ": " + row);
        }
        Element lagChart = chart(page, "Lag (records) of east." + TOPIC);
        assertTrue(Integer.parseInt(lagChart.selectFirst("svg").attr("data-points")) > 0, lagChart.outerHtml());
        assertEquals("0", lagChart.selectFirst(".latest").text());
        assertNotNull(chart(page, "Throughput (records/s) of east." + TOPIC).selectFirst("path.series"), "throughput line drawn");

        List<List<String>> groupRows = rows(page, "Offsets of group " + GROUP + ": translated vs committed on the target");
        assertEquals(PARTITIONS, groupRows.size(), groupRows.toString());
        for (List<String> row : groupRows) {
            assertEquals(List.of(TOPIC, "east." + TOPIC), row.subList(0, 2), row.toString());
            assertEquals(List.of("50", "50", "EXACT"), row.subList(3, 6), row.toString());
            assertEquals(List.of("0", "0"), row.subList(10, 12), "re-read and missed if failed over now: " + row);
        }
        List<List<String>> beats = rows(page, "End-to-end latency per cluster pair");
        assertTrue(beats.stream().anyMatch(row -> row.subList(0, 3).equals(List.of("east → west", CONNECTOR,
            "east." + HEARTBEATS_TOPIC + "-0"))), beats.toString());

        Path png = Path.of("target", "dashboard-live.png");
        chromium.screenshot(worker.resolve("/ferry/"), Duration.ofSeconds(5), png, 1400, 2600);
        assertTrue(Files.size(png) > 10_000, "screenshot " + png + " of " + Files.size(png) + " bytes");
        log.info("MonitoringIT: dashboard shows {} partitions of {} at lag 0 and next offsets {}; screenshot {}", rows.size(), TOPIC,
            rows.stream().map(r -> r.get(10)).toList(), png.toAbsolutePath());
    }

    @Test
    @Order(9)
    void stoppedTasksWhileTheSourceAdvancesAreStalledWithinTheWindowThenResumeCatchesUp() {
        List<URI> workers = workerUrls();
        long logEndBefore = sum(ordersOn(workers.get(0)), "sourceLogEndOffset");
        background = producer.produceInBackground(List.of(TOPIC), PARTITIONS, RATE);
        // The health rule needs reports that saw the source advance before the tasks went away.
        Waits.until("reports of " + TOPIC + " showing the source advancing again", TIMEOUT,
            () -> sum(ordersOn(workers.get(0)), "sourceLogEndOffset") > logEndBefore + RATE);

        clusters.connect().stopConnector(CONNECTOR);
        Waits.until("'" + CONNECTOR + "' STOPPED with no task", TIMEOUT, () -> {
            ConnectorStateInfo status = clusters.connect().connectorStatus(CONNECTOR);
            return "STOPPED".equals(status.connector().state()) && status.tasks().isEmpty();
        });
        // The documented rule: a partition whose last report is older than 3 report intervals, while the source log end
        // advanced over the window, is STALLED. Allowed here: those 3 intervals, plus the window a report takes to reach
        // the extension's cache and a generous margin for the busy machine.
        Duration window = Duration.ofMillis(3 * REPORT_INTERVAL_MS).plusSeconds(20);
        long stoppedAtMs = System.currentTimeMillis();
        JsonNode stalled = Waits.untilValue("every partition of " + TOPIC + " STALLED within " + window.toSeconds() + " s of the stop",
            window, () -> ordersOn(workers.get(1)), t -> t != null && allPartitions(t, "STALLED"));
        log.info("MonitoringIT: stopped: STALLED after {} ms; reasons {}", System.currentTimeMillis() - stoppedAtMs, reasons(stalled));
        for (JsonNode p : stalled.get("partitions")) {
            assertTrue(p.get("reason").asText().startsWith("no report for"), p.toString());
            assertTrue(p.get("lastReportAgeMs").asLong() > 3 * REPORT_INTERVAL_MS, p.toString());
        }
        assertEquals("STALLED", connector(FerryHttp.json(workers.get(0), "/ferry/v1/replication"), CONNECTOR).get("status").asText());

        clusters.connect().resumeConnector(CONNECTOR);
        clusters.awaitConnectorRunning(CONNECTOR, 2, TIMEOUT);
        long produced = background.stop();
        log.info("MonitoringIT: production stopped after {} more records", produced);
        // Lag 0 against a source log end observed after the last record was produced, not an older one.
        JsonNode caughtUp = Waits.untilValue("lag back to 0 and OK on every partition after resume", TIMEOUT,
            () -> ordersOn(workers.get(0)), t -> t != null && t.get("lagRecords").asLong() == 0 && allPartitions(t, "OK")
                && sum(t, "sourceLogEndOffset") == sum(t, "nextOffset"));
        assertEquals(0.0, caughtUp.get("lagSeconds").asDouble(), caughtUp.toString());
        log.info("MonitoringIT: after resume: lag 0, next offsets {}", sum(caughtUp, "nextOffset"));

        // Lag tools reading group offsets on the source see the same position as the monitoring extension.
        Map<TopicPartition, Long> copied = new HashMap<>();
        caughtUp.get("partitions").forEach(p -> copied.put(new TopicPartition(TOPIC, p.get("partition").asInt()),
            p.get("nextOffset").asLong()));
        try (Admin admin = clusters.source().createAdminClient()) {
            Map<TopicPartition, Long> committed = Waits.untilValue("source group " + MIRROR_GROUP + " at the mirror's positions " + copied,
                TIMEOUT, () -> sourceGroupOffsets(admin, MIRROR_GROUP), c -> c.entrySet().containsAll(copied.entrySet()));
            log.info("MonitoringIT: source group {} committed {}", MIRROR_GROUP, committed);
        }
    }

    private static Map<TopicPartition, Long> sourceGroupOffsets(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
            .forEach((tp, offset) -> {
                if (offset != null) {
                    offsets.put(tp, offset.offset());
                }
            });
        return offsets;
    }

    private static List<List<String>> rows(Document page, String caption) {
        Element table = page.select("table").stream()
            .filter(t -> t.selectFirst("caption") != null && t.selectFirst("caption").text().equals(caption))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no table captioned '" + caption + "'; captions: " + page.select("caption").eachText()));
        return table.select("tbody > tr").stream().map(row -> row.children().stream().map(Element::text).toList()).toList();
    }

    private static Element chart(Document page, String title) {
        return page.select("figure.chart").stream()
            .filter(f -> f.selectFirst("figcaption").ownText().strip().equals(title))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no chart titled '" + title + "'; charts: "
                + page.select("figure.chart figcaption").eachText()));
    }

    private static List<Metric> groupSamples(Map<String, MetricFamily> families, String name) {
        MetricFamily family = families.get(name);
        assertNotNull(family, "no metric family " + name);
        return family.getMetrics().stream().filter(m -> GROUP.equals(m.getLabels().get("group"))).toList();
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
