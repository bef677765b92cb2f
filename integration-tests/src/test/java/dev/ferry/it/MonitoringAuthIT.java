package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ferry's monitoring endpoints behind Connect's own basic-auth REST extension
 * ({@code BasicAuthSecurityRestExtension} with its JAAS {@code PropertyFileLoginModule}), enabled on a worker
 * beside Ferry's extension as an operator would: every endpoint answers 401 without credentials or with a wrong
 * password, and 200 with the right ones.
 *
 * <p>The guarded worker joins the Connect cluster after it started: the embedded cluster's start-up waits on every
 * worker's {@code /health} without credentials, which the filter refuses. The kit's own worker stays unguarded and
 * manages the connector.
 */
class MonitoringAuthIT extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(MonitoringAuthIT.class);

    private static final String TOPIC = "auth-orders";
    private static final String CONNECTOR = "auth-mirror";
    private static final int PARTITIONS = 2;
    private static final int RECORDS_PER_PARTITION = 100;
    private static final Optional<String> OPERATOR = Optional.of("operator:op-s3cret-71");
    private static final Optional<String> WRONG_PASSWORD = Optional.of("operator:not-the-password");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private JaasLoginConfig jaas;
    private WorkerHandle guarded;

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        // JVM-global, and before the first worker starts: its plugin scan already loads the basic-auth extension class,
        // which reads the JAAS configuration once, when it is loaded.
        jaas = JaasLoginConfig.install(Path.of("target", "monitoring-auth-it"), Map.of("operator", "op-s3cret-71"));
        return builder.workerProp("rest.extension.classes", "dev.ferry.monitoring.FerryRestExtension");
    }

    @AfterAll
    void stopGuardedWorker() {
        if (guarded != null) {
            guarded.stop();
        }
        if (jaas != null) {
            jaas.close();
        }
    }

    private URI worker() {
        return guarded.url();
    }

    @BeforeAll
    void startMirror() {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, RECORDS_PER_PARTITION);
        }
        Map<String, String> config = new LinkedHashMap<>(MirrorConnectors.eastToWest(clusters, TOPIC, 1));
        config.put("progress.interval.ms", "1000");
        clusters.connect().configureConnector(CONNECTOR, config);
        clusters.awaitConnectorRunning(CONNECTOR, 1, TIMEOUT);

        Map<String, String> props = new HashMap<>(clusters.joiningWorkerProps());
        props.put("listeners", "http://localhost:0");
        props.put("rest.extension.classes",
            "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension,dev.ferry.monitoring.FerryRestExtension");
        guarded = WorkerHandle.start("guarded-worker", props);
        Waits.until("the guarded worker to show '" + CONNECTOR + "' having copied every record", TIMEOUT, () -> {
            // Until its REST server and Ferry's catalog are up, the new worker may refuse or answer an error: not yet.
            HttpResponse<String> response = FerryHttp.get(worker(), "/ferry/v1/replication", OPERATOR);
            JsonNode topic = response.statusCode() == 200 ? orders(JSON.readTree(response.body())) : null;
            return topic != null && topic.get("partitions").size() == PARTITIONS && topic.get("lagRecords").asLong() == 0
                && sum(topic, "nextOffset") == (long) PARTITIONS * RECORDS_PER_PARTITION;
        });
    }

    @Test
    void everyEndpointAnswers401WithoutCredentialsAnd200WithThem() {
        URI worker = worker();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("/ferry/v1/replication", "\"" + TOPIC + "\"");
        expected.put("/ferry/v1/groups", "\"groups\"");
        expected.put("/ferry/v1/heartbeats", "\"heartbeats\"");
        expected.put("/ferry/v1/metrics", "ferry_replication_lag_records{connector=\"" + CONNECTOR + "\"");
        expected.put("/ferry/", "<title>Ferry replication</title>");
        expected.put("/ferry/assets/dashboard.js", "v1/replication");
        // Connect's own API, guarded by the same filter.
        expected.put("/connectors", "\"" + CONNECTOR + "\"");
        for (Map.Entry<String, String> endpoint : expected.entrySet()) {
            String path = endpoint.getKey();
            for (Optional<String> refused : List.of(Optional.<String>empty(), WRONG_PASSWORD)) {
                HttpResponse<String> response = FerryHttp.get(worker, path, refused);
                assertEquals(401, response.statusCode(), path + (refused.isPresent() ? " with a wrong password" : " without credentials")
                    + ": " + response.body());
                assertTrue(!response.body().contains(TOPIC), path + " shows figures to an anonymous caller: " + response.body());
            }
            HttpResponse<String> allowed = FerryHttp.get(worker, path, OPERATOR);
            assertEquals(200, allowed.statusCode(), path + " with credentials: " + allowed.body());
            assertTrue(allowed.body().contains(endpoint.getValue()), path + " lacks " + endpoint.getValue() + ": " + allowed.body());
            log.info("MonitoringAuthIT: {} answers 401 without credentials, 200 ({} chars) with them", path, allowed.body().length());
        }
        JsonNode topic = orders(FerryHttp.json(worker, "/ferry/v1/replication", OPERATOR));
        assertEquals("east." + TOPIC, topic.get("remoteTopic").asText());
        assertEquals((long) PARTITIONS * RECORDS_PER_PARTITION, sum(topic, "sourceLogEndOffset"));
    }

    private static JsonNode orders(JsonNode replication) {
        for (JsonNode connector : replication.get("connectors")) {
            if (connector.get("name").asText().equals(CONNECTOR)) {
                for (JsonNode topic : connector.get("topics")) {
                    if (topic.get("topic").asText().equals(TOPIC)) {
                        return topic;
                    }
                }
            }
        }
        return null;
    }

    private static long sum(JsonNode topic, String field) {
        long sum = 0;
        for (JsonNode partition : topic.get("partitions")) {
            sum += partition.get(field).asLong();
        }
        return sum;
    }
}
