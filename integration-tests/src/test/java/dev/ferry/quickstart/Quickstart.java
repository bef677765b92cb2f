package dev.ferry.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.InJvmConnectWorker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.LogManager;

import sun.misc.Signal;

/**
 * The README's quickstart: two local Kafka clusters (or existing ones), a Connect worker with Ferry on its
 * plugin.path and the monitoring extension on, the mirror, checkpoint and heartbeat connectors created over REST,
 * traffic and a consumer group on the source (local clusters only), then a live line of lag and throughput from
 * Ferry's own monitoring. Run it with {@code ./quickstart.sh} (flags: {@link QuickstartOptions#USAGE});
 * Ctrl-C stops everything.
 */
public final class Quickstart {

    static final String MIRROR = "east-to-west";
    static final String CHECKPOINTS = "east-to-west-checkpoints";
    static final String HEARTBEATS = "heartbeats-east";
    static final String GROUP = "quickstart-app";
    private static final Map<String, Integer> LOCAL_TOPICS = new LinkedHashMap<>(Map.of("orders", 4, "payments", 2));
    private static final int RECORDS_PER_SECOND = 500;
    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final long LINE_INTERVAL_MS = 2_000;

    private final QuickstartOptions options;
    private final PrintStream out;
    private final Path dataDir;
    /** Everything started so far, stopped in reverse order by the shutdown hook (Ctrl-C, --run-seconds or a failure). */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** The traffic generator, with local clusters only. */
    private Traffic traffic;

    private Quickstart(QuickstartOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.dataDir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(QuickstartOptions.USAGE);
            return;
        }
        QuickstartOptions options;
        try {
            options = QuickstartOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("quickstart: " + e.getMessage());
            System.err.println(QuickstartOptions.USAGE);
            System.exit(2);
            return;
        }
        Quickstart quickstart = new Quickstart(options, System.out);
        // Jersey (inside Connect's REST server) warns through java.util.logging straight to the console; Connect's own
        // logs go to the log file, and so would these if they mattered.
        LogManager.getLogManager().reset();
        // Kafka's embedded clusters delete their folders from shutdown hooks of their own, which run concurrently with
        // any hook of ours, so a broker can lose its log dir while still running and halt the JVM. Ctrl-C (and SIGTERM)
        // therefore only ask the main thread to stop, which then stops everything in order before the JVM exits.
        for (String signal : List.of("INT", "TERM")) {
            Signal.handle(new Signal(signal), received -> quickstart.stopping.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(quickstart::stop, "quickstart-shutdown"));
        int exitCode = 0;
        try {
            quickstart.run();
        } catch (QuickstartFailure e) {
            if (quickstart.stopping.getCount() > 0) {
                System.err.println("quickstart failed: " + e.getMessage());
                exitCode = 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exitCode = 1;
        } catch (RuntimeException | Error e) {
            System.err.println("quickstart failed unexpectedly (details in " + quickstart.dataDir.resolve("test.log") + "):");
            e.printStackTrace();
            exitCode = 1;
        }
        quickstart.stop();
        System.exit(exitCode);
    }

    /** @throws QuickstartFailure after Ctrl-C, so start-up goes no further */
    private void checkNotStopping() {
        if (stopping.getCount() == 0) {
            throw new QuickstartFailure("stopped while starting");
        }
    }

    private void run() throws InterruptedException {
        out.println("Ferry quickstart: data and logs under " + dataDir);
        Path pluginPath = pluginPath();
        Ports.requireFree(options.restPort(), "the Connect worker's REST API and Ferry's dashboard", "--rest-port");

        String sourceBootstrap;
        String targetBootstrap;
        if (options.local()) {
            sourceBootstrap = startLocalCluster("source cluster (east)").bootstrapServers();
            checkNotStopping();
            targetBootstrap = startLocalCluster("target cluster (west)").bootstrapServers();
        } else {
            sourceBootstrap = awaitExistingCluster("source cluster (east)", options.sourceBootstrap().orElseThrow());
            targetBootstrap = awaitExistingCluster("target cluster (west)", options.targetBootstrap().orElseThrow());
        }

        checkNotStopping();
        out.println("Starting a Connect worker on port " + options.restPort() + " with Ferry (" + pluginPath + ") and the "
            + "monitoring extension; waiting for it to join its Connect cluster on west (GET /health)...");
        InJvmConnectWorker worker = quietly(() -> InJvmConnectWorker.start(workerProps(targetBootstrap, pluginPath), STARTUP_TIMEOUT));
        register(worker);

        if (options.local()) {
            out.println("Creating topics " + LOCAL_TOPICS + " (name=partitions) on east...");
            createTopics(sourceBootstrap);
        }

        checkNotStopping();
        if (options.local()) {
            out.println("Starting traffic (" + RECORDS_PER_SECOND + " records/s) and consumer group " + GROUP + " on east...");
            traffic = Traffic.start(sourceBootstrap, List.copyOf(LOCAL_TOPICS.keySet()), RECORDS_PER_SECOND);
            register(traffic);
            Thread app = new Thread(() -> consumeSlowly(sourceBootstrap), "quickstart-app");
            app.setDaemon(true);
            app.start();
        }

        out.println("Creating connectors " + MIRROR + " (mirror), " + CHECKPOINTS + " (checkpoints) and " + HEARTBEATS
            + " (heartbeats) over the Connect REST API...");
        worker.configureConnector(HEARTBEATS, heartbeats(sourceBootstrap));
        worker.configureConnector(MIRROR, mirror(sourceBootstrap, targetBootstrap));
        worker.configureConnector(CHECKPOINTS, checkpoints(sourceBootstrap, targetBootstrap));
        out.println("Waiting for connector " + HEARTBEATS + " and its task to be RUNNING...");
        awaitRunning(worker, HEARTBEATS, true);
        out.println("Waiting for connector " + MIRROR + " and its tasks to be RUNNING...");
        awaitRunning(worker, MIRROR, true);
        // The checkpoint connector starts tasks only for the consumer groups it has found, possibly none yet.
        out.println("Waiting for connector " + CHECKPOINTS + " to be RUNNING...");
        awaitRunning(worker, CHECKPOINTS, false);

        String rest = worker.url().toString().replace(worker.url().getHost(), "localhost");
        out.println();
        out.println("  Connect REST API : " + rest + "  (try: curl -s " + rest + "connectors/" + MIRROR + "/status)");
        out.println("  Dashboard        : " + rest + "ferry/");
        out.println("  source (east)    : " + sourceBootstrap);
        out.println("  target (west)    : " + targetBootstrap + "  (copies named east.<topic>)");
        out.println("  mirrored topics  : " + options.topics() + (options.local() ? "|ferry-heartbeats" : ""));
        if (options.local()) {
            out.println("  traffic          : " + RECORDS_PER_SECOND + " records/s into orders and payments; consumer group "
                + GROUP + " reads orders on east");
        }
        out.println("  " + (options.runSeconds() > 0 ? "Stops after " + options.runSeconds() + " s; " : "") + "Ctrl-C stops everything.");
        out.println();

        long deadline = options.runSeconds() > 0 ? System.currentTimeMillis() + options.runSeconds() * 1000 : Long.MAX_VALUE;
        while (System.currentTimeMillis() < deadline && !stopping.await(LINE_INTERVAL_MS, TimeUnit.MILLISECONDS)) {
            out.println(LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + "  " + liveLine(worker));
        }
    }

    private String liveLine(InJvmConnectWorker worker) {
        try {
            String state = worker.getJson("connectors/" + MIRROR + "/status").path("connector").path("state").asText();
            String line = LiveLine.format(state, worker.getJson("ferry/v1/replication"), worker.getJson("ferry/v1/groups"), MIRROR);
            return traffic == null || traffic.failed() == 0 ? line : line + "  (traffic: " + traffic.failed() + " sends failed)";
        } catch (RuntimeException | AssertionError e) {
            return "the worker did not answer: " + e.getMessage();
        }
    }

    private Path pluginPath() {
        String property = System.getProperty("ferry.plugin.path");
        Path dir = property == null ? null : Path.of(property).toAbsolutePath().normalize();
        if (dir == null || !Files.isDirectory(dir.resolve("ferry"))) {
            throw new QuickstartFailure("Ferry's plugin directory " + (dir == null ? "(system property ferry.plugin.path)" : dir)
                + " holds no ferry/ folder: build Ferry first (./quickstart.sh does: mvn -B -DskipTests install)");
        }
        return dir;
    }

    private EmbeddedKafkaCluster startLocalCluster(String what) {
        out.println("Starting the " + what + ": one KRaft broker; waiting for it to accept clients...");
        Properties broker = new Properties();
        broker.put("auto.create.topics.enable", "false");
        broker.put("offsets.topic.replication.factor", "1");
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        broker.put("group.initial.rebalance.delay.ms", "0");
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(1, broker);
        register(cluster::stop);
        quietly(() -> {
            cluster.start();
            return cluster;
        });
        out.println("  " + what + " is up at " + cluster.bootstrapServers());
        return cluster;
    }

    private String awaitExistingCluster(String what, String bootstrap) {
        out.println("Waiting for the " + what + " at " + bootstrap + " to answer...");
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        String prefix = what.startsWith("source") ? "source.cluster." : "target.cluster.";
        options.connectorClientSettings().forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                config.put(key.substring(prefix.length()), value);
            }
        });
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
            return bootstrap;
        } catch (Exception e) {
            throw new QuickstartFailure("the " + what + " at " + bootstrap + " did not answer within 30 s (" + e + "); check the "
                + "address and, for secured clusters, the " + prefix + "* settings in --config", e);
        }
    }

    /** Runs a start-up step with Kafka's own console output (KRaft formatting, banners) sent to a file under the data folder. */
    private <T> T quietly(Supplier<T> step) {
        PrintStream console = System.out;
        try (PrintStream file = new PrintStream(new FileOutputStream(dataDir.resolve("kafka-console.log").toFile(), true), true,
            StandardCharsets.UTF_8)) {
            System.setOut(file);
            return step.get();
        } catch (IOException e) {
            throw new QuickstartFailure("cannot write under " + dataDir + ": " + e.getMessage(), e);
        } catch (AssertionError e) {
            throw new QuickstartFailure(e.getMessage(), e);
        } finally {
            System.setOut(console);
        }
    }

    private Map<String, String> workerProps(String targetBootstrap, Path pluginPath) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", targetBootstrap);
        props.put("group.id", "ferry-quickstart");
        props.put("config.storage.topic", "ferry-quickstart-configs");
        props.put("offset.storage.topic", "ferry-quickstart-offsets");
        props.put("status.storage.topic", "ferry-quickstart-status");
        for (String topic : List.of("config", "offset", "status")) {
            props.put(topic + ".storage.replication.factor", "-1"); // the brokers' default.replication.factor
        }
        props.put("listeners", "http://localhost:" + options.restPort());
        props.put("plugin.path", pluginPath.toString());
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", BYTES);
        props.put("value.converter", BYTES);
        props.put("header.converter", BYTES);
        props.put("offset.flush.interval.ms", "1000");
        props.put("rest.extension.classes", "dev.ferry.monitoring.FerryRestExtension");
        props.put("ferry.monitoring.report.interval.ms", "1000");
        props.putAll(options.workerSettings());
        return props;
    }

    private Map<String, String> clusters(String sourceBootstrap, String targetBootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("source.cluster.alias", "east");
        config.put("target.cluster.alias", "west");
        config.put("source.cluster.bootstrap.servers", sourceBootstrap);
        config.put("target.cluster.bootstrap.servers", targetBootstrap);
        config.putAll(options.connectorClientSettings());
        config.put("key.converter", BYTES);
        config.put("value.converter", BYTES);
        return config;
    }

    private Map<String, String> mirror(String sourceBootstrap, String targetBootstrap) {
        Map<String, String> config = clusters(sourceBootstrap, targetBootstrap);
        config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
        config.put("tasks.max", "2");
        config.put("topics", options.local() ? options.topics() + "|ferry-heartbeats" : options.topics());
        config.put("refresh.topics.interval.ms", "5000");
        config.put("progress.interval.ms", "1000");
        config.put("header.converter", BYTES);
        return config;
    }

    private Map<String, String> checkpoints(String sourceBootstrap, String targetBootstrap) {
        Map<String, String> config = clusters(sourceBootstrap, targetBootstrap);
        config.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        config.put("tasks.max", "1");
        config.put("groups", options.local() ? GROUP : ".*");
        config.put("refresh.groups.interval.ms", "2000");
        config.put("emit.checkpoints.interval.ms", "1000");
        return config;
    }

    private Map<String, String> heartbeats(String sourceBootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.mirror.HeartbeatConnector");
        config.put("tasks.max", "1");
        config.put("source.cluster.alias", "east");
        config.put("source.cluster.bootstrap.servers", sourceBootstrap);
        options.connectorClientSettings().forEach((key, value) -> {
            if (key.startsWith("source.cluster.")) {
                config.put(key, value);
            }
        });
        config.put("emit.heartbeats.interval.ms", "1000");
        return config;
    }

    /**
     * Waits until the connector is RUNNING and, when {@code tasksRequired}, has tasks, all RUNNING.
     *
     * @throws QuickstartFailure naming the connector or task that FAILED, with the first line of its trace
     */
    private void awaitRunning(InJvmConnectWorker worker, String connector, boolean tasksRequired) throws InterruptedException {
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT.toMillis();
        String last = "no status yet";
        while (System.currentTimeMillis() < deadline) {
            var response = worker.get("connectors/" + connector + "/status");
            if (response.statusCode() == 200) {
                JsonNode status = worker.getJson("connectors/" + connector + "/status");
                last = status.toString();
                String state = status.path("connector").path("state").asText();
                boolean tasksRunning = !tasksRequired || !status.path("tasks").isEmpty();
                for (JsonNode task : status.path("tasks")) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        throw new QuickstartFailure("connector " + connector + " task " + task.path("id").asInt() + " FAILED: "
                            + task.path("trace").asText().lines().findFirst().orElse(""));
                    }
                    tasksRunning &= "RUNNING".equals(task.path("state").asText());
                }
                if ("FAILED".equals(state)) {
                    throw new QuickstartFailure("connector " + connector + " FAILED: "
                        + status.path("connector").path("trace").asText().lines().findFirst().orElse(""));
                }
                if ("RUNNING".equals(state) && tasksRunning) {
                    return;
                }
            }
            if (stopping.await(200, TimeUnit.MILLISECONDS)) {
                throw new QuickstartFailure("stopped while waiting for connector " + connector);
            }
        }
        throw new QuickstartFailure("connector " + connector + " was not RUNNING after " + STARTUP_TIMEOUT.toSeconds() + " s; last status: "
            + last);
    }

    private void createTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = LOCAL_TOPICS.entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1)).toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new QuickstartFailure("could not create topics " + LOCAL_TOPICS.keySet() + " on east: " + e, e);
        }
    }

    /** A consumer group on the source that reads orders at its own pace and commits, so there is something to translate. */
    private void consumeSlowly(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, GROUP,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50))) {
            consumer.subscribe(List.of("orders"));
            while (!stopping.await(200, TimeUnit.MILLISECONDS)) {
                consumer.poll(Duration.ofMillis(100));
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (stopping.getCount() > 0) {
                System.err.println("quickstart consumer group stopped: " + e);
            }
        }
    }

    private synchronized void register(AutoCloseable resource) {
        started.push(resource);
    }

    /** The shutdown hook: stops the traffic, the worker (its tasks commit their positions) and the clusters. */
    private void stop() {
        stopping.countDown();
        synchronized (this) {
            if (started.isEmpty()) {
                return;
            }
            out.println("\nStopping...");
            while (!started.isEmpty()) {
                AutoCloseable resource = started.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
        }
        out.println("Stopped. Logs are kept under " + dataDir);
    }
}
