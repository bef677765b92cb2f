package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * End-to-end latency at a steady produce rate: target receive time minus source create time, for each mirroring
 * contender in turn (alternating over rounds), with a direct one-hop read of the source measured in the same
 * window as the floor.
 *
 * <p>Settings: {@code -Dbench.rate} records/s (default 20,000), {@code -Dbench.partitions} (8),
 * {@code -Dbench.valueBytes} (500), {@code -Dbench.rounds} (2), {@code -Dbench.seconds} measured per contender
 * and round (30, after 10 s of warm-up), {@code -Dbench.contenders} (default {@code ferry,mm2}).
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
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
        try (FerryClusters clusters = FerryClusters.builder().workers(1).build().start()) {
            System.out.printf("steady %,d records/s of %d B in %d partitions; %d s measured per contender and round%n",
                rate, valueBytes, partitions, window.toSeconds());
            System.out.println("| round | system | records | p50 ms | p99 ms | p99.9 ms | max ms | one-hop p50 | one-hop p99 | one-hop p99.9 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (String name : contenders) {
                    // a fresh source topic each time, so every mirror starts with no backlog to catch up on
                    String topic = "steady-" + name + "-" + round;
                    clusters.createSourceTopic(topic, partitions, Map.of());
                    try (SteadyProducer ignored = new SteadyProducer(clusters.sourceBootstrap(), topic, partitions, rate, valueBytes)) {
                        measure(clusters, name, topic, round, partitions, warmUp, window);
                    }
                }
            }
        }
    }

    private static void measure(FerryClusters clusters, String name, String topic, int round, int partitions, Duration warmUp,
                                Duration window) throws Exception {
        ConnectorContender.RoundConfig config = Contenders.mirrorConfig(name, clusters, topic, round);
        String connector = name + "-latency-" + round;
        clusters.connect().configureConnector(connector, config.connectorConfig());
        try (Admin admin = clusters.target().createAdminClient()) {
            Waits.until("records arriving on " + config.remoteTopic(), Duration.ofMinutes(2),
                () -> TargetCounts.endOffsetSum(admin, config.remoteTopic(), partitions) > 0);
        }
        CompletableFuture<long[]> oneHop = CompletableFuture.supplyAsync(
            () -> LatencyRecorder.record(clusters.sourceBootstrap(), topic, partitions, warmUp, window));
        long[] mirrored = LatencyRecorder.record(clusters.targetBootstrap(), config.remoteTopic(), partitions, warmUp, window);
        long[] direct = oneHop.get();
        clusters.connect().deleteConnector(connector);
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
