package dev.ferry.quickstart;

import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleProducer;
import org.apache.kafka.clients.admin.Admin;
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

        String rest = clusters.connect().endpointForResource("connectors").replaceAll("connectors$", "");
        out.println();
        out.println("  Connect REST API : " + rest + "  (try: curl -s " + rest + "connectors/east-to-west/status)");
        out.println("  source (east)    : " + clusters.sourceBootstrap());
        out.println("  target (west)    : " + clusters.targetBootstrap() + "  (topics east.orders, east.payments)");
        out.println("  traffic          : " + RECORDS_PER_SECOND + " records/s into orders and payments");
        out.println("  Ctrl-C stops everything.");
        out.println();

        try (Admin source = clusters.source().createAdminClient(); Admin target = clusters.target().createAdminClient()) {
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
            }
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
