package dev.ferry.bench;

import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Many topics: for {@code tasks.max} 1, 2 and 4 in turn ({@code -Dbench.tasks}), a connector mirroring {@code -Dbench.topics} (default 1,000)
 * topics of 4 partitions that exist before it starts (time until every remote partition holds its first record),
 * then as many new topics created while it runs (time until those are mirrored, against the refresh interval),
 * and the heap the worker process holds after a full GC with the connector running, against before it started.
 */
public final class ScaleBenchmark {

    private static final int PARTITIONS = 4;

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int topics = Integer.getInteger("bench.topics", 1_000);
        long refreshMs = 10_000;
        try (FerryClusters clusters = FerryClusters.builder().workers(1).build().start();
             Admin source = clusters.source().createAdminClient();
             Admin target = clusters.target().createAdminClient()) {
            System.out.printf("%,d topics x %d partitions existing, then %,d more created while running; refresh.topics.interval.ms=%d%n",
                topics, PARTITIONS, topics, refreshMs);
            printFloor(clusters, target, topics);
            System.out.println("| tasks.max | existing topics: s to first record everywhere | new topics: s to first record everywhere | "
                + "refresh intervals | heap MB after GC (worker idle -> running) | heap MB per task |");
            System.out.println("|---|---|---|---|---|---|");
            for (int tasks : tasksMaxValues()) {
                String existing = "scale" + tasks + "a-";
                String added = "scale" + tasks + "b-";
                createAndFill(clusters, source, existing, topics);
                long idleHeap = heapAfterGc();
                Map<String, String> config = new HashMap<>();
                config.put("connector.class", "dev.ferry.mirror.MirrorSourceConnector");
                config.put("tasks.max", Integer.toString(tasks));
                config.put("source.cluster.alias", "east");
                config.put("target.cluster.alias", "west");
                config.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
                config.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
                config.put("topics", "scale" + tasks + "[ab]-.*");
                config.put("refresh.topics.interval.ms", Long.toString(refreshMs));
                for (String key : List.of("key.converter", "value.converter", "header.converter")) {
                    config.put(key, "org.apache.kafka.connect.converters.ByteArrayConverter");
                }
                long start = System.nanoTime();
                clusters.connect().configureConnector("scale-" + tasks, config);
                awaitFirstRecords(target, "east." + existing, topics);
                double existingSeconds = (System.nanoTime() - start) / 1e9;
                long runningHeap = heapAfterGc();
                start = System.nanoTime();
                createAndFill(clusters, source, added, topics);
                awaitFirstRecords(target, "east." + added, topics);
                double addedSeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("| %d | %.1f | %.1f | %.1f | %d -> %d | %.0f |%n", tasks, existingSeconds, addedSeconds,
                    addedSeconds * 1000 / refreshMs, idleHeap >> 20, runningHeap >> 20, (runningHeap - idleHeap) / (double) tasks / (1 << 20));
                clusters.connect().deleteConnector("scale-" + tasks);
            }
        }
    }

    /** {@code -Dbench.tasks}, comma-separated (default 1,2,4); one value per process gives each row a clean heap. */
    private static List<Integer> tasksMaxValues() {
        String property = System.getProperty("bench.tasks", "");
        return java.util.Arrays.stream((property.isBlank() ? "1,2,4" : property).split(","))
            .map(String::trim).filter(value -> !value.isEmpty()).map(Integer::valueOf).toList();
    }

    private static void createAndFill(FerryClusters clusters, Admin source, String prefix, int topics) throws Exception {
        create(source, prefix, topics);
        fill(clusters.sourceBootstrap(), prefix, topics);
    }

    /**
     * The floor of this machine for the "new topics" figure, with no mirror at all: the target broker creating as
     * many topics, then a new producer (as Connect's is after a task restart) writing one record to each partition.
     */
    private static void printFloor(FerryClusters clusters, Admin target, int topics) throws Exception {
        long start = System.nanoTime();
        create(target, "scalefloor-", topics);
        double createSeconds = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        fill(clusters.targetBootstrap(), "scalefloor-", topics);
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("floor, no mirror: the target broker creates %,d topics x %d partitions in %.1f s; a new producer then "
            + "writes one record to every partition in %.1f s (total %.1f s)%n", topics, PARTITIONS, createSeconds, fillSeconds,
            createSeconds + fillSeconds);
        target.deleteTopics(target.listTopics().names().get(30, TimeUnit.SECONDS).stream()
            .filter(name -> name.startsWith("scalefloor-")).toList()).all().get(5, TimeUnit.MINUTES);
    }

    private static void create(Admin admin, String prefix, int topics) throws Exception {
        List<NewTopic> newTopics = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            newTopics.add(new NewTopic(prefix + t, PARTITIONS, (short) 1));
        }
        admin.createTopics(newTopics).all().get(5, TimeUnit.MINUTES);
    }

    /** One record to every partition, from a new producer, acknowledged. */
    private static void fill(String bootstrap, String prefix, int topics) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int t = 0; t < topics; t++) {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>(prefix + t, p, null, new byte[100]));
                }
            }
            producer.flush();
        }
    }

    private static void awaitFirstRecords(Admin target, String remotePrefix, int topics) {
        Waits.until("a first record in every partition of " + remotePrefix + "*", Duration.ofMinutes(15), () -> {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String name : target.listTopics().names().get(30, TimeUnit.SECONDS)) {
                if (name.startsWith(remotePrefix)) {
                    for (int p = 0; p < PARTITIONS; p++) {
                        request.put(new TopicPartition(name, p), OffsetSpec.latest());
                    }
                }
            }
            if (request.size() < topics * PARTITIONS) {
                return false;
            }
            try {
                return target.listOffsets(request).all().get(60, TimeUnit.SECONDS).values().stream().allMatch(info -> info.offset() > 0);
            } catch (java.util.concurrent.ExecutionException partitionsNotReadyYet) {
                return false;
            }
        });
    }

    /** Heap in use after a full collection: a coarse figure, the whole process (brokers included). */
    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
