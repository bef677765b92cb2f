package dev.ferry.quickstart;

import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.common.PrefixReplicationPolicy;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.failover.FailoverClient;
import dev.ferry.offsets.failover.FailoverException;
import dev.ferry.offsets.failover.GroupPlan;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The README's quickstart: two local Kafka clusters, a Connect worker with Ferry on its plugin.path,
 * a mirror connector created over REST, traffic on the source, and a live line of what the target holds.
 * Run it with {@code ./quickstart.sh}; Ctrl-C stops everything.
 */
public final class Quickstart {

    private static final Map<String, Integer> TOPICS = new LinkedHashMap<>(Map.of("orders", 4, "payments", 2));
    private static final int RECORDS_PER_SECOND = 500;
    private static final String GROUP = "quickstart-app";

    private Quickstart() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        out.println("Ferry quickstart: data and logs under " + System.getProperty("java.io.tmpdir"));
        out.println("Starting a source cluster (east), a target cluster (west) and a Connect worker with Ferry...");
        FerryClusters clusters = FerryClusters.builder().workers(1).build().start();
        OracleProducer producer = OracleProducer.start(clusters.source(), "quickstart");
        CountDownLatch stopped = new CountDownLatch(1);
        BackgroundProduction[] traffic = new BackgroundProduction[1];
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nStopping...");
            if (traffic[0] != null) {
                traffic[0].close();
            }
            producer.close();
            clusters.close();
            stopped.countDown();
            out.println("Stopped.");
        }, "quickstart-shutdown"));

        TOPICS.forEach((topic, partitions) -> clusters.createSourceTopic(topic, partitions, Map.of()));
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
        config.put("tasks.max", "2");
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        config.put("topics", "orders|payments");
        for (String key : List.of("key.converter", "value.converter", "header.converter")) {
            config.put(key, "org.apache.kafka.connect.converters.ByteArrayConverter");
        }
        out.println("Creating connector 'east-to-west' over the Connect REST API...");
        clusters.connect().configureConnector("east-to-west", config);
        clusters.awaitConnectorRunning("east-to-west", 2, Duration.ofSeconds(60));
        traffic[0] = producer.produceInBackground(TOPICS.keySet(), 2, RECORDS_PER_SECOND);

        Map<String, String> checkpoints = new HashMap<>(config);
        checkpoints.remove("topics");
        checkpoints.remove("header.converter");
        checkpoints.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        checkpoints.put("tasks.max", "1");
        checkpoints.put("groups", GROUP);
        checkpoints.put("refresh.groups.interval.ms", "2000");
        checkpoints.put("emit.checkpoints.interval.ms", "1000");
        out.println("Creating connector 'east-to-west-checkpoints' and starting consumer group '" + GROUP + "' on the source...");
        clusters.connect().configureConnector("east-to-west-checkpoints", checkpoints);
        Thread app = new Thread(() -> consumeSlowly(clusters.sourceBootstrap(), stopped), "quickstart-app");
        app.setDaemon(true);
        app.start();

        String rest = clusters.connect().endpointForResource("connectors").replaceAll("connectors$", "");
        out.println();
        out.println("  Connect REST API : " + rest + "  (try: curl -s " + rest + "connectors/east-to-west/status)");
        out.println("  source (east)    : " + clusters.sourceBootstrap());
        out.println("  target (west)    : " + clusters.targetBootstrap() + "  (topics east.orders, east.payments)");
        out.println("  traffic          : " + RECORDS_PER_SECOND + " records/s into orders and payments");
        out.println("  Ctrl-C stops everything.");
        out.println();

        try (Admin source = clusters.source().createAdminClient(); Admin target = clusters.target().createAdminClient();
             FailoverClient failover = new FailoverClient(clusters.target().createAdminClient(),
                 clusters.target().createConsumer(Map.of()), new PrefixReplicationPolicy(), "east",
                 "ferry-checkpoints.east.internal", Duration.ofSeconds(10))) {
            long lastCopied = -1;
            while (!stopped.await(2, TimeUnit.SECONDS)) {
                long produced = total(source, TOPICS, "");
                long copied = total(target, TOPICS, "east.");
                ConnectorStateInfo status = clusters.connect().connectorStatus("east-to-west");
                long rate = lastCopied < 0 ? 0 : (copied - lastCopied) / 2;
                lastCopied = copied;
                out.printf("%s  connector %s (%d tasks)  source %,d records  target %,d  lag %,d records  copy rate %,d/s%n",
                    LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")), status.connector().state(),
                    status.tasks().size(), produced, copied, Math.max(0, produced - copied), rate);
                out.println("          " + readiness(failover));
            }
        }
    }

    /** One line on whether the demo group could fail over now, from Ferry's checkpoints on the target. */
    private static String readiness(FailoverClient failover) {
        try {
            List<GroupPlan> plans = failover.plan(group -> group.equals(GROUP), List.of(), 0, System.currentTimeMillis());
            long exact = plans.get(0).rows().stream().filter(row -> row.kind() == TranslationKind.EXACT).count();
            return "group " + GROUP + ": " + exact + "/" + plans.get(0).rows().size() + " partitions translate exactly (failover "
                + "re-reads 0 records), checkpoint age " + plans.get(0).oldestCheckpointAgeMs() / 1000 + " s";
        } catch (FailoverException e) {
            return "group " + GROUP + ": not ready for failover yet (" + e.getMessage().split("\\.")[0] + ")";
        }
    }

    /** A consumer group on the source that reads orders at its own pace and commits, so there is something to translate. */
    private static void consumeSlowly(String bootstrap, CountDownLatch stopped) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, GROUP,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50))) {
            consumer.subscribe(List.of("orders"));
            while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
                consumer.poll(Duration.ofMillis(100));
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.err.println("quickstart consumer group stopped: " + e);
        }
    }

    /** Sum of end offsets over every partition of the topics (with the name prefix) on one cluster. */
    private static long total(Admin admin, Map<String, Integer> topics, String prefix) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        topics.forEach((topic, partitions) -> {
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(prefix + topic, p), OffsetSpec.latest());
            }
        });
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
            .mapToLong(info -> info.offset()).sum();
    }
}
