package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap a mirror task holds over a long steady run: one source topic of {@code -Dbench.partitions} (default 100)
 * partitions fed at {@code -Dbench.rate} records/s (default 5,000) of {@code -Dbench.valueBytes} (500), mirrored
 * by Ferry as shipped (client tuning of its high-throughput example) with {@code -Dbench.tasks} tasks (default 1)
 * for {@code -Dbench.seconds} (default 600). Once a minute, a full GC and the heap in use: the process's heap
 * before the connector started is subtracted, so what remains is the connector and its tasks, their Kafka
 * clients' buffers included (brokers and producer are in the same process, so the figure is coarse).
 */
public final class HeapBenchmark {

    private static final String TOPIC = "heap";

    private HeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int partitions = Integer.getInteger("bench.partitions", 100);
        int rate = Integer.getInteger("bench.rate", 5_000);
        int valueBytes = Integer.getInteger("bench.valueBytes", 500);
        int tasks = Integer.getInteger("bench.tasks", 1);
        Duration length = Duration.ofSeconds(Integer.getInteger("bench.seconds", 600));
        Duration sampleEvery = Duration.ofSeconds(60);
        try (FerryClusters clusters = FerryClusters.builder().workers(1).build().start();
             Admin source = clusters.source().createAdminClient();
             Admin target = clusters.target().createAdminClient()) {
            clusters.createSourceTopic(TOPIC, partitions, Map.of());
            System.out.printf("%,d records/s of %d B into %d partitions, tasks.max %d, %d s%n", rate, valueBytes, partitions, tasks,
                length.toSeconds());
            try (SteadyProducer ignored = new SteadyProducer(clusters.sourceBootstrap(), TOPIC, partitions, rate, valueBytes)) {
                long idle = heapAfterGc();
                ConnectorContender.RoundConfig config = Contenders.mirrorConfig("ferry", clusters, TOPIC, 0);
                Map<String, String> connector = new HashMap<>(config.connectorConfig());
                connector.put("tasks.max", Integer.toString(tasks));
                clusters.connect().configureConnector("heap", connector);
                Waits.until("records arriving on " + config.remoteTopic(), Duration.ofMinutes(2),
                    () -> TargetCounts.endOffsetSum(target, config.remoteTopic(), partitions) > 0);
                System.out.printf("heap after GC before the connector: %d MB%n", idle >> 20);
                System.out.println("| minute | records copied | lag (records) | heap MB after GC | connector + tasks MB | per task MB |");
                System.out.println("|---|---|---|---|---|---|");
                long start = System.nanoTime();
                long min = Long.MAX_VALUE;
                long max = 0;
                for (int minute = 1; minute <= length.dividedBy(sampleEvery); minute++) {
                    // the benchmark's sampling clock, not synchronisation
                    LockSupport.parkNanos(start + sampleEvery.toNanos() * minute - System.nanoTime());
                    long copied = TargetCounts.endOffsetSum(target, config.remoteTopic(), partitions);
                    long lag = TargetCounts.endOffsetSum(source, TOPIC, partitions) - copied;
                    long heap = heapAfterGc();
                    long held = heap - idle;
                    min = Math.min(min, held);
                    max = Math.max(max, held);
                    System.out.printf("| %d | %,d | %,d | %d | %d | %.0f |%n", minute, copied, lag, heap >> 20, held >> 20,
                        held / (double) tasks / (1 << 20));
                }
                System.out.printf("connector + tasks: %d-%d MB over the run (spread %d MB)%n", min >> 20, max >> 20, (max - min) >> 20);
                clusters.connect().deleteConnector("heap");
            }
        }
    }

    /** Heap in use after a full collection, twice so that objects freed by the first collection's finalization are gone too. */
    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
