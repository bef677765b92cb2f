package dev.ferry.quickstart;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * What the quickstart was asked to do: start two local clusters (no cluster flags) or use existing ones
 * ({@code --source-bootstrap} and {@code --target-bootstrap}, on the command line or in a {@code --config} file),
 * on which REST port, and for how long. Command-line flags win over the file.
 *
 * <p>A config file holds the flags' names as keys ({@code source-bootstrap=east-kafka-1:9092}); keys starting with
 * {@code source.cluster.} or {@code target.cluster.} (e.g. {@code source.cluster.security.protocol}) are passed to the
 * connectors unchanged, and keys starting with {@code worker.} go to the Connect worker without that prefix
 * (e.g. {@code worker.security.protocol}), for clusters that need TLS or SASL.
 */
public record QuickstartOptions(Optional<String> sourceBootstrap, Optional<String> targetBootstrap, int restPort,
                                String topics, long runSeconds, Map<String, String> connectorClientSettings,
                                Map<String, String> workerSettings) {

    static final int DEFAULT_REST_PORT = 8083;
    static final String LOCAL_TOPICS = "orders|payments";
    static final String EXISTING_TOPICS_DEFAULT = ".*";

    static final String USAGE = String.join("\n",
        "usage: ./quickstart.sh [--rest-port PORT] [--run-seconds N] [--help]",
        "       ./quickstart.sh --source-bootstrap HOST:PORT --target-bootstrap HOST:PORT [--topics REGEX] [--rest-port PORT]",
        "       ./quickstart.sh --config FILE",
        "  without cluster flags: starts two local Kafka clusters (east, west) with traffic and a consumer group",
        "  --source-bootstrap, --target-bootstrap: mirror between existing clusters instead (topics: --topics, default .*)",
        "  --config FILE: the same flags as keys (source-bootstrap=...), plus source.cluster.*, target.cluster.* and",
        "                 worker.* client settings for secured clusters",
        "  --rest-port PORT: the Connect worker's REST API and dashboard (default 8083)",
        "  --run-seconds N: stop by itself after N seconds of live output (default: until Ctrl-C)");

    private static final Set<String> FLAGS = Set.of("source-bootstrap", "target-bootstrap", "config", "rest-port", "topics",
        "run-seconds");

    /** @return whether the quickstart starts its own clusters */
    public boolean local() {
        return sourceBootstrap.isEmpty();
    }

    /**
     * @throws IllegalArgumentException naming the flag or key that is wrong
     */
    public static QuickstartOptions parse(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || !FLAGS.contains(arg.substring(2))) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            flags.put(arg.substring(2), args.get(++i));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (flags.containsKey("config")) {
            settings.putAll(readConfig(Path.of(flags.remove("config"))));
        }
        settings.putAll(flags);

        Map<String, String> connectorClients = new LinkedHashMap<>();
        Map<String, String> worker = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith("source.cluster.") || key.startsWith("target.cluster.")) {
                connectorClients.put(key, value);
            } else if (key.startsWith("worker.")) {
                worker.put(key.substring("worker.".length()), value);
            }
        });
        Optional<String> source = nonBlank(settings.get("source-bootstrap"));
        Optional<String> target = nonBlank(settings.get("target-bootstrap"));
        if (source.isPresent() != target.isPresent()) {
            throw new IllegalArgumentException((source.isPresent() ? "--target-bootstrap" : "--source-bootstrap")
                + " is missing: give both clusters to use existing ones, or neither to start local ones");
        }
        if (source.isEmpty() && (!connectorClients.isEmpty() || !worker.isEmpty() || settings.containsKey("topics"))) {
            throw new IllegalArgumentException("topics, source.cluster.*, target.cluster.* and worker.* settings apply to existing "
                + "clusters only: give --source-bootstrap and --target-bootstrap too");
        }
        int restPort = (int) number(settings, "rest-port", DEFAULT_REST_PORT, 1, 65_535);
        long runSeconds = number(settings, "run-seconds", 0, 1, Long.MAX_VALUE);
        String topics = settings.getOrDefault("topics", source.isPresent() ? EXISTING_TOPICS_DEFAULT : LOCAL_TOPICS);
        return new QuickstartOptions(source, target, restPort, topics, runSeconds, Map.copyOf(connectorClients), Map.copyOf(worker));
    }

    private static Map<String, String> readConfig(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("--config " + file + " cannot be read: " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            boolean known = FLAGS.contains(key) && !key.equals("config");
            if (!known && !key.startsWith("source.cluster.") && !key.startsWith("target.cluster.") && !key.startsWith("worker.")) {
                throw new IllegalArgumentException("--config " + file + ": unknown key '" + key + "'");
            }
            settings.put(key, props.getProperty(key).trim());
        }
        return settings;
    }

    private static long number(Map<String, String> settings, String key, long absent, long min, long max) {
        String value = settings.get(key);
        if (value == null) {
            return absent;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number < min || number > max) {
                throw new IllegalArgumentException("--" + key + " must be between " + min + " and " + max + ": " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number: '" + value + "'", e);
        }
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
