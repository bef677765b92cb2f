package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.Acls;
import dev.ferry.testkit.ClusterSecurity;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationChecker;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ferry against secured clusters, all real and in the test JVM:
 * <ol>
 *   <li>source over TLS, target (Connect's own cluster) over mutual TLS;</li>
 *   <li>source over SASL_SSL with SCRAM-SHA-512, target over SASL_PLAINTEXT with PLAIN, a different user on
 *       each cluster, every principal holding exactly the least-privilege ACLs documented in
 *       {@code config-examples/acls/least-privilege.md} ({@link LeastPrivilegeAcls}).</li>
 * </ol>
 * In both, the mirror copies exactly, the checkpoint connector translates a group's offsets exactly (read back
 * through the monitoring extension on the worker, whose own cluster is the target) and every credential reaches
 * Ferry through {@code FileConfigProvider} placeholders; no password appears in REST answers, logs or topics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClustersIT {

    private static final Logger log = LoggerFactory.getLogger(SecuredClustersIT.class);

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration FAIL_WITHIN = Duration.ofSeconds(45);
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 100;
    private static final long COMMITTED = 40;
    private static final Path SECRETS_DIR = Path.of("target", "secured-it");
    private static final String MONITORING = "dev.ferry.monitoring.FerryRestExtension";

    // Distinctive passwords, so that finding one anywhere is unambiguous. TLS store passwords come from the kit.
    private static final String EAST_FERRY_PASSWORD = "east-ferry-pw-SECRET-3b9d71";
    private static final String WEST_FERRY_PASSWORD = "west-ferry-pw-SECRET-c25e08";
    private static final String WEST_CONNECT_PASSWORD = "west-connect-pw-SECRET-8f14aa";

    private FerryClusters sasl;
    private OracleProducer saslProducer;
    private ProviderSecrets saslSecrets;
    /** Every password of the SASL clusters and of the TLS run, collected as they are made. */
    private final List<String> secrets = new ArrayList<>(List.of(EAST_FERRY_PASSWORD, WEST_FERRY_PASSWORD, WEST_CONNECT_PASSWORD));

    /** Where this class's part of the module's test log starts: the file is appended to by every run and class. */
    private long logStart;

    @BeforeAll
    void markLogStart() throws IOException {
        logStart = Files.exists(testLog()) ? Files.size(testLog()) : 0;
    }

    private static Path testLog() {
        return Path.of(System.getProperty("ferry.test.log.dir", "target"), "test.log");
    }

    @AfterAll
    void stopClusters() {
        if (saslProducer != null) {
            saslProducer.close();
        }
        if (sasl != null) {
            sasl.close();
        }
    }

    @Test
    @Order(1)
    void tlsSourceAndMutualTlsTargetCopyTranslateAndMonitor() throws Exception {
        ProviderSecrets providerSecrets = ProviderSecrets.in(SECRETS_DIR, "tls-" + System.nanoTime() + ".properties");
        FerryClusters.Builder builder = FerryClusters.builder().workers(1)
            .sourceSecurity(ClusterSecurity.tls())
            .targetSecurity(ClusterSecurity.mutualTls())
            .workerProp("rest.extension.classes", MONITORING);
        providerSecrets.workerProps().forEach(builder::workerProp);
        try (FerryClusters clusters = builder.build().start();
             OracleProducer producer = OracleProducer.start(clusters.source(), "secured-tls")) {
            secrets.addAll(clusters.securityPasswords());
            Map<String, String> source = clusters.sourceClientSettings("source.cluster.", null);
            Map<String, String> target = clusters.targetClientSettings("target.cluster.", null);
            assertEquals("SSL", source.get("source.cluster.security.protocol"));
            assertTrue(target.containsKey("target.cluster.ssl.keystore.location"), "mutual TLS: a client certificate for the target");
            assertFalse(source.containsKey("source.cluster.ssl.keystore.location"), "plain TLS: no client certificate for the source");
            assertTargetRefusesClientsWithoutCertificate(clusters);

            Map<String, String> mirror = providerSecrets.externalize(with(mirrorConfig(clusters, "tls-.*", 2), source, target));
            Map<String, String> checkpoints = providerSecrets.externalize(with(checkpointConfig(clusters, "tls-app"), source, target));
            runMirrorCheckpointsAndMonitoring(clusters, producer, "tls-orders", "tls-app", "tls-mirror", mirror,
                "tls-checkpoints", checkpoints);
            assertNoSecretServed(clusters, List.of("tls-mirror", "tls-checkpoints"), providerSecrets);
        }
    }

    /** A target client with the CA but no certificate of its own is refused: mutual TLS is really on. */
    private static void assertTargetRefusesClientsWithoutCertificate(FerryClusters clusters) {
        Map<String, Object> noCertificate = new HashMap<>(clusters.targetClientSettings("", null));
        noCertificate.keySet().removeIf(key -> key.startsWith("ssl.keystore.") || key.equals("ssl.key.password"));
        noCertificate.put("bootstrap.servers", clusters.targetBootstrap());
        noCertificate.put("default.api.timeout.ms", 5000);
        noCertificate.put("request.timeout.ms", 5000);
        try (Admin admin = Admin.create(noCertificate)) {
            Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS));
            log.info("target refused a client without a certificate: {}", refused.toString());
        }
    }

    /**
     * Mirror, checkpoints and monitoring with a different principal per cluster and per role, each with exactly
     * its documented ACLs; the heartbeat connector writes to the source with Ferry's source principal.
     */
    @Test
    @Order(2)
    void saslScramSourceAndSaslPlainTargetWorkWithExactlyTheLeastPrivilegeAcls() throws Exception {
        FerryClusters clusters = saslClusters();
        Map<String, String> source = clusters.sourceClientSettings("source.cluster.", LeastPrivilegeAcls.EAST_FERRY);
        Map<String, String> target = clusters.targetClientSettings("target.cluster.", LeastPrivilegeAcls.WEST_FERRY);
        assertEquals("SASL_SSL", source.get("source.cluster.security.protocol"));
        assertEquals("SCRAM-SHA-512", source.get("source.cluster.sasl.mechanism"));
        assertEquals("SASL_PLAINTEXT", target.get("target.cluster.security.protocol"));
        assertEquals("PLAIN", target.get("target.cluster.sasl.mechanism"));

        Map<String, String> heartbeats = new LinkedHashMap<>();
        heartbeats.put("connector.class", "dev.ferry.mirror.HeartbeatConnector");
        heartbeats.put("tasks.max", "1");
        heartbeats.put("source.cluster.alias", "east");
        heartbeats.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        heartbeats.put("emit.heartbeats.interval.ms", "500");
        heartbeats.put("heartbeats.topic", LeastPrivilegeAcls.HEARTBEATS);
        heartbeats.putAll(source);
        clusters.connect().configureConnector("sec-heartbeats", saslSecrets.externalize(heartbeats));
        clusters.awaitConnectorRunning("sec-heartbeats", 1, TIMEOUT);

        Map<String, String> mirror = saslSecrets.externalize(
            with(mirrorConfig(clusters, "sec-.*|" + LeastPrivilegeAcls.HEARTBEATS, 2), source, target));
        Map<String, String> checkpoints = saslSecrets.externalize(with(checkpointConfig(clusters, "sec-app"), source, target));
        runMirrorCheckpointsAndMonitoring(clusters, saslProducer, "sec-orders", "sec-app", "sec-mirror", mirror,
            "sec-checkpoints", checkpoints);
        clusters.awaitTopicOnTarget("east." + LeastPrivilegeAcls.HEARTBEATS, 1, TIMEOUT);
        Waits.until("heartbeats copied to the target", TIMEOUT, () -> clusters.target()
            .endOffset(new TopicPartition("east." + LeastPrivilegeAcls.HEARTBEATS, 0)) > 0);
    }

    @Test
    @Order(3)
    void noSecretInRestAnswersLogsOrInternalTopics() throws Exception {
        FerryClusters clusters = saslClusters();
        assertNoSecretServed(clusters, List.of("sec-heartbeats", "sec-mirror", "sec-checkpoints"), saslSecrets);
        // Ferry's internal topics on both clusters, and Connect's config topic (which holds only placeholders)
        List<String> targetTopics = List.of("ferry-offset-syncs.east.internal", "ferry-checkpoints.east.internal",
            "ferry-progress.internal", "east." + LeastPrivilegeAcls.HEARTBEATS, clusters.joiningWorkerProps().get("config.storage.topic"));
        for (String topic : targetTopics) {
            assertNoSecretInTopic(clusters.target(), topic);
        }
        assertNoSecretInTopic(clusters.source(), LeastPrivilegeAcls.HEARTBEATS);
        byte[] log = Files.readAllBytes(testLog());
        String ours = new String(log, (int) logStart, log.length - (int) logStart, StandardCharsets.UTF_8);
        assertTrue(ours.contains("sec-mirror"), "the log of this class's run");
        assertNoSecretIn("target/test.log", ours);
    }

    /**
     * Without any one ACL of the set, the connector that needs it fails and its status names the operation and the
     * resource. A representative subset (each case costs a connector start and a failure on two cores): one ACL of
     * each client kind and cluster that Ferry itself uses; see least-privilege.md for what is and is not covered.
     */
    @Test
    @Order(4)
    void withoutAnyOneOfTheAclsTheFailureNamesIt() {
        FerryClusters clusters = saslClusters();
        clusters.connect().deleteConnector("sec-mirror");
        clusters.connect().deleteConnector("sec-checkpoints");
        List<Removal> removals = List.of(
            Removal.mirrorOfNewTopic("source READ on the mirrored topics", true, LeastPrivilegeAcls.sourceReadOfMirroredTopics(),
                "sec-rm-read", "READ", "sec-rm-read"),
            Removal.mirrorOfNewTopic("source DESCRIBE_CONFIGS on the mirrored topics", true,
                LeastPrivilegeAcls.sourceDescribeConfigsOfMirroredTopics(), "sec-rm-configs", "DESCRIBE_CONFIGS", "sec-rm-configs"),
            Removal.mirrorOfNewTopic("target CREATE on remote topics", false, LeastPrivilegeAcls.targetCreateOfRemoteTopics(),
                "sec-rm-create", "CREATE", "east.sec-rm-create"),
            Removal.mirrorOfNewTopic("target WRITE on the offset-syncs topic", false, LeastPrivilegeAcls.targetWriteOfOffsetSyncs(),
                "sec-rm-syncs", "WRITE", LeastPrivilegeAcls.OFFSET_SYNCS),
            new Removal("target READ on the offset-syncs topic (checkpoint connector)", false,
                LeastPrivilegeAcls.targetReadOfOffsetSyncs(), "rm-checkpoints", true, "READ", LeastPrivilegeAcls.OFFSET_SYNCS),
            // the listing leaves the group out without an error; the connector describes the group it names literally
            new Removal("source DESCRIBE on the checkpointed groups (checkpoint connector)", true,
                LeastPrivilegeAcls.sourceDescribeOfGroups(), "rm-group-checkpoints", true,
                "denied DESCRIBE (describing a consumer group named in groups", "on group sec-app"),
            new Removal("source WRITE on the heartbeats topic (heartbeat connector)", true,
                LeastPrivilegeAcls.sourceWriteOfHeartbeats(), "sec-heartbeats", false, "WRITE", LeastPrivilegeAcls.HEARTBEATS));
        for (Removal removal : removals) {
            long start = System.nanoTime();
            if (removal.onSource) {
                clusters.revokeSource(removal.acl);
            } else {
                clusters.revokeTarget(removal.acl);
            }
            if (removal.newConnector) {
                clusters.connect().configureConnector(removal.connector, saslSecrets.externalize(connectorFor(clusters, removal)));
            }
            ConnectorStateInfo failed = Waits.untilValue(removal.connector + " (" + removal.what + " removed) to fail", FAIL_WITHIN,
                () -> clusters.connect().connectorStatus(removal.connector), info -> failure(info) != null);
            String trace = failure(failed);
            log.info("without {}: {} failed after {} ms: {}", removal.what, removal.connector, millisSince(start), trace);
            assertTrue(trace.contains(removal.operation), removal.what + ": the failure names the operation: " + trace);
            assertTrue(trace.contains(removal.resource), removal.what + ": the failure names the resource: " + trace);
            assertNoSecretIn("status of " + removal.connector, get(clusters, "connectors/" + removal.connector + "/status"));
            if (removal.onSource) {
                clusters.grantSource(removal.acl);
            } else {
                clusters.grantTarget(removal.acl);
            }
            if (removal.newConnector) {
                clusters.connect().deleteConnector(removal.connector);
            } else {
                // granted again, the connector recovers with one restart (the status shows FAILED until the restart lands)
                clusters.connect().restartConnectorAndTasks(removal.connector, false, true, false);
                Waits.until(removal.connector + " RUNNING again after the restart", TIMEOUT, () -> {
                    ConnectorStateInfo info = clusters.connect().connectorStatus(removal.connector);
                    return "RUNNING".equals(info.connector().state()) && !info.tasks().isEmpty()
                        && info.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
                });
            }
        }
    }

    /** A mirror of the removal's new topic, or the checkpoint connector. */
    private Map<String, String> connectorFor(FerryClusters clusters, Removal removal) {
        Map<String, String> source = clusters.sourceClientSettings("source.cluster.", LeastPrivilegeAcls.EAST_FERRY);
        Map<String, String> target = clusters.targetClientSettings("target.cluster.", LeastPrivilegeAcls.WEST_FERRY);
        if (removal.topic == null) {
            return with(checkpointConfig(clusters, "sec-app"), source, target);
        }
        clusters.createSourceTopic(removal.topic, 1, Map.of());
        saslProducer.produce(removal.topic, 0, 10);
        return with(mirrorConfig(clusters, removal.topic, 1), source, target);
    }

    /** One ACL taken away; the named connector (new, or already running) must fail naming the operation and the resource. */
    private record Removal(String what, boolean onSource, List<AclBinding> acl, String connector, boolean newConnector,
                           String topic, String operation, String resource) {

        Removal(String what, boolean onSource, List<AclBinding> acl, String connector, boolean newConnector,
                String operation, String resource) {
            this(what, onSource, acl, connector, newConnector, null, operation, resource);
        }

        static Removal mirrorOfNewTopic(String what, boolean onSource, List<AclBinding> acl, String topic, String operation,
                                        String resource) {
            return new Removal(what, onSource, acl, "rm-" + topic, true, topic, operation, resource);
        }
    }

    /** The trace of the FAILED connector or of its first FAILED task; null while nothing failed. */
    private static String failure(ConnectorStateInfo info) {
        if ("FAILED".equals(info.connector().state())) {
            return info.connector().trace();
        }
        return info.tasks().stream().filter(task -> "FAILED".equals(task.state())).map(ConnectorStateInfo.AbstractState::trace)
            .findFirst().orElse(null);
    }

    /** The secured examples users copy keep every credential behind a ConfigProvider placeholder. */
    @Test
    @Order(5)
    void securedExamplesKeepEveryCredentialInAConfigProvider() throws IOException {
        Path examples = Path.of("..", "config-examples", "secured");
        ObjectMapper json = new ObjectMapper();
        int credentials = 0;
        try (var files = Files.list(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (var field : (Iterable<Map.Entry<String, JsonNode>>) json.readTree(file.toFile()).get("config")::fields) {
                    if (ProviderSecrets.isCredential(field.getKey())) {
                        assertTrue(field.getValue().asText().matches("\\$\\{file:[^}]+:[^}]+}"),
                            file.getFileName() + " " + field.getKey() + " must be a ${file:...} placeholder");
                        credentials++;
                    }
                }
            }
        }
        for (String line : Files.readAllLines(examples.resolve("connect-distributed-secured.properties"))) {
            String key = line.contains("=") ? line.substring(0, line.indexOf('=')).trim() : "";
            if (!line.startsWith("#") && ProviderSecrets.isCredential(key)) {
                assertTrue(line.substring(line.indexOf('=') + 1).startsWith("${file:"), "worker " + key + " must be a placeholder");
                credentials++;
            }
        }
        assertTrue(credentials >= 10, "found " + credentials + " credentials in the secured examples");
    }

    // ---------------------------------------------------------------- shared flow

    private void runMirrorCheckpointsAndMonitoring(FerryClusters clusters, OracleProducer producer, String topic, String group,
                                                   String mirrorName, Map<String, String> mirror,
                                                   String checkpointsName, Map<String, String> checkpoints) throws Exception {
        clusters.createSourceTopic(topic, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(topic, p, RECORDS);
        }
        long start = System.nanoTime();
        clusters.connect().configureConnector(mirrorName, mirror);
        ReplicationReport copied = ReplicationChecker.create().awaitExact(clusters.target(), "east." + topic, topic, producer, TIMEOUT);
        log.info("{}: {} copied exactly in {} ms: {}", mirrorName, copied.seen(), millisSince(start), copied);
        assertTrue(copied.isExact(), copied.toString());
        assertEquals(PARTITIONS * RECORDS, copied.seen(), copied.toString());
        clusters.awaitConnectorRunning(mirrorName, 2, TIMEOUT);

        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            commit.put(new TopicPartition(topic, p), new OffsetAndMetadata(COMMITTED));
        }
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.alterConsumerGroupOffsets(group, commit).all().get(30, TimeUnit.SECONDS);
        }
        start = System.nanoTime();
        clusters.connect().configureConnector(checkpointsName, checkpoints);
        URI worker = clusters.connect().workers().stream().map(WorkerHandle::url).findFirst().orElseThrow();
        JsonNode ready = Waits.untilValue("group " + group + " READY on the monitoring extension", TIMEOUT,
            () -> groupOn(worker, group),
            g -> g != null && "READY".equals(g.get("status").asText()) && g.get("partitions").size() == PARTITIONS);
        log.info("{}: group {} READY {} ms after the checkpoint connector was created: {}", checkpointsName, group, millisSince(start), ready);
        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(clusters.target(), "east." + topic,
            IsolationLevel.READ_UNCOMMITTED, Duration.ofSeconds(30));
        for (JsonNode p : ready.get("partitions")) {
            assertEquals(COMMITTED, p.get("upstreamOffset").asLong(), p.toString());
            assertEquals("EXACT", p.get("translation").asText(), p.toString());
            int partition = p.get("partition").asInt();
            long translated = p.get("translatedOffset").asLong();
            // exact: the record at the translated offset is the copy of the committed upstream record
            ConsumerRecord<byte[], byte[]> atTranslated = copies.stream()
                .filter(c -> c.partition() == partition && c.offset() == translated).findFirst()
                .orElseThrow(() -> new AssertionError("no copy at " + translated + " in partition " + partition));
            assertEquals(COMMITTED, OracleId.parse(atTranslated.headers().lastHeader(OracleRecords.ID_HEADER).value())
                .orElseThrow().seq(), "copy at the translated offset of " + p);
        }
        JsonNode replication = FerryHttp.json(worker, "/ferry/v1/replication");
        assertTrue(replication.toString().contains("\"" + mirrorName + "\""), "the monitoring extension reports " + mirrorName
            + ": " + replication);
    }

    private static JsonNode groupOn(URI worker, String group) {
        for (JsonNode g : FerryHttp.json(worker, "/ferry/v1/groups").get("groups")) {
            if (g.get("group").asText().equals(group)) {
                return g;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the SASL clusters

    private synchronized FerryClusters saslClusters() {
        if (sasl != null) {
            return sasl;
        }
        saslSecrets = ProviderSecrets.in(SECRETS_DIR, "sasl-" + System.nanoTime() + ".properties");
        FerryClusters.Builder builder = FerryClusters.builder().workers(1)
            .sourceSecurity(ClusterSecurity.saslSsl(ClusterSecurity.Mechanism.SCRAM_SHA_512,
                Map.of(LeastPrivilegeAcls.EAST_FERRY, EAST_FERRY_PASSWORD)))
            .targetSecurity(ClusterSecurity.sasl(ClusterSecurity.Mechanism.PLAIN,
                Map.of(LeastPrivilegeAcls.WEST_FERRY, WEST_FERRY_PASSWORD, LeastPrivilegeAcls.WEST_CONNECT, WEST_CONNECT_PASSWORD)))
            .targetWorkerUser(LeastPrivilegeAcls.WEST_CONNECT)
            .beforeWorkers(clusters -> clusters.grantTarget(LeastPrivilegeAcls.connectWorker(clusters.joiningWorkerProps())))
            .workerProp("rest.extension.classes", MONITORING);
        saslSecrets.workerProps().forEach(builder::workerProp);
        sasl = builder.build().start();
        secrets.addAll(sasl.securityPasswords());
        sasl.grantSource(LeastPrivilegeAcls.source());
        sasl.grantTarget(LeastPrivilegeAcls.target());
        saslProducer = OracleProducer.start(sasl.source(), "secured-sasl");
        return sasl;
    }

    // ---------------------------------------------------------------- connector configs

    private static Map<String, String> mirrorConfig(FerryClusters clusters, String topics, int tasks) {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, topics, tasks);
        config.put("offset-syncs.progress.interval.ms", "200");
        config.put("progress.interval.ms", "1000");
        return config;
    }

    private static Map<String, String> checkpointConfig(FerryClusters clusters, String groups) {
        return MirrorConnectors.checkpointsEastToWest(clusters, groups);
    }

    @SafeVarargs
    private static Map<String, String> with(Map<String, String> config, Map<String, String>... more) {
        Map<String, String> all = new LinkedHashMap<>(config);
        for (Map<String, String> settings : more) {
            all.putAll(settings);
        }
        return all;
    }

    // ---------------------------------------------------------------- secrets checks

    /**
     * The connector config and task configs over REST serve the placeholders, never the secrets; the validate
     * answer, the status and every Ferry endpoint hold no secret either.
     */
    private void assertNoSecretServed(FerryClusters clusters, List<String> connectors, ProviderSecrets providerSecrets) throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String connector : connectors) {
            String config = get(clusters, "connectors/" + connector + "/config");
            assertNoSecretIn("GET /connectors/" + connector + "/config", config);
            JsonNode configJson = json.readTree(config);
            int placeholders = 0;
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) configJson::fields) {
                if (ProviderSecrets.isCredential(field.getKey())) {
                    assertTrue(field.getValue().asText().startsWith("${" + ProviderSecrets.PROVIDER + ":"),
                        "the placeholder, not the secret, is served for " + field.getKey() + ": " + field.getValue());
                    placeholders++;
                }
            }
            assertTrue(placeholders > 0, connector + " holds credentials to check: " + config);
            assertNoSecretIn("GET /connectors/" + connector + "/tasks", get(clusters, "connectors/" + connector + "/tasks"));
            assertNoSecretIn("GET /connectors/" + connector + "/status", get(clusters, "connectors/" + connector + "/status"));
            assertNoSecretIn("GET /connectors/" + connector, get(clusters, "connectors/" + connector));

            String plugin = configJson.get("connector.class").asText();
            plugin = plugin.substring(plugin.lastIndexOf('.') + 1);
            Response validate = clusters.connect().requestPut(
                clusters.connect().endpointForResource("connector-plugins/" + plugin + "/config/validate"), config);
            String validateBody = String.valueOf(validate.getEntity());
            assertEquals(200, validate.getStatus(), validateBody);
            assertEquals(0, json.readTree(validateBody).path("error_count").asInt(), validateBody);
            assertNoSecretIn("validate of " + connector, validateBody);
        }
        URI worker = clusters.connect().workers().stream().map(WorkerHandle::url).findFirst().orElseThrow();
        for (String path : List.of("/ferry/v1/replication", "/ferry/v1/groups", "/ferry/v1/metrics", "/ferry/")) {
            var response = FerryHttp.get(worker, path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            assertNoSecretIn("GET " + path, response.body());
        }
    }

    private static String get(FerryClusters clusters, String resource) {
        Response response = clusters.connect().requestGet(clusters.connect().endpointForResource(resource));
        String body = String.valueOf(response.getEntity());
        assertEquals(200, response.getStatus(), resource + ": " + body);
        return body;
    }

    private void assertNoSecretInTopic(EmbeddedKafkaCluster cluster, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicSnapshot.read(cluster, topic, IsolationLevel.READ_UNCOMMITTED,
            Duration.ofSeconds(30));
        assertFalse(records.isEmpty(), topic + " has records to check");
        StringBuilder all = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            all.append(text(record.key())).append('\n').append(text(record.value())).append('\n');
            record.headers().forEach(h -> all.append(h.key()).append(text(h.value())).append('\n'));
        }
        log.info("checked {} records of {} for secrets", records.size(), topic);
        assertNoSecretIn("topic " + topic, all.toString());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private void assertNoSecretIn(String where, String text) {
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "a secret (" + secret.substring(0, 4) + "...) appears in " + where);
        }
    }

    private static long millisSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
