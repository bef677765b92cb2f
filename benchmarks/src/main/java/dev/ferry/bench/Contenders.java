package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The systems a throughput run compares, by name ({@code -Dbench.contenders}, comma-separated, default all):
 * <ul>
 *   <li>{@code plain-loop}: the single-threaded consumer→producer loop (physical limit);</li>
 *   <li>{@code ferry}: Ferry's mirror connector as shipped (offset syncs and progress reports on) with the client
 *       tuning of its high-throughput example;</li>
 *   <li>{@code ferry-no-syncs}, {@code ferry-no-progress}, {@code ferry-bare}: the same with offset syncs, progress
 *       reports, or both switched off, to price them (task metrics cannot be switched off and stay on);</li>
 *   <li>{@code ferry-untuned}: Ferry with the clients' own defaults (500 records per poll);
 *       {@code ferry-poll2000}: Ferry with no client settings, i.e. its own default of 2,000 records per poll, the
 *       one setting a connector can change without the worker allowing client overrides;
 *       {@code ferry-example}: Ferry with the client settings of {@code config-examples/connectors/high-throughput-east-to-west.json},
 *       read from that file (every {@code source.consumer.*} and {@code producer.override.*} key);</li>
 *   <li>{@code ferry-eos}: {@code ferry} exactly once, on a second Connect cluster with
 *       {@code exactly.once.source.support=enabled}, one transaction a second ({@code transaction.boundary=interval},
 *       as the README advises); {@code ferry-eos-poll}: the same with a transaction per poll (Connect's default);</li>
 *   <li>{@code mm2}: MirrorMaker 2's {@code MirrorSourceConnector} (connect-mirror 4.3.1) at its defaults;</li>
 *   <li>{@code mm2-tuned}: the same with Ferry's client tuning.</li>
 * </ul>
 * Both mirrors get only what a one-broker cluster forces (replication factor 1) and byte-array converters, and
 * write to a fresh remote topic each round.
 */
final class Contenders {

    static final List<String> ALL = List.of("plain-loop", "ferry", "ferry-no-syncs", "ferry-no-progress", "ferry-bare", "ferry-untuned", "ferry-poll2000", "ferry-example",
        "ferry-eos", "ferry-eos-poll",
        "mm2", "mm2-tuned");

    /** The client tuning Ferry's high-throughput example ships; given to MirrorMaker 2 too for the tuned pair. */
    static final Map<String, String> CLIENT_TUNING = Map.of(
        "source.consumer.max.poll.records", "2000",
        "producer.override.linger.ms", "5",
        "producer.override.batch.size", Integer.toString(256 * 1024));

    private Contenders() {
    }

    static List<Contender> named(List<String> names, FerryClusters clusters, ExactlyOnceWorker exactlyOnceWorker, String topic,
                                 BenchSettings settings) {
        ConnectorContender.ConnectApi atLeastOnceWorker = new ConnectorContender.ConnectApi() {
            @Override
            public void configureConnector(String name, Map<String, String> config) {
                clusters.connect().configureConnector(name, config);
            }

            @Override
            public void deleteConnector(String name) {
                clusters.connect().deleteConnector(name);
            }
        };
        List<Contender> contenders = new ArrayList<>();
        for (String name : names) {
            contenders.add(name.equals("plain-loop")
                ? new PlainLoop(clusters, topic, settings)
                : new ConnectorContender(name, clusters, name.startsWith("ferry-eos") ? exactlyOnceWorker : atLeastOnceWorker,
                    settings, round -> mirrorConfig(name, clusters, topic, round)));
        }
        return contenders;
    }

    /** The connector configuration of a mirroring contender for one round, writing to a fresh remote topic. */
    static ConnectorContender.RoundConfig mirrorConfig(String name, FerryClusters clusters, String topic, int round) {
        String separator = "." + name.replace("-", "") + round + ".";
        Map<String, String> config = mirrorBase(clusters, topic, separator);
        switch (name) {
            case "ferry" -> ferry(config, Map.of());
            case "ferry-no-syncs" -> ferry(config, Map.of("emit.offset-syncs.enabled", "false"));
            case "ferry-no-progress" -> ferry(config, Map.of("progress.enabled", "false"));
            case "ferry-bare" -> ferry(config, Map.of("emit.offset-syncs.enabled", "false", "progress.enabled", "false"));
            case "ferry-eos" -> ferry(config, Map.of("exactly.once.support", "required",
                "transaction.boundary", "interval", "transaction.boundary.interval.ms", "1000"));
            case "ferry-eos-poll" -> ferry(config, Map.of("exactly.once.support", "required"));
            case "ferry-untuned" -> {
                config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
                // the consumer client's own default, which Ferry's default (2,000) replaced after this comparison
                config.put("source.consumer.max.poll.records", "500");
            }
            case "ferry-poll2000" -> config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
            case "ferry-example" -> {
                config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
                config.putAll(HighThroughputExample.clientSettings());
            }
            case "mm2" -> mirrorMaker2(config, Map.of());
            case "mm2-tuned" -> mirrorMaker2(config, CLIENT_TUNING);
            default -> throw new IllegalArgumentException("bench.contenders: unknown contender '" + name + "'; known: " + ALL);
        }
        return new ConnectorContender.RoundConfig(config, "east" + separator + topic);
    }

    private static void ferry(Map<String, String> config, Map<String, String> extra) {
        config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
        config.putAll(CLIENT_TUNING);
        config.putAll(extra);
    }

    private static void mirrorMaker2(Map<String, String> config, Map<String, String> extra) {
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        // one broker per cluster: MirrorMaker 2's defaults (2 and 3) could not create its topics
        config.put("replication.factor", "1");
        config.put("offset-syncs.topic.replication.factor", "1");
        // ACL sync needs an authorizer these clusters do not run; it is off the copy path either way
        config.put("sync.topic.acls.enabled", "false");
        config.putAll(extra);
    }

    private static Map<String, String> mirrorBase(FerryClusters clusters, String topic, String separator) {
        Map<String, String> config = new HashMap<>();
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("topics", topic);
        config.put("replication.policy.separator", separator);
        for (String key : List.of("key.converter", "value.converter", "header.converter")) {
            config.put(key, "org.apache.kafka.connect.converters.ByteArrayConverter");
        }
        return config;
    }

    /** Names from {@code -Dbench.contenders}, in order, or all of them. */
    static List<String> selected() {
        String property = System.getProperty("bench.contenders", "");
        if (property.isBlank()) {
            return ALL;
        }
        return Arrays.stream(property.split(",")).map(String::trim).filter(name -> !name.isEmpty()).distinct().toList();
    }
}
