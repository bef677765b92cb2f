package dev.ferry.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.apache.kafka.connect.runtime.rest.entities.ConfigKeyInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigValueInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetClusterGuardTest {

    private static final String WORKER_ID = "worker-cluster-id";
    private static final String SOURCE_ID = "source-cluster-id";
    private static final String WORKER_BOOTSTRAP = "west-1:9092,west-2:9092";
    private static final String SOURCE_BOOTSTRAP = "east-1:9092";
    private static final String SECRET = "s3cret-pw-77";

    /** Cluster ids by bootstrap list; the settings each lookup received, in order. */
    private final Map<String, String> ids = new HashMap<>(Map.of(WORKER_BOOTSTRAP, WORKER_ID, SOURCE_BOOTSTRAP, SOURCE_ID));
    private final List<Map<String, Object>> lookups = new ArrayList<>();

    private TargetClusterGuard guard() {
        return guard(UnaryOperator.identity());
    }

    private TargetClusterGuard guard(UnaryOperator<Map<String, String>> placeholders) {
        return new TargetClusterGuard(() -> WORKER_ID, Map.of("bootstrap.servers", WORKER_BOOTSTRAP, "security.protocol", "PLAINTEXT"),
            placeholders, settings -> {
                lookups.add(settings);
                String id = ids.get(String.valueOf(settings.get("bootstrap.servers")));
                if (id == null) {
                    throw new ExecutionException(new TimeoutException("Timed out waiting for a node assignment. Call: describeCluster"));
                }
                return id;
            });
    }

    private static Map<String, String> mirror(String targetBootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", SOURCE_BOOTSTRAP);
        config.put("target.cluster.bootstrap.servers", targetBootstrap);
        return config;
    }

    @Test
    void targetOnTheWorkersClusterPasses() {
        TargetClusterGuard.Verdict verdict = guard().check("m", mirror(WORKER_BOOTSTRAP));
        assertEquals(new TargetClusterGuard.Same(WORKER_ID), verdict);
        assertEquals(WORKER_BOOTSTRAP, lookups.get(0).get("bootstrap.servers"));
    }

    @Test
    void targetOnAnotherClusterIsAMismatchNamingBothIdsAndBootstrapListsAndTheFix() {
        TargetClusterGuard.Verdict verdict = guard().check("m", mirror(SOURCE_BOOTSTRAP));
        String message = assertInstanceOf(TargetClusterGuard.Mismatch.class, verdict).message();
        assertTrue(message.startsWith("target.cluster.bootstrap.servers [" + SOURCE_BOOTSTRAP + "] is Kafka cluster '" + SOURCE_ID + "'"), message);
        assertTrue(message.contains("Kafka cluster '" + WORKER_ID + "' (the worker's bootstrap.servers [" + WORKER_BOOTSTRAP + "])"), message);
        assertTrue(message.contains("connector 'm'"), message);
        assertTrue(message.contains("at the worker's Kafka cluster, or run this connector on a Connect cluster whose workers are backed by the target"), message);
    }

    @Test
    void theTargetsSecurityAndAdminSettingsAreUsedForItsLookup() {
        Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
        config.put("target.cluster.security.protocol", "SASL_SSL");
        config.put("target.cluster.sasl.jaas.config", "org.example.Login required password=\"" + SECRET + "\";");
        config.put("target.admin.request.timeout.ms", "1234");
        config.put("source.cluster.security.protocol", "SSL");
        assertInstanceOf(TargetClusterGuard.Mismatch.class, guard().check("m", config));
        Map<String, Object> used = lookups.get(0);
        assertEquals("SASL_SSL", used.get("security.protocol"));
        assertEquals("1234", used.get("request.timeout.ms"));
        assertTrue(String.valueOf(used.get("sasl.jaas.config")).contains(SECRET), "the credentials reach the admin client");
    }

    @Test
    void aProducerOverrideReplacesTheWorkersCluster() {
        Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
        config.put("producer.override.bootstrap.servers", SOURCE_BOOTSTRAP);
        assertEquals(new TargetClusterGuard.Same(SOURCE_ID), guard().check("m", config));

        config.put("target.cluster.bootstrap.servers", WORKER_BOOTSTRAP);
        String message = assertInstanceOf(TargetClusterGuard.Mismatch.class, guard().check("m", config)).message();
        assertTrue(message.contains("Kafka cluster '" + SOURCE_ID + "' (producer.override.bootstrap.servers [" + SOURCE_BOOTSTRAP + "])"), message);
        assertTrue(message.contains("Point target.cluster.bootstrap.servers and producer.override.bootstrap.servers at the same cluster"), message);
    }

    @Test
    void theOverridesClusterIsDescribedWithTheWorkersSecurityUnderTheOverrides() {
        Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
        config.put("producer.override.bootstrap.servers", SOURCE_BOOTSTRAP);
        config.put("producer.override.security.protocol", "SSL");
        config.put("producer.override.acks", "all");
        guard().check("m", config);
        Map<String, Object> override = lookups.get(0);
        assertEquals(SOURCE_BOOTSTRAP, override.get("bootstrap.servers"));
        assertEquals("SSL", override.get("security.protocol"));
        assertFalse(override.containsKey("acks"), "a producer-only key is no admin setting");
    }

    @Test
    void anUnreachableTargetSkipsTheCheckWithoutASecret() {
        Map<String, String> config = mirror("nowhere:9092");
        config.put("target.cluster.sasl.jaas.config", "org.example.Login required password=\"" + SECRET + "\";");
        TargetClusterGuard.Verdict verdict = guard().check("m", config);
        String reason = assertInstanceOf(TargetClusterGuard.Skipped.class, verdict).reason();
        assertTrue(reason.contains("target.cluster.bootstrap.servers [nowhere:9092] could not be described"), reason);
        assertTrue(reason.contains("TimeoutException"), reason);
        assertFalse(reason.contains(SECRET), reason);
    }

    @Test
    void anUnreachableOverrideClusterSkipsTheCheck() {
        Map<String, String> config = mirror(WORKER_BOOTSTRAP);
        config.put("producer.override.bootstrap.servers", "nowhere:9092");
        String reason = assertInstanceOf(TargetClusterGuard.Skipped.class, guard().check("m", config)).reason();
        assertTrue(reason.contains("producer.override.bootstrap.servers [nowhere:9092]"), reason);
    }

    @Test
    void aPlaceholderInTheTargetsSettingsSkipsTheCheckWithoutALookup() {
        Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
        config.put("target.cluster.sasl.jaas.config", "${file:/etc/ferry/secrets.properties:target.jaas}");
        String reason = assertInstanceOf(TargetClusterGuard.Skipped.class, guard().check("m", config)).reason();
        assertTrue(reason.contains("[target.cluster.sasl.jaas.config]"), reason);
        assertTrue(reason.contains("ConfigProvider placeholder"), reason);
        assertTrue(lookups.isEmpty(), "no cluster is contacted with an unresolved placeholder");
    }

    @Test
    void placeholdersTheWorkersProvidersResolveAreCheckedWithTheirValues() throws Exception {
        java.nio.file.Path secrets = java.nio.file.Files.createTempFile("ferry-guard", ".properties");
        try {
            java.nio.file.Files.writeString(secrets, "target.jaas=org.example.Login required password=\"" + SECRET + "\";\n");
            Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
            config.put("target.cluster.sasl.jaas.config", "${file:" + secrets + ":target.jaas}");
            // As Connect hands the worker configuration to extensions: without the config.providers list itself.
            try (WorkerConfigProviders providers = WorkerConfigProviders.of(Map.of(
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"))) {
                assertInstanceOf(TargetClusterGuard.Mismatch.class, guard(providers::resolve).check("m", config));
            }
            assertEquals("org.example.Login required password=\"" + SECRET + "\";", lookups.get(0).get("sasl.jaas.config"));
        } finally {
            java.nio.file.Files.delete(secrets);
        }
    }

    @Test
    void aProviderThatFailsSkipsTheCheckWithoutASecret() {
        Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
        config.put("target.cluster.sasl.jaas.config", "password=\"" + SECRET + "\"");
        String reason = assertInstanceOf(TargetClusterGuard.Skipped.class, guard(settings -> {
            throw new org.apache.kafka.common.config.ConfigException("could not read " + settings.get("target.cluster.sasl.jaas.config"));
        }).check("m", config)).reason();
        assertTrue(reason.contains("ConfigException"), reason);
        assertFalse(reason.contains(SECRET), reason);
        assertTrue(lookups.isEmpty());
    }

    @Test
    void aProviderTheExtensionCannotLoadLeavesItsPlaceholders() {
        Map<String, String> settings = Map.of("target.cluster.sasl.jaas.config", "${vault:secret/ferry:jaas}");
        try (WorkerConfigProviders providers = WorkerConfigProviders.of(Map.of("config.providers", "vault",
            "config.providers.vault.class", "com.example.NoSuchProvider"))) {
            assertEquals(settings, providers.resolve(settings));
        }
    }

    @Test
    void aPlaceholderIsNamedByTheKeyThatHoldsIt() {
        Map<String, String> config = mirror(SOURCE_BOOTSTRAP);
        config.put("target.admin.sasl.jaas.config", "${file:/etc/ferry/secrets.properties:admin.jaas}");
        String reason = assertInstanceOf(TargetClusterGuard.Skipped.class, guard().check("m", config)).reason();
        assertTrue(reason.contains("[target.admin.sasl.jaas.config]"), reason);

        TargetClusterGuard workerPlaceholder = new TargetClusterGuard(() -> WORKER_ID,
            Map.of("bootstrap.servers", WORKER_BOOTSTRAP, "sasl.jaas.config", "${file:/etc/worker.properties:jaas}"), UnaryOperator.identity(),
            settings -> SOURCE_ID);
        Map<String, String> overridden = mirror(SOURCE_BOOTSTRAP);
        overridden.put("producer.override.bootstrap.servers", SOURCE_BOOTSTRAP);
        reason = assertInstanceOf(TargetClusterGuard.Skipped.class, workerPlaceholder.check("m", overridden)).reason();
        assertTrue(reason.contains("[the worker's sasl.jaas.config]"), reason);
    }

    @Test
    void aPlaceholderInTheOverrideSkipsTheCheck() {
        Map<String, String> config = mirror(WORKER_BOOTSTRAP);
        config.put("producer.override.bootstrap.servers", SOURCE_BOOTSTRAP);
        config.put("producer.override.sasl.jaas.config", "${vault:secret/ferry:jaas}");
        String reason = assertInstanceOf(TargetClusterGuard.Skipped.class, guard().check("m", config)).reason();
        assertTrue(reason.contains("[producer.override.sasl.jaas.config]"), reason);
        assertTrue(lookups.isEmpty());
    }

    @Test
    void anUnknownWorkerClusterIdSkipsTheCheck() {
        TargetClusterGuard unknown = new TargetClusterGuard(() -> null, Map.of("bootstrap.servers", WORKER_BOOTSTRAP), UnaryOperator.identity(),
            settings -> SOURCE_ID);
        assertInstanceOf(TargetClusterGuard.Skipped.class, unknown.check("m", mirror(SOURCE_BOOTSTRAP)));
    }

    @Test
    void theCheckpointConnectorAndAliasesAreCheckedTheHeartbeatConnectorIsNot() {
        Map<String, String> checkpoints = mirror(SOURCE_BOOTSTRAP);
        checkpoints.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        assertInstanceOf(TargetClusterGuard.Mismatch.class, guard().check("c", checkpoints));
        checkpoints.put("connector.class", "CheckpointConnector");
        assertInstanceOf(TargetClusterGuard.Mismatch.class, guard().check("c", checkpoints));
        Map<String, String> mirror = mirror(SOURCE_BOOTSTRAP);
        mirror.put("connector.class", "MirrorSourceConnector");
        assertInstanceOf(TargetClusterGuard.Mismatch.class, guard().check("m", mirror));

        Map<String, String> heartbeats = mirror(SOURCE_BOOTSTRAP);
        heartbeats.put("connector.class", "dev.ferry.mirror.HeartbeatConnector");
        assertInstanceOf(TargetClusterGuard.NotChecked.class, guard().check("h", heartbeats));
        Map<String, String> noTarget = mirror(SOURCE_BOOTSTRAP);
        noTarget.remove("target.cluster.bootstrap.servers");
        assertInstanceOf(TargetClusterGuard.NotChecked.class, guard().check("m", noTarget));
        assertEquals(3, lookups.size(), "only the three guarded connectors were looked up");
    }

    @Test
    void failuresNeverQuoteASettingValue() {
        String text = TargetClusterGuard.failure(new IllegalArgumentException("bad jaas: password=\"" + SECRET + "\""),
            Map.of("sasl.jaas.config", "password=\"" + SECRET + "\""));
        assertEquals("IllegalArgumentException: bad jaas: [hidden]", text);
    }

    @Test
    void theErrorIsAddedToTargetBootstrapInConnectsValidationAnswer() {
        ConfigInfo target = new ConfigInfo(new ConfigKeyInfo("target.cluster.bootstrap.servers", "LIST", true, null, "HIGH", "doc",
            "Clusters", 3, "LONG", "Target bootstrap servers", List.of()),
            new ConfigValueInfo("target.cluster.bootstrap.servers", SOURCE_BOOTSTRAP, List.of(), List.of(), true));
        ConfigInfo topics = new ConfigInfo(null, new ConfigValueInfo("topics", "x(", List.of(), List.of("bad regex"), true));
        ConfigInfos infos = new ConfigInfos("dev.ferry.mirror.MirrorSourceConnector", 1, List.of("Clusters"), List.of(target, topics));
        JsonNode answer = new ObjectMapper().valueToTree(infos);

        assertTrue(TargetClusterFilter.addError(answer, "clusters differ"));
        assertEquals(2, answer.get("error_count").asInt());
        assertEquals("clusters differ", answer.at("/configs/0/value/errors/0").asText());
        assertEquals("bad regex", answer.at("/configs/1/value/errors/0").asText());

        assertFalse(TargetClusterFilter.addError(new ObjectMapper().valueToTree(
            new ConfigInfos("x", 0, List.of(), List.of(topics))), "clusters differ"), "an answer without the key is left alone");
    }
}
