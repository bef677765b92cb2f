package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.Acls;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.ReplicationChecker;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE;
import static org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Authorization failures on either cluster fail the connector or its task with a message naming the
 * cluster, the operation and the resource: never a RUNNING task that silently makes no progress.
 *
 * <p>The kit's source cluster ("east") requires SASL/PLAIN and authorizes with StandardAuthorizer;
 * Connect's own cluster ("west") is PLAINTEXT. User {@value #FERRY} is the connector's login on east,
 * with only the ACLs each test grants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MirrorAuthorizationIT {

    private static final Logger log = LoggerFactory.getLogger(MirrorAuthorizationIT.class);

    private static final String FERRY = "ferry";
    // Distinctive, so finding it anywhere in a REST answer is unambiguous.
    private static final String FERRY_PASSWORD = "ferry-pw-b7f3e1a9";
    private static final String WRITER = "writer";
    private static final String WRITER_PASSWORD = "writer-pw-4c0d92e5";
    private static final String NO_WRITE = "nowrite";
    private static final String NO_WRITE_PASSWORD = "nowrite-pw-e61a0f37";
    private static final Duration FAIL_WITHIN = Duration.ofSeconds(30);
    private static final Duration COPY_TIMEOUT = Duration.ofSeconds(60);

    private FerryClusters clusters;
    private OracleProducer producer;

    @BeforeAll
    void startClusters() {
        clusters = FerryClusters.builder().workers(1)
            .sourceSasl(Map.of(FERRY, FERRY_PASSWORD, WRITER, WRITER_PASSWORD, NO_WRITE, NO_WRITE_PASSWORD))
            .build();
        clusters.start();
        producer = OracleProducer.start(clusters.source(), "authz-it");
    }

    @AfterAll
    void stopClusters() {
        if (producer != null) {
            producer.close();
        }
        if (clusters != null) {
            clusters.close();
        }
    }

    @Test
    void sourceReadDeniedFailsTheTaskNamingReadAndTheTopicAndAllIsCopiedOnceGranted() throws Exception {
        clusters.createSourceTopic("secret", 2, Map.of());
        for (int p = 0; p < 2; p++) {
            producer.produce("secret", p, 150);
        }
        // Enough to find the topic and sync its settings, not to fetch its records.
        clusters.grantSource(Acls.allowTopic(FERRY, "secret", DESCRIBE, DESCRIBE_CONFIGS));
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "secret", 1);
        config.putAll(clusters.sourceClientSettings("source.cluster.", FERRY));

        long start = System.nanoTime();
        clusters.connect().configureConnector("authz-read", config);
        ConnectorStateInfo failed = Waits.untilValue("the task of 'authz-read' to fail", FAIL_WITHIN,
            () -> clusters.connect().connectorStatus("authz-read"),
            info -> !info.tasks().isEmpty() && "FAILED".equals(info.tasks().get(0).state()));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String trace = failed.tasks().get(0).trace();
        log.info("READ denied: task FAILED after {} ms with trace: {}", tookMs, trace);

        assertTrue(tookMs < FAIL_WITHIN.toMillis(), "took " + tookMs + " ms");
        assertTrue(trace.contains("READ"), "names the operation: " + trace);
        assertTrue(trace.contains("[secret]"), "names the topic: " + trace);
        assertTrue(trace.contains("source cluster 'east'"), "names the cluster: " + trace);
        assertEquals(0, ReplicationChecker.create().read(clusters.target(), "east.secret", "secret", producer).seen(),
            "nothing copied while READ was denied");
        assertNoPasswordIn(statusBody("authz-read"));

        clusters.grantSource(Acls.allowTopic(FERRY, "secret", READ));
        clusters.connect().restartConnectorAndTasks("authz-read", false, true, false);
        for (int p = 0; p < 2; p++) {
            producer.produce("secret", p, 50);
        }
        ReplicationReport report = ReplicationChecker.create()
            .awaitExact(clusters.target(), "east.secret", "secret", producer, COPY_TIMEOUT);
        assertTrue(report.isExact(), report.toString());
        assertEquals(400, report.seen(), report.toString());
        clusters.awaitConnectorRunning("authz-read", 1, Duration.ofSeconds(30));
        clusters.connect().deleteConnector("authz-read");
    }

    @Test
    void targetCreateDeniedFailsTheConnectorNamingCreateAndTheTopic() throws Exception {
        // west -> east: Connect's cluster is the source, the SASL cluster the target (as in ActiveActiveIT).
        clusters.createTargetTopic("outbound", 1, Map.of());
        // ferry may see whether remote topics exist, but not create them; writer may write them.
        clusters.grantSource(Acls.allowTopicPrefix(FERRY, "west.", DESCRIBE, DESCRIBE_CONFIGS));
        clusters.grantSource(Acls.allowTopicPrefix(WRITER, "west.", DESCRIBE, WRITE));
        grantOffsetSyncsTopic();
        Map<String, String> config = westToEast("outbound");

        long start = System.nanoTime();
        clusters.connect().configureConnector("authz-create", config);
        ConnectorStateInfo failed = Waits.untilValue("connector 'authz-create' to fail", FAIL_WITHIN,
            () -> clusters.connect().connectorStatus("authz-create"),
            info -> "FAILED".equals(info.connector().state()));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        String trace = failed.connector().trace();
        log.info("CREATE denied: connector FAILED after {} ms with trace: {}", tookMs, trace);

        assertTrue(tookMs < FAIL_WITHIN.toMillis(), "took " + tookMs + " ms");
        assertTrue(trace.contains("CREATE"), "names the operation: " + trace);
        assertTrue(trace.contains("west.outbound"), "names the topic: " + trace);
        assertTrue(trace.contains("target cluster"), "names the cluster: " + trace);
        assertTrue(clusters.source().describeTopics("west.outbound").get("west.outbound").isEmpty(),
            "the remote topic was not created");
        assertNoPasswordIn(statusBody("authz-create"));

        // Only CREATE was missing: once granted, a restart copies everything (writer writes the records).
        clusters.grantSource(Acls.allowTopicPrefix(FERRY, "west.", CREATE, ALTER_CONFIGS));
        clusters.connect().restartConnectorAndTasks("authz-create", false, true, false);
        try (OracleProducer onWest = OracleProducer.start(clusters.target(), "authz-it-west")) {
            onWest.produce("outbound", 0, 100);
            ReplicationReport report = ReplicationChecker.create()
                .awaitExact(clusters.source(), "west.outbound", "outbound", onWest, COPY_TIMEOUT);
            assertTrue(report.isExact(), report.toString());
            assertEquals(100, report.seen(), report.toString());
        }
        clusters.connect().deleteConnector("authz-create");
    }

    /** Ferry's own topics on the target (the SASL cluster in these tests): its offset syncs and progress reports. */
    private void grantOffsetSyncsTopic() {
        clusters.grantSource(Acls.allowTopicPrefix(FERRY, "ferry-offset-syncs.", DESCRIBE, CREATE, WRITE));
        clusters.grantSource(Acls.allowTopic(FERRY, "ferry-progress.internal", DESCRIBE, CREATE, WRITE));
    }

    @Test
    void targetWriteDeniedFailsTheTaskNamingTheTopic() {
        // north -> east; the remote topic may be created, but the worker's producer may not write to it.
        clusters.createTargetTopic("inbound", 1, Map.of());
        clusters.grantSource(Acls.allowTopicPrefix(FERRY, "north.", DESCRIBE, DESCRIBE_CONFIGS, CREATE, ALTER_CONFIGS));
        clusters.grantSource(Acls.allowTopicPrefix(NO_WRITE, "north.", DESCRIBE));
        grantOffsetSyncsTopic();
        Map<String, String> config = westToEast("inbound");
        config.put("source.cluster.alias", "north");
        config.putAll(clusters.sourceClientSettings("producer.override.", NO_WRITE));
        try (OracleProducer onWest = OracleProducer.start(clusters.target(), "authz-it-north")) {
            onWest.produce("inbound", 0, 10);
        }

        clusters.connect().configureConnector("authz-write", config);
        ConnectorStateInfo failed = Waits.untilValue("the task of 'authz-write' to fail", FAIL_WITHIN,
            () -> clusters.connect().connectorStatus("authz-write"),
            info -> !info.tasks().isEmpty() && "FAILED".equals(info.tasks().get(0).state()));
        String trace = failed.tasks().get(0).trace();
        log.info("WRITE denied: task FAILED with trace: {}", trace);

        // The send fails inside Connect's worker, not in Ferry: Connect's message names the topic only.
        assertTrue(trace.contains("TopicAuthorizationException") && trace.contains("[north.inbound]"), trace);
        assertNoPasswordIn(statusBody("authz-write"));
        clusters.connect().deleteConnector("authz-write");
    }

    @Test
    void sourceDescribeConfigsDeniedFailsTheConnectorNamingItAndTheTopic() {
        clusters.createSourceTopic("opaque", 1, Map.of("retention.ms", "3600000"));
        // ferry may find the topic and read it, but not read its settings, which config sync copies.
        clusters.grantSource(Acls.allowTopic(FERRY, "opaque", DESCRIBE, READ));
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, "opaque", 1);
        config.putAll(clusters.sourceClientSettings("source.cluster.", FERRY));

        clusters.connect().configureConnector("authz-configs", config);
        ConnectorStateInfo failed = Waits.untilValue("connector 'authz-configs' to fail", FAIL_WITHIN,
            () -> clusters.connect().connectorStatus("authz-configs"),
            info -> "FAILED".equals(info.connector().state()));
        String trace = failed.connector().trace();
        log.info("DESCRIBE_CONFIGS denied: connector FAILED with trace: {}", trace);

        assertTrue(trace.contains("source cluster 'east' denied DESCRIBE_CONFIGS"), "names the cluster and operation: " + trace);
        assertTrue(trace.contains("[opaque]"), "names the topic: " + trace);
        assertTrue(trace.contains("sync.topic.configs.enabled"), "names the setting that needs it: " + trace);
        clusters.connect().deleteConnector("authz-configs");
    }

    @Test
    void credentialsAreHiddenInTheValidateAnswer() throws Exception {
        Map<String, String> eastToWest = MirrorConnectors.eastToWest(clusters, "secret", 1);
        eastToWest.put("name", "authz-validate-e2w");
        eastToWest.putAll(clusters.sourceClientSettings("source.cluster.", FERRY));
        JsonNode answer = validate(eastToWest);
        assertEquals("[hidden]", validatedValue(answer, "source.cluster.sasl.jaas.config"), answer.toString());

        Map<String, String> westToEast = westToEast("outbound");
        westToEast.put("name", "authz-validate-w2e");
        answer = validate(westToEast);
        assertEquals("[hidden]", validatedValue(answer, "target.cluster.sasl.jaas.config"), answer.toString());
        // Connect's own check of client overrides, not Ferry's ConfigDef, answers for this one
        assertEquals("[hidden]", validatedValue(answer, "producer.override.sasl.jaas.config"), answer.toString());
    }

    /** PUT /connector-plugins/MirrorSourceConnector/config/validate; the raw body must hold no password. */
    private JsonNode validate(Map<String, String> config) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Response response = clusters.connect().requestPut(
            clusters.connect().endpointForResource("connector-plugins/MirrorSourceConnector/config/validate"),
            json.writeValueAsString(config));
        String body = String.valueOf(response.getEntity());
        assertEquals(200, response.getStatus(), body);
        assertNoPasswordIn(body);
        JsonNode answer = json.readTree(body);
        assertEquals(0, answer.path("error_count").asInt(), body);
        return answer;
    }

    private Map<String, String> westToEast(String topics) {
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, topics, 1);
        config.put("source.cluster.alias", "west");
        config.put("target.cluster.alias", "east");
        config.put("source.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.putAll(clusters.sourceClientSettings("target.cluster.", FERRY));
        config.put("producer.override.bootstrap.servers", clusters.sourceBootstrap());
        config.putAll(clusters.sourceClientSettings("producer.override.", WRITER));
        return config;
    }

    /** The raw body of GET /connectors/{name}/status, as an operator sees it. */
    private String statusBody(String connector) {
        Response response = clusters.connect().requestGet(
            clusters.connect().endpointForResource("connectors/" + connector + "/status"));
        assertEquals(200, response.getStatus());
        return String.valueOf(response.getEntity());
    }

    private static String validatedValue(JsonNode answer, String key) {
        for (JsonNode config : answer.path("configs")) {
            if (key.equals(config.path("value").path("name").asText())) {
                return config.path("value").path("value").asText();
            }
        }
        throw new AssertionError("no '" + key + "' in the validate answer: " + answer);
    }

    private static void assertNoPasswordIn(String body) {
        for (String password : new String[] {FERRY_PASSWORD, WRITER_PASSWORD, NO_WRITE_PASSWORD}) {
            assertFalse(body.contains(password), "a password came back over REST: " + body);
        }
    }
}
