package dev.ferry.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.InJvmConnectWorker;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.ReplicationChecker;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files in config-examples are what users run: every connector JSON must validate with 0 errors on a worker
 * started from config-examples/worker/connect-distributed.properties, and the main ones must move records.
 *
 * <p>Two Connect clusters, one per Kafka cluster, as in a real active/active deployment: west's is the kit's
 * embedded one (the kit's source cluster is east, its target west); east's is a worker started in this JVM from
 * the example worker file, with only addresses, ports and folders substituted (and the internal topics'
 * replication factor: the test clusters have one broker). Examples are validated on a worker started from the
 * example file and backed by their target cluster (Ferry's monitoring extension refuses any other), so west has
 * one such worker too. Connector JSONs get the test clusters' bootstrap
 * servers, the test's secrets folder and, where several examples would otherwise pick the same topics or
 * groups, a narrower {@code topics} / {@code groups}.
 */
class ConfigExamplesIT extends MirrorClustersIT {

    private static final Path EXAMPLES = Path.of("..", "config-examples");
    private static final Path CONNECTORS = EXAMPLES.resolve("connectors");
    private static final Path WORKER_FILE = EXAMPLES.resolve("worker").resolve("connect-distributed.properties");
    private static final String SECRETS_DIR = "/etc/ferry/secrets";
    private static final Set<String> OVERRIDE_PREFIXES = Set.of("producer.override.", "consumer.override.", "admin.override.");
    /** Client settings that hold credentials: in the examples they must be ConfigProvider placeholders. */
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|jaas\\.config|secret|ssl\\.keystore\\.key|"
        + "ssl\\.keystore\\.certificate\\.chain|ssl\\.truststore\\.certificates)$");
    /** The secret values of the test's secrets files, which no answer may show. */
    private static final List<String> SECRETS = List.of("east-secret", "east-truststore-secret", "west-truststore-secret",
        "west-keystore-secret", "west-key-secret");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path secrets;
    private Map<String, String> workerFile;
    private InJvmConnectWorker eastWorker;
    private InJvmConnectWorker westWorker;
    private OracleProducer onWest;

    @BeforeAll
    void startExampleWorkersFromTheExampleFile() throws IOException {
        secrets = Files.createTempDirectory("ferry-example-secrets");
        Files.writeString(secrets.resolve("east.properties"), String.join("\n",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"ferry\" password=\"east-secret\";",
            "ssl.truststore.password=east-truststore-secret", ""));
        Files.writeString(secrets.resolve("west.properties"), String.join("\n",
            "ssl.truststore.password=west-truststore-secret", "ssl.keystore.password=west-keystore-secret",
            "ssl.key.password=west-key-secret", ""));

        workerFile = InJvmConnectWorker.readProperties(WORKER_FILE);
        eastWorker = startExampleWorker(clusters.sourceBootstrap());
        westWorker = startExampleWorker(clusters.targetBootstrap());
        onWest = OracleProducer.start(clusters.target(), "examples-west");
    }

    /** A worker from the example file, on the Kafka cluster at {@code bootstrap}. */
    private InJvmConnectWorker startExampleWorker(String bootstrap) {
        Map<String, String> props = new LinkedHashMap<>(workerFile);
        props.put("bootstrap.servers", bootstrap);
        props.put("listeners", "http://localhost:0");
        props.put("plugin.path", System.getProperty("ferry.plugin.path"));
        props.put("config.providers.file.param.allowed.paths", secrets.toString());
        for (String key : List.of("config.storage.replication.factor", "offset.storage.replication.factor",
            "status.storage.replication.factor")) {
            props.put(key, "1");
        }
        return InJvmConnectWorker.start(props, TIMEOUT);
    }

    /** The example worker backed by the cluster the connector writes to (east for connectors without a target). */
    private InJvmConnectWorker exampleWorkerFor(Map<String, String> config) {
        return "west".equals(config.get("target.cluster.alias")) ? westWorker : eastWorker;
    }

    @AfterAll
    void stopExampleWorkers() {
        if (onWest != null) {
            onWest.close();
        }
        if (eastWorker != null) {
            eastWorker.close();
        }
        if (westWorker != null) {
            westWorker.close();
        }
    }

    private static List<Path> connectorExamples() throws IOException {
        try (Stream<Path> files = Files.list(CONNECTORS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Map<String, String> asShipped(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, String> config = JSON.convertValue(root.get("config"), new TypeReference<LinkedHashMap<String, String>>() { });
            config.put("name", root.get("name").asText());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The example as it would be PUT to the test clusters: their bootstrap servers and this test's secrets folder. */
    private Map<String, String> pointedAtTestClusters(String file) {
        Map<String, String> config = new HashMap<>(asShipped(CONNECTORS.resolve(file)));
        config.replaceAll((key, value) -> value.replace(SECRETS_DIR, secrets.toString()));
        String sourceAlias = config.get("source.cluster.alias");
        config.computeIfPresent("source.cluster.bootstrap.servers", (key, value) -> bootstrapOf(sourceAlias));
        config.computeIfPresent("target.cluster.bootstrap.servers", (key, value) -> bootstrapOf(config.get("target.cluster.alias")));
        config.replaceAll((key, value) -> key.endsWith("replication.factor") ? "1" : value); // one broker per cluster
        return config;
    }

    private String bootstrapOf(String alias) {
        return switch (alias) {
            case "east" -> clusters.sourceBootstrap();
            case "west" -> clusters.targetBootstrap();
            default -> throw new AssertionError("examples name clusters east and west, not " + alias);
        };
    }

    @Test
    void everyConnectorExampleValidatesWithoutErrorsOnAnExampleWorkerOfItsTarget() throws IOException {
        List<Path> examples = connectorExamples();
        assertTrue(examples.size() >= 9, "expected every example in " + CONNECTORS.toAbsolutePath() + ", found " + examples);
        String readme = Files.readString(EXAMPLES.resolve("README.md"));
        for (Path example : examples) {
            String file = example.getFileName().toString();
            assertTrue(readme.contains("`connectors/" + file + "`"), "config-examples/README.md does not say why " + file + " exists");
            Map<String, String> config = pointedAtTestClusters(file);
            String type = config.get("connector.class");
            JsonNode answer = exampleWorkerFor(config).validate(type.substring(type.lastIndexOf('.') + 1), config);
            assertEquals(0, answer.get("error_count").asInt(), file + ": " + errorsOf(answer));
            for (String secret : SECRETS) {
                assertFalse(answer.toString().contains(secret), file + ": the validate answer shows a resolved secret");
            }
        }
    }

    @Test
    void noExampleHoldsASecretInline() throws IOException {
        int placeholders = 0;
        for (Path example : connectorExamples()) {
            for (Map.Entry<String, String> entry : asShipped(example).entrySet()) {
                if (SECRET_KEY.matcher(entry.getKey()).matches()) {
                    assertTrue(entry.getValue().matches("\\$\\{file:" + Pattern.quote(SECRETS_DIR) + "/[^:}]+:[^}]+}"),
                        example.getFileName() + ": " + entry.getKey() + " must be a ${file:" + SECRETS_DIR + "/...:key} placeholder");
                    placeholders++;
                }
            }
        }
        assertTrue(placeholders > 0, "no credential found: the secured example should have some");
    }

    @Test
    void theWorkerAllowsExactlyTheOverrideKeysTheExamplesUseAndRefusesOthers() throws IOException {
        Set<String> used = new TreeSet<>();
        for (Path example : connectorExamples()) {
            asShipped(example).keySet().forEach(key -> OVERRIDE_PREFIXES.stream().filter(key::startsWith)
                .forEach(prefix -> used.add(key.substring(prefix.length()))));
        }
        Set<String> allowed = new TreeSet<>(List.of(workerFile.get("connector.client.config.override.allowlist").split("\\s*,\\s*")));
        assertEquals("Allowlist", workerFile.get("connector.client.config.override.policy"));
        assertEquals(used, allowed, "the worker's allowlist against the override keys of the connector examples");

        Map<String, String> config = pointedAtTestClusters("high-throughput-east-to-west.json");
        config.put("producer.override.acks", "1");
        JsonNode answer = exampleWorkerFor(config).validate("MirrorSourceConnector", config);
        assertEquals(1, answer.get("error_count").asInt(), errorsOf(answer).toString());
        List<String> errors = errorsOf(answer).get("producer.override.acks");
        assertTrue(errors != null && errors.get(0).contains("'Allowlist' policy does not allow 'acks'"), errorsOf(answer).toString());
    }

    @Test
    void theOneWayExampleMovesRecords() {
        Map<String, String> config = pointedAtTestClusters("mirror-east-to-west.json");
        config.put("topics", "ow-orders");
        clusters.createSourceTopic("ow-orders", 2, Map.of());
        producer.produce("ow-orders", 0, 300);
        producer.produce("ow-orders", 1, 300);

        clusters.connect().configureConnector(config.get("name"), config);
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.ow-orders", "ow-orders", producer, TIMEOUT);
        assertTrue(report.isExact(), report.toString());
        clusters.connect().deleteConnector(config.get("name"));
    }

    /**
     * Each direction runs on the Connect cluster of its target, as the README says: east-to-west on west's, and
     * west-to-east on the worker started from the example file (exactly-once on), whose monitoring extension then
     * reports it.
     */
    @Test
    void theActiveActivePairMovesRecordsBothWaysAndTheExampleWorkerReportsIt() {
        clusters.createSourceTopic("orders-aa", 2, Map.of());
        clusters.createTargetTopic("orders-aa", 2, Map.of());
        for (int p = 0; p < 2; p++) {
            producer.produce("orders-aa", p, 200);
            onWest.produce("orders-aa", p, 150);
        }
        Map<String, String> eastToWest = pointedAtTestClusters("active-active-east-to-west.json");
        Map<String, String> westToEast = pointedAtTestClusters("active-active-west-to-east.json");
        clusters.connect().configureConnector(eastToWest.get("name"), eastToWest);
        eastWorker.configureConnector(westToEast.get("name"), westToEast);

        ReplicationReport toWest = CHECKER.awaitExact(clusters.target(), "east.orders-aa", "orders-aa", producer, TIMEOUT);
        assertTrue(toWest.isExact(), toWest.toString());
        ReplicationReport toEast = ReplicationChecker.create().readCommitted()
            .awaitExact(clusters.source(), "west.orders-aa", "orders-aa", onWest, TIMEOUT);
        assertTrue(toEast.isExact(), toEast.toString());

        JsonNode reported = Waits.untilValue("the example worker's /ferry/v1/replication to report west.orders-aa's 2 partitions "
                + "copied to east", TIMEOUT,
            () -> topicReport(eastWorker.getJson("ferry/v1/replication"), westToEast.get("name"), "orders-aa"),
            topic -> topic != null && topic.get("partitions").size() == 2);
        assertEquals("west.orders-aa", reported.get("remoteTopic").asText());
        clusters.connect().deleteConnector(eastToWest.get("name"));
    }

    /**
     * A migration: the identity mirror copies a topic under its own name, and the checkpoint connector with group
     * sync commits a source group's exactly translated offsets to the same group on the target.
     */
    @Test
    void theMigrationExampleCopiesUnderTheSameNameAndGroupSyncCommitsTheGroupOnTheTarget() throws Exception {
        clusters.createSourceTopic("mig-accounts", 2, Map.of());
        producer.produce("mig-accounts", 0, 200);
        producer.produce("mig-accounts", 1, 120);
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of(
            new TopicPartition("mig-accounts", 0), new OffsetAndMetadata(150),
            new TopicPartition("mig-accounts", 1), new OffsetAndMetadata(120));
        try (Admin east = clusters.source().createAdminClient(); Admin west = clusters.target().createAdminClient()) {
            east.alterConsumerGroupOffsets("mig-app", committed).all().get(30, TimeUnit.SECONDS);

            Map<String, String> mirror = pointedAtTestClusters("migration-east-to-west-identity.json");
            mirror.put("topics", "mig-.*");
            clusters.connect().configureConnector(mirror.get("name"), mirror);
            ReplicationReport copied = ReplicationChecker.create().ignoringHeaders("ferry.origin")
                .awaitExact(clusters.target(), "mig-accounts", "mig-accounts", producer, TIMEOUT);
            assertTrue(copied.isExact(), copied.toString());

            Map<String, String> checkpoints = pointedAtTestClusters("checkpoints-group-sync-east-to-west.json");
            checkpoints.put("groups", "mig-.*");
            clusters.connect().configureConnector(checkpoints.get("name"), checkpoints);
            // Copies land at their source offsets on a fresh topic, so the exact translation is the source offset.
            Map<TopicPartition, Long> expected = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
            committed.forEach((tp, offset) -> expected.put(tp, offset.offset()));
            Waits.untilValue("group mig-app committed on west at its translated offsets " + expected, TIMEOUT,
                () -> offsetsOf(west, "mig-app"), expected::equals);
            clusters.connect().deleteConnector(checkpoints.get("name"));
            clusters.connect().deleteConnector(mirror.get("name"));
        }
    }

    private static Map<TopicPartition, Long> offsetsOf(Admin admin, String group) throws Exception {
        Map<TopicPartition, Long> offsets = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS)
            .forEach((tp, offset) -> offsets.put(tp, offset == null ? null : offset.offset()));
        return offsets;
    }

    private static JsonNode topicReport(JsonNode replication, String connectorName, String topic) {
        for (JsonNode connector : replication.get("connectors")) {
            if (connector.get("name").asText().equals(connectorName)) {
                for (JsonNode t : connector.get("topics")) {
                    if (t.get("topic").asText().equals(topic)) {
                        return t;
                    }
                }
            }
        }
        return null;
    }

    /** Key to error messages, for the keys that have any, from a validate answer. */
    private static Map<String, List<String>> errorsOf(JsonNode answer) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (JsonNode config : answer.get("configs")) {
            JsonNode value = config.get("value");
            if (value.get("errors").size() > 0) {
                errors.put(value.get("name").asText(), JSON.convertValue(value.get("errors"), new TypeReference<List<String>>() { }));
            }
        }
        return errors;
    }
}
