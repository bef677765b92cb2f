package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copy throughput of Ferry's mirror connector against a plain consumer→producer loop and MirrorMaker 2, all
 * copying the same pre-loaded topic in one process. Throughput drifts within a process, so contenders alternate
 * (the order rotates every round) and only per-round ratios and their medians are compared. Prints records/s and
 * process CPU seconds per million records for each copy, then medians and ratios.
 *
 * <p>Settings: see {@link BenchSettings} and {@link Contenders}.
 */
public final class ThroughputBenchmark {

    private static final String TOPIC = "bench";

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromSystemProperties();
        try (FerryClusters clusters = FerryClusters.builder().workers(1).build().start();
             ExactlyOnceWorker exactlyOnceWorker = new ExactlyOnceWorker(clusters)) {
            clusters.createSourceTopic(TOPIC, settings.partitions(), Map.of());
            Preloader.preload(clusters.sourceBootstrap(), TOPIC, settings);
            System.out.printf("preloaded %,d records of %d B in %d partitions%n", settings.records(), settings.valueBytes(), settings.partitions());
            List<Contender> contenders = Contenders.named(Contenders.selected(), clusters, exactlyOnceWorker, TOPIC, settings);
            Map<String, List<CopyResult>> measured = new LinkedHashMap<>();
            contenders.forEach(contender -> measured.put(contender.name(), new ArrayList<>()));
            System.out.println("| round | system | seconds | records/s | CPU s / M records |");
            System.out.println("|---|---|---|---|---|");
            for (int round = 0; round <= settings.rounds(); round++) {
                List<Contender> order = new ArrayList<>(contenders);
                Collections.rotate(order, -round);
                for (Contender contender : order) {
                    CopyResult result = contender.copyAll(round);
                    System.out.printf("| %s | %s | %.2f | %,.0f | %.2f |%n", round == 0 ? "warm-up" : Integer.toString(round),
                        contender.name(), result.seconds(), result.recordsPerSecond(settings.records()),
                        result.cpuSecondsPerMillion(settings.records()));
                    if (round > 0) {
                        measured.get(contender.name()).add(result);
                    }
                }
            }
            new ThroughputSummary(settings.records(), measured).print(System.out);
        }
    }
}
