package dev.ferry.bench;

import dev.ferry.testkit.ChildConnectWorker;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * End-to-end latency at a steady produce rate: target receive time minus source create time, for each mirroring
 * contender in turn (alternating over rounds), with a direct one-hop read of the source measured in the same
 * window as the floor.
 *
 * <p>Settings: {@code -Dbench.rate} records/s (default 20,000), {@code -Dbench.partitions} (8),
 * {@code -Dbench.valueBytes} (500), {@code -Dbench.rounds} (2), {@code -Dbench.seconds} measured per contender
 * and round (30, after 10 s of warm-up), {@code -Dbench.contenders} (default {@code ferry,mm2}),
 * {@code -Dbench.worker}: {@code inJvm} (default) runs the Connect worker in the benchmark's process; {@code child}
 * runs it, and so every mirror, in a JVM of its own ({@value #CHILD_HEAP}), as in production
 * ({@code -Dbench.workerJvmArg} adds one JVM option to it, e.g. a GC log). On two cores the second JVM's garbage
 * collector competes with the brokers and widens every tail, the one-hop floor's too (RESULTS.md), so in-JVM is
 * the default here.
 */
public final class LatencyBenchmark {

    static final String CHILD_HEAP = "-Xmx1g";

    private LatencyBenchmark() {
    }

    /** Where connectors are created and deleted: a worker in this JVM, or the only worker, in a child JVM. */
    private record Workers(BiConsumer<String, Map<String, String>> configure, Consumer<String> delete) {
    }

    public static void main(String[] args) throws Exception {
        int rate = Integer.getInteger("bench.rate", 20_000);
        int partitions = Integer.getInteger("bench.partitions", 8);
        int valueBytes = Integer.getInteger("bench.valueBytes", 500);
        int rounds = Integer.getInteger("bench.rounds", 2);
        Duration window = Duration.ofSeconds(Integer.getInteger("bench.seconds", 30));
        Duration warmUp = Duration.ofSeconds(10);
        String names = System.getProperty("bench.contenders", "");
        List<String> contenders = Arrays.stream((names.isBlank() ? "ferry,mm2" : names).split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
        boolean childWorker = "child".equals(System.getProperty("bench.worker", "inJvm"));
        try (FerryClusters clusters = FerryClusters.builder().workers(1).build().start();
             ChildConnectWorker child = childWorker ? onlyWorkerInChildJvm(clusters) : null) {
            Workers workers = child == null
                ? new Workers(clusters.connect()::configureConnector, clusters.connect()::deleteConnector)
                : new Workers((name, config) -> configureOnChild(child, name, config), child.rest()::deleteConnector);
            System.out.printf("steady %,d records/s of %d B in %d partitions; %d s measured per contender and round; "
                + "Connect worker %s%n", rate, valueBytes, partitions, window.toSeconds(),
                child == null ? "in the benchmark JVM" : "in a JVM of its own (" + CHILD_HEAP + ")");
            System.out.println("| round | system | records | p50 ms | p99 ms | p99.9 ms | max ms | one-hop p50 | one-hop p99 | one-hop p99.9 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (String name : contenders) {
                    // a fresh source topic each time, so every mirror starts with no backlog to catch up on
                    String topic = "steady-" + name + "-" + round;
                    clusters.createSourceTopic(topic, partitions, Map.of());
                    try (SteadyProducer ignored = new SteadyProducer(clusters.sourceBootstrap(), topic, partitions, rate, valueBytes)) {
                        measure(clusters, workers, name, topic, round, partitions, warmUp, window);
                    }
                }
            }
        }
    }

    /**
     * Starts a worker in a child JVM joining the Connect cluster, then removes the cluster's in-JVM worker, so the
     * child runs every connector and task.
     */
    private static ChildConnectWorker onlyWorkerInChildJvm(FerryClusters clusters) {
        List<String> jvmOptions = new ArrayList<>(List.of(CHILD_HEAP));
        String extra = System.getProperty("bench.workerJvmArg", "").trim();
        if (!extra.isEmpty()) {
            jvmOptions.add(extra); // e.g. a GC or safepoint log of the worker
        }
        ChildConnectWorker child = ChildConnectWorker.start(clusters.joiningWorkerProps(),
            Path.of(System.getProperty("ferry.test.log.dir", "target"), "latency-worker"), jvmOptions);
        try {
            child.rest().awaitReady(Duration.ofMinutes(2));
            for (WorkerHandle inJvm : List.copyOf(clusters.connect().workers())) {
                clusters.connect().removeWorker(inJvm);
            }
            // the child leads the cluster alone once it answers for the connector list again
            Waits.until("the child worker to lead the Connect cluster alone", Duration.ofMinutes(2),
                () -> child.rest().get("connectors").statusCode() == 200);
            return child;
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
    }

    /**
     * Creates a connector through the child worker, retrying while the child still forwards writes to the removed
     * worker it took for the leader (Connect answers 500 until the group has moved on).
     */
    private static void configureOnChild(ChildConnectWorker child, String name, Map<String, String> config) {
        Waits.until("the child worker to accept connector " + name, Duration.ofMinutes(2), () -> {
            int status = child.rest().put("connectors/" + name + "/config", config).statusCode();
            return status == 200 || status == 201;
        });
    }

    private static void measure(FerryClusters clusters, Workers workers, String name, String topic, int round, int partitions,
                                Duration warmUp, Duration window) throws Exception {
        ConnectorContender.RoundConfig config = Contenders.mirrorConfig(name, clusters, topic, round);
        String connector = name + "-latency-" + round;
        workers.configure().accept(connector, config.connectorConfig());
        try (Admin admin = clusters.target().createAdminClient()) {
            Waits.until("records arriving on " + config.remoteTopic(), Duration.ofMinutes(2),
                () -> TargetCounts.endOffsetSum(admin, config.remoteTopic(), partitions) > 0);
        }
        CompletableFuture<long[]> oneHop = CompletableFuture.supplyAsync(
            () -> LatencyRecorder.record(clusters.sourceBootstrap(), topic, partitions, warmUp, window));
        long[] mirrored = LatencyRecorder.record(clusters.targetBootstrap(), config.remoteTopic(), partitions, warmUp, window);
        long[] direct = oneHop.get();
        workers.delete().accept(connector);
        Arrays.sort(mirrored);
        Arrays.sort(direct);
        System.out.printf("| %d | %s | %,d | %d | %d | %d | %d | %d | %d | %d |%n", round, name, mirrored.length,
            percentile(mirrored, 50), percentile(mirrored, 99), percentile(mirrored, 99.9), mirrored[mirrored.length - 1],
            percentile(direct, 50), percentile(direct, 99), percentile(direct, 99.9));
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
