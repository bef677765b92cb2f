package dev.ferry.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.migration.Mm2ConvertCli;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ferry-mm2-convert's output is what operators POST: it must validate on a real worker and mirror exactly. */
class Mm2MigrationIT extends MirrorClustersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REALISTIC = Path.of("..", "mm2-migration", "src", "test", "resources", "mm2-realistic.properties");

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        // as the converter tells operators to: credentials come from a file through Kafka's FileConfigProvider
        return builder.workerProp("config.providers", "file")
            .workerProp("config.providers.file.class", FileConfigProvider.class.getName());
    }

    private record Converted(int exitCode, String out, String err, List<Path> connectorFiles) {
    }

    private static Converted convert(Path input, Path outputDir) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Mm2ConvertCli.run(new String[] {"--input", input.toString(), "--output-dir", outputDir.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<Path> files;
        try (Stream<Path> listing = Files.exists(outputDir) ? Files.list(outputDir) : Stream.empty()) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        return new Converted(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), files);
    }

    private static Map<String, String> configOf(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        Map<String, String> config = JSON.convertValue(root.get("config"), new TypeReference<Map<String, String>>() { });
        config.put("name", root.get("name").asText());
        return config;
    }

    @Test
    void realisticMm2FileConvertsToConnectorsThatValidateWithoutErrors() throws IOException {
        // the file names a credentials file of its own for dc2; the worker resolves it at validation
        Path dc2Secrets = Files.createTempFile("dc2", ".properties");
        Files.writeString(dc2Secrets, "password=dc2-secret\n");
        Path mm2 = Files.createTempFile("mm2-realistic", ".properties");
        Files.writeString(mm2, Files.readString(REALISTIC).replace("/etc/kafka/secrets/dc2.properties", dc2Secrets.toString()));
        Path out = Files.createTempDirectory("mm2-realistic");
        Converted converted = convert(mm2, out);
        assertEquals(0, converted.exitCode(), converted.err());
        assertEquals(3, converted.connectorFiles().size(), converted.out());
        assertTrue(Files.exists(out.resolve("ferry-secrets.properties")), converted.out());
        for (Path file : converted.connectorFiles()) {
            String text = Files.readString(file);
            assertFalse(text.contains("dc1-secret-456") || text.contains("truststore-secret-123"), file + " holds a credential");
            Map<String, String> config = configOf(file);
            String type = config.get("connector.class");
            ConfigInfos infos = clusters.connect().validateConnectorConfig(type.substring(type.lastIndexOf('.') + 1), config);
            assertEquals(0, infos.errorCount(), file.getFileName() + ": " + infos);
        }
    }

    @Test
    void convertedFlowMirrorsExactlyAndTranslatesGroupOffsetsExactly() throws IOException {
        Path mm2 = Files.createTempFile("mm2", ".properties");
        Files.writeString(mm2, String.join("\n",
            "clusters = east, west",
            "east.bootstrap.servers = " + clusters.sourceBootstrap(),
            "west.bootstrap.servers = " + clusters.targetBootstrap(),
            "east->west.enabled = true",
            "east->west.topics = legacy-orders",
            "east->west.groups = legacy-.*",
            "replication.factor = 1",
            "checkpoints.topic.replication.factor = 1",
            "refresh.topics.interval.seconds = 1",
            "emit.checkpoints.interval.seconds = 1",
            "offset.lag.max = 100",
            "tasks.max = 2", ""));
        clusters.createSourceTopic("legacy-orders", 2, Map.of());
        producer.produce("legacy-orders", 0, 250);
        producer.produce("legacy-orders", 1, 250);

        Path out = Files.createTempDirectory("mm2-converted");
        Converted converted = convert(mm2, out);
        assertEquals(0, converted.exitCode(), converted.err());
        assertTrue(converted.out().contains("offset.lag.max not carried over"), converted.out());
        for (Path file : converted.connectorFiles()) {
            Map<String, String> config = configOf(file);
            clusters.connect().configureConnector(config.get("name"), config);
        }
        ReplicationReport report = CHECKER.awaitExact(clusters.target(), "east.legacy-orders", "legacy-orders", producer,
            Duration.ofSeconds(60));
        assertTrue(report.isExact(), report.toString());
        try (Admin admin = clusters.source().createAdminClient()) {
            admin.alterConsumerGroupOffsets("legacy-readers", Map.of(new TopicPartition("legacy-orders", 0), new OffsetAndMetadata(120)))
                .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            throw new AssertionError("could not commit the group's offset on the source", e);
        }
        // a fresh mirror copies without duplicates, so the exact translation of source offset 120 is 120
        Checkpoint checkpoint = Waits.untilValue("checkpoint of legacy-readers for legacy-orders-0 at 120", Duration.ofSeconds(60),
            () -> TopicSnapshot.read(clusters.target(), "ferry-checkpoints.east.internal", IsolationLevel.READ_COMMITTED,
                    Duration.ofSeconds(10)).stream()
                .map(record -> Checkpoint.deserialize(record.key(), record.value()))
                .filter(c -> c.consumerGroup().equals("legacy-readers") && c.upstreamOffset() == 120)
                .findFirst().orElse(null),
            found -> found != null);
        assertEquals(TranslationKind.EXACT, checkpoint.translation(), checkpoint.toString());
        assertEquals(120, checkpoint.downstreamOffset(), checkpoint.toString());
        clusters.connect().deleteConnector("checkpoints-east-to-west");
        clusters.connect().deleteConnector("mirror-east-to-west");
    }
}
