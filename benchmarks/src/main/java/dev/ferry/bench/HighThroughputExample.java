package dev.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client settings of the shipped high-throughput example, read from the file itself so that the benchmark
 * measures exactly what users copy ({@code -Dferry.examples.dir}, set by the benchmarks' Maven executions).
 */
final class HighThroughputExample {

    static final String FILE = "high-throughput-east-to-west.json";

    private HighThroughputExample() {
    }

    /** Every {@code source.consumer.*} and {@code producer.override.*} entry of the example. */
    static Map<String, String> clientSettings() {
        Path file = Path.of(System.getProperty("ferry.examples.dir", "config-examples/connectors")).resolve(FILE);
        try {
            JsonNode config = new ObjectMapper().readTree(file.toFile()).path("config");
            Map<String, String> settings = new LinkedHashMap<>();
            config.fields().forEachRemaining(entry -> {
                if (entry.getKey().startsWith("source.consumer.") || entry.getKey().startsWith("producer.override.")) {
                    settings.put(entry.getKey(), entry.getValue().asText());
                }
            });
            if (settings.isEmpty()) {
                throw new IllegalStateException(file.toAbsolutePath() + " has no source.consumer.* or producer.override.* setting");
            }
            return settings;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the high-throughput example " + file.toAbsolutePath(), e);
        }
    }
}
