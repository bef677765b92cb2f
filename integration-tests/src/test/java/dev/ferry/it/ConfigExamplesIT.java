package dev.ferry.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.testkit.ReplicationReport;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connector JSON files in config-examples are what users PUT: they must validate and run as shipped. */
class ConfigExamplesIT extends MirrorClustersIT {

    private static final Path CONNECTORS = Path.of("..", "config-examples", "connectors");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(CONNECTORS)) {
            return files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static Map<String, String> configOf(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, String> config = JSON.convertValue(root.get("config"), new TypeReference<Map<String, String>>() { });
        config.put("name", root.get("name").asText());
        return config;
    }

    @Test
    void everyExampleValidatesWithoutErrorsOnARealWorker() throws IOException {
        List<Path> examples = examples();
        assertFalse(examples.isEmpty(), "no examples found in " + CONNECTORS.toAbsolutePath());
        for (Path example : examples) {
            Map<String, String> config = configOf(example);
            String type = config.get("connector.class");
            ConfigInfos infos = clusters.connect().validateConnectorConfig(type.substring(type.lastIndexOf('.') + 1), config);
            assertEquals(0, infos.errorCount(), example.getFileName() + ": " + infos);
        }
    }

    @Test
    void theOneWayExampleMovesRecordsWhenPointedAtRealClusters() throws IOException {
        Map<String, String> config = new HashMap<>(configOf(CONNECTORS.resolve("mirror-east-to-west.json")));
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("target.topic.replication.factor", "1"); // one broker here
        config.put("topics", "example-orders");
        clusters.createSourceTopic("example-orders", 2, Map.of());
        producer.produce("example-orders", 0, 300);
        producer.produce("example-orders", 1, 300);

        clusters.connect().configureConnector(config.get("name"), config);
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.example-orders", "example-orders", producer,
            Duration.ofSeconds(60));
        assertTrue(report.isExact(), report.toString());
        clusters.connect().deleteConnector(config.get("name"));
    }
}
