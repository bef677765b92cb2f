package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.LogCaptureAppender;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.hawkular.agent.prometheus.text.TextPrometheusMetricDataParser;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Continuous verification on real clusters: the checkpoint connector samples mirrored records, finds their copies
 * through the offset syncs and compares them. A healthy mirror shows samples and no mismatch in the REST extension,
 * the Prometheus output and JMX, and the audit windows count every record consumed and acknowledged; then the test writes a well-formed but wrong offset sync into the syncs topic (a run
 * claiming that upstream 400.. went to 300.., where the copies of 300.. are), and verification reports mismatches
 * naming both offsets, the topic turns ERR, and the log names the offsets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerificationIT extends MirrorClustersIT {

    private static final String TOPIC = "ver-orders";
    private static final String MIRROR = "ver-mirror";
    private static final String CHECKPOINTS = "ver-checkpoints";
    private static final String SYNCS_TOPIC = "ferry-offset-syncs.east.internal";
    private static final int FIRST_BATCH = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        return builder.workerProp("rest.extension.classes", "dev.ferry.monitoring.FerryRestExtension");
    }

    private LogCaptureAppender logs;

    @BeforeAll
    void startConnectors() {
        logs = LogCaptureAppender.createAndRegister();
        clusters.createSourceTopic(TOPIC, 2, Map.of());
        producer.produce(TOPIC, 0, FIRST_BATCH);
        producer.produce(TOPIC, 1, FIRST_BATCH);
        Map<String, String> mirror = MirrorConnectors.eastToWest(clusters, "ver-.*", 1);
        mirror.put("progress.interval.ms", "1000");
        clusters.connect().configureConnector(MIRROR, mirror);
        clusters.awaitConnectorRunning(MIRROR, 1, TIMEOUT);

        Map<String, String> checkpoints = new HashMap<>();
        checkpoints.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        checkpoints.put("tasks.max", "1");
        checkpoints.put("source.cluster.alias", "east");
        checkpoints.put("target.cluster.alias", "west");
        checkpoints.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        checkpoints.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        checkpoints.put("refresh.groups.interval.ms", "1000");
        checkpoints.put("emit.checkpoints.interval.ms", "1000");
        checkpoints.put("verification.samples.per.minute", "600");
        checkpoints.put("key.converter", MirrorConnectors.BYTES);
        checkpoints.put("value.converter", MirrorConnectors.BYTES);
        clusters.connect().configureConnector(CHECKPOINTS, checkpoints);
        // No consumer group to checkpoint: the connector still runs one task, for verification.
        clusters.awaitConnectorRunning(CHECKPOINTS, 1, TIMEOUT);
    }

    @AfterAll
    void stopCapturingLogs() {
        if (logs != null) {
            logs.close();
        }
    }

    private URI worker() {
        return clusters.connect().workers().stream().map(WorkerHandle::url).findFirst().orElseThrow();
    }

    private JsonNode orders() {
        for (JsonNode connector : FerryHttp.json(worker(), "/ferry/v1/replication").get("connectors")) {
            if (connector.get("name").asText().equals(MIRROR)) {
                for (JsonNode topic : connector.get("topics")) {
                    if (topic.get("topic").asText().equals(TOPIC)) {
                        return topic;
                    }
                }
            }
        }
        return null;
    }

    private Map<String, Double> prometheusGauges(String family) throws Exception {
        Map<String, Double> byTopic = new HashMap<>();
        for (Metric metric : prometheus(family)) {
            byTopic.put(metric.getLabels().get("topic"), ((Gauge) metric).getValue());
        }
        return byTopic;
    }

    private Map<String, Double> prometheusCounters(String family) throws Exception {
        Map<String, Double> byTopic = new HashMap<>();
        for (Metric metric : prometheus(family)) {
            byTopic.put(metric.getLabels().get("topic"), ((Counter) metric).getValue());
        }
        return byTopic;
    }

    private List<Metric> prometheus(String family) throws Exception {
        String body = FerryHttp.get(worker(), "/ferry/v1/metrics").body();
        TextPrometheusMetricDataParser parser = new TextPrometheusMetricDataParser(
            new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        for (MetricFamily f = parser.parse(); f != null; f = parser.parse()) {
            if (f.getName().equals(family)) {
                return f.getMetrics();
            }
        }
        return List.of();
    }

    private static double jmx(String metric) {
        return Jmx.metric("kafka.connect:type=plugins,connector=" + CHECKPOINTS + ",topic=" + TOPIC + ",*", metric).orElse(-1);
    }

    @Test
    @Order(1)
    void aHealthyMirrorVerifiesSamplesWithoutMismatch() throws Exception {
        JsonNode verified = Waits.untilValue("at least 30 verified samples of " + TOPIC, TIMEOUT, this::orders,
            t -> t != null && t.hasNonNull("verification") && t.get("verification").get("samplesChecked").asLong() >= 30);
        JsonNode verification = verified.get("verification");
        assertEquals(0, verification.get("mismatches").asLong(), verification.toString());
        assertTrue(verification.get("lastMismatch").isNull(), verification.toString());
        assertEquals(CHECKPOINTS, verification.get("connector").asText());
        assertEquals("OK", verified.get("status").asText(), verified.toString());

        Map<String, Double> samples = prometheusCounters("ferry_verification_samples_total");
        assertTrue(samples.getOrDefault(TOPIC, 0.0) >= 30, "Prometheus samples " + samples);
        assertEquals(0.0, prometheusCounters("ferry_verification_mismatches_total").get(TOPIC));
        Waits.until("JMX verification-samples-total of " + TOPIC + " above 30", TIMEOUT,
            () -> jmx("verification-samples-total") >= 30);
        assertEquals(0.0, jmx("verification-mismatches-total"));
    }

    @Test
    @Order(2)
    void theAuditCountsEveryRecordConsumedAndAcknowledgedInItsWindow() throws Exception {
        JsonNode audited = Waits.untilValue("audit windows of " + TOPIC + " counting all " + 2 * FIRST_BATCH + " records", TIMEOUT,
            this::orders, t -> t != null && sum(t.get("audit"), "acknowledged") == 2 * FIRST_BATCH);
        JsonNode audit = audited.get("audit");
        assertEquals(2 * FIRST_BATCH, sum(audit, "consumed"), audit.toString());
        assertEquals(0, sum(audit, "unacknowledged"), audit.toString());
        for (JsonNode window : audit) {
            assertEquals(60_000, window.get("windowMs").asLong());
            assertEquals(0, window.get("startMs").asLong() % 60_000, window.toString());
        }
        Map<String, Double> unacknowledged = prometheusGauges("ferry_audit_unacknowledged_records");
        assertEquals(0.0, unacknowledged.get(TOPIC), unacknowledged.toString());
    }

    private static long sum(JsonNode windows, String field) {
        long sum = 0;
        for (JsonNode window : windows) {
            sum += window.get(field).asLong();
        }
        return sum;
    }

    @Test
    @Order(3)
    void aWellFormedButWrongOffsetSyncIsCaught() throws Exception {
        TopicPartition source = new TopicPartition(TOPIC, 0);
        // The first batch is copied 0..299 -> 0..299. The fake sync claims upstream 300..399 were a gap and 400..599 went
        // to 300..499: it starts right after the true run downstream, so the offset-sync store takes it as the latest run.
        // The copies of 300..599 then land at 300..599, so the fake puts each of 400..599 on the copy of the record 100 before.
        OffsetSync fake = OffsetSync.progress(source, new RunSpan(400, 300, 599, 499), null, System.currentTimeMillis());
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> syncs = new KafkaProducer<>(props)) {
            syncs.send(new ProducerRecord<>(SYNCS_TOPIC, fake.serializeKey(), fake.serializeValue())).get(30, TimeUnit.SECONDS);
        }
        producer.produce(TOPIC, 0, 300);

        // While the second batch is being copied, a sample may find no record yet where the fake sync puts its copy
        // ("missing", a mismatch too); once copied, the copies there are other records: wait for such a mismatch.
        JsonNode caught = Waits.untilValue("a verification mismatch on " + TOPIC + " with a differing copy", TIMEOUT, this::orders,
            t -> t != null && t.hasNonNull("verification") && t.get("verification").get("mismatches").asLong() > 0
                && t.get("verification").get("lastMismatch").get("fields").asText().contains("key"));
        JsonNode verification = caught.get("verification");
        JsonNode last = verification.get("lastMismatch");
        long sourceOffset = last.get("sourceOffset").asLong();
        long targetOffset = last.get("targetOffset").asLong();
        assertEquals(0, last.get("partition").asInt(), last.toString());
        assertTrue(sourceOffset >= 400 && sourceOffset <= 599, last.toString());
        assertEquals(sourceOffset - 100, targetOffset, last.toString());
        assertEquals("east." + TOPIC, last.get("targetTopic").asText());
        // Oracle keys and timestamps differ for every two records 100 apart (values and headers too, but for tombstones).
        String fields = last.get("fields").asText();
        assertTrue(fields.contains("key") && fields.contains("timestamp"), last.toString());
        assertEquals("ERR", caught.get("status").asText(), caught.toString());
        assertTrue(verification.get("samplesChecked").asLong() > verification.get("mismatches").asLong(),
            "records outside the wrong run still match: " + verification);

        assertTrue(prometheusCounters("ferry_verification_mismatches_total").getOrDefault(TOPIC, 0.0) > 0);
        Waits.until("JMX verification-mismatches-total of " + TOPIC + " above 0", TIMEOUT,
            () -> jmx("verification-mismatches-total") > 0);
        String line = "Verification mismatch: source cluster 'east' topic " + TOPIC + " partition 0 offset " + sourceOffset
            + " against its copy on target cluster 'west' topic east." + TOPIC + " partition 0 offset " + targetOffset;
        Waits.until("the log line naming the offsets of the last mismatch", TIMEOUT,
            () -> logs.getMessages("ERROR").stream().anyMatch(message -> message.startsWith(line)));
    }
}
