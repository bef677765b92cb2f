package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.ReplicationReport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitoring extension refuses a mirror connector whose target.cluster.bootstrap.servers is not the Kafka cluster
 * the Connect worker writes its records to (issue 7, bad input): here the source cluster, while the worker is backed by
 * the target. Validation shows the error on that key; creation, update and patch answer 400 in Connect's error shape and
 * store nothing; the correct configuration validates clean and copies.
 */
class TargetClusterGuardIT extends MirrorClustersIT {

    private static final String TOPIC = "guard-orders";
    private static final String TARGET_KEY = "target.cluster.bootstrap.servers";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProviderSecrets secrets = ProviderSecrets.in(Path.of("target", "guard-secrets"), "guard-" + System.nanoTime() + ".properties");
    private String sourceId;
    private String targetId;

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        builder.workerProp("rest.extension.classes", "dev.ferry.monitoring.FerryRestExtension");
        secrets.workerProps().forEach(builder::workerProp);
        return builder;
    }

    @BeforeAll
    void clusterIds() throws Exception {
        sourceId = clusterId(clusters.sourceBootstrap());
        targetId = clusterId(clusters.targetBootstrap());
        assertFalse(sourceId.equals(targetId), "the kit's two clusters have distinct ids");
        clusters.createSourceTopic(TOPIC, 2, Map.of());
    }

    private static String clusterId(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    private Map<String, String> wrongTarget(String name) {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        config.put("name", name);
        config.put(TARGET_KEY, clusters.sourceBootstrap());
        return config;
    }

    private static List<String> errorsOf(ConfigInfos infos, String key) {
        return infos.configs().stream().map(ConfigInfo::configValue)
            .filter(value -> value != null && key.equals(value.name()))
            .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in " + infos)).errors();
    }

    private HttpResponse<String> send(String method, String path, Object body) throws Exception {
        URI worker = clusters.connect().workers().iterator().next().url();
        HttpRequest request = HttpRequest.newBuilder(worker.resolve(path)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
            .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void assertMismatchMessage(String message) {
        assertTrue(message.contains("'" + sourceId + "'") && message.contains("'" + targetId + "'"), message);
        assertTrue(message.contains("[" + clusters.sourceBootstrap() + "]") && message.contains("[" + clusters.targetBootstrap() + "]"), message);
        assertTrue(message.contains("Point " + TARGET_KEY), message);
    }

    @Test
    void aTargetThatIsNotTheWorkersClusterIsAValidationErrorAndIsNeverCreated() throws Exception {
        String name = "guard-wrong";
        ConfigInfos infos = clusters.connect().validateConnectorConfig("MirrorSourceConnector", wrongTarget(name));
        List<String> errors = errorsOf(infos, TARGET_KEY);
        assertEquals(1, errors.size(), errors.toString());
        assertMismatchMessage(errors.get(0));
        assertTrue(infos.errorCount() >= 1, infos.toString());

        HttpResponse<String> created = send("POST", "/connectors", Map.of("name", name, "config", wrongTarget(name)));
        assertEquals(400, created.statusCode(), created.body());
        JsonNode error = JSON.readTree(created.body());
        assertEquals(400, error.get("error_code").asInt(), created.body());
        assertMismatchMessage(error.get("message").asText());

        HttpResponse<String> updated = send("PUT", "/connectors/" + name + "/config", wrongTarget(name));
        assertEquals(400, updated.statusCode(), updated.body());
        assertMismatchMessage(JSON.readTree(updated.body()).get("message").asText());

        // The same shape as Connect's own refusal of an invalid configuration.
        Map<String, String> invalid = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        invalid.put("target.cluster.alias", "east");
        HttpResponse<String> connectsOwn = send("POST", "/connectors", Map.of("name", "guard-invalid", "config", invalid));
        assertEquals(400, connectsOwn.statusCode(), connectsOwn.body());
        assertEquals(fieldNames(JSON.readTree(connectsOwn.body())), fieldNames(error));

        assertFalse(clusters.connect().connectors().contains(name), "the refused connector exists");
    }

    @Test
    void placeholdersOfTheWorkersProvidersAreResolvedOthersSkipTheCheck() {
        // The kit's clusters are PLAINTEXT, so the client ignores the login line: it only has to be resolved.
        Map<String, String> config = wrongTarget("guard-placeholder");
        config.putAll(secrets.externalize(Map.of("target.cluster.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"w\" password=\"guard-pw\";")));
        assertTrue(config.get("target.cluster.sasl.jaas.config").startsWith("${file:"), config.toString());
        ConfigInfos resolved = clusters.connect().validateConnectorConfig("MirrorSourceConnector", config);
        List<String> errors = errorsOf(resolved, TARGET_KEY);
        assertEquals(1, errors.size(), resolved.toString());
        assertMismatchMessage(errors.get(0));
        assertFalse(resolved.toString().contains("guard-pw"), "a credential came back in the validate answer");

        config.put("target.cluster.sasl.jaas.config", "${vault:secret/ferry:target.jaas}");
        ConfigInfos unresolved = clusters.connect().validateConnectorConfig("MirrorSourceConnector", config);
        assertTrue(errorsOf(unresolved, TARGET_KEY).isEmpty(), "the check is skipped, not failed: " + unresolved);
    }

    @Test
    void theWorkersOwnClusterValidatesCleanAndCopies() throws Exception {
        String name = "guard-right";
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        config.put("name", name);
        ConfigInfos infos = clusters.connect().validateConnectorConfig("MirrorSourceConnector", config);
        assertEquals(0, infos.errorCount(), infos.toString());

        producer.produce(TOPIC, 0, 50);
        producer.produce(TOPIC, 1, 50);
        clusters.connect().configureConnector(name, new HashMap<>(config));
        clusters.awaitConnectorRunning(name, 1, TIMEOUT);
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east." + TOPIC, TOPIC, producer, TIMEOUT);
        assertTrue(report.isExact(), report::toString);
        assertEquals(100, report.seen(), report::toString);

        // A patch that would move the running connector's target to the source is refused too, and changes nothing.
        HttpResponse<String> patched = send("PATCH", "/connectors/" + name + "/config", Map.of(TARGET_KEY, clusters.sourceBootstrap()));
        assertEquals(400, patched.statusCode(), patched.body());
        assertMismatchMessage(JSON.readTree(patched.body()).get("message").asText());
        assertEquals(clusters.targetBootstrap(), clusters.connect().connectorInfo(name).config().get(TARGET_KEY));
    }

    private static TreeSet<String> fieldNames(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
