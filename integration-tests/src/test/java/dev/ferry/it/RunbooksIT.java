package dev.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationChecker;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every step of the DR runbooks in {@code config-examples/runbooks/} against real clusters, in the order an
 * operator would meet them: mirror east into west (add-cluster), add a topic, a planned failover of one group, an
 * unplanned failover of another, and its failback. Commands run with bash exactly as written, with the variables
 * set to the test clusters, {@code ferry-failover} from the distribution zip and Kafka's tools from a
 * {@link RunbookTools#kafkaHome KAFKA_HOME}; the steps people do (stop producers, move consumers) are done by
 * the test. After each move, the group's consumers are checked by record identity: every record they had not
 * read, once, and none they had.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunbooksIT extends MirrorClustersIT {

    private static final String PAYMENTS = "payments";
    private static final String ORDERS = "orders";
    private static final int PARTITIONS = 2;
    private static final long PAYMENTS_ON_EAST = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ReplicationChecker IGNORING_PROVENANCE = ReplicationChecker.create().ignoringHeaders("ferry.origin");

    private final Path work = Path.of("target", "runbooks").toAbsolutePath();
    private final Path runbooks = Path.of(System.getProperty("ferry.plugin.path")).toAbsolutePath().normalize()
        .getParent().getParent().getParent().resolve("config-examples").resolve("runbooks");
    private RunbookRunner runner;
    private OracleProducer onWest;
    /** Figures printed at the end: what each move's consumers read. */
    private final Map<String, String> figures = new LinkedHashMap<>();

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        return builder.workerProp("rest.extension.classes", "dev.ferry.monitoring.FerryRestExtension");
    }

    @BeforeAll
    void tools() throws IOException {
        deleteTree(work);
        Path kafkaHome = RunbookTools.kafkaHome(work.resolve("kafka"));
        Path distributionTarget = Path.of(System.getProperty("ferry.plugin.path")).toAbsolutePath().getParent();
        Path ferryHome = RunbookTools.ferryHome(distributionTarget, work.resolve("ferry"));
        Map<String, String> values = new HashMap<>();
        values.put("CONNECT_URL", workerUrl().toString().replaceAll("/$", ""));
        values.put("SOURCE_ALIAS", "east");
        values.put("TARGET_ALIAS", "west");
        values.put("SOURCE_BOOTSTRAP", clusters.sourceBootstrap());
        values.put("TARGET_BOOTSTRAP", clusters.targetBootstrap());
        values.put("KAFKA_HOME", kafkaHome.toString());
        values.put("FERRY_HOME", ferryHome.toString());
        // small, fast-starting JVMs for the many short tool runs (Kafka's and Ferry's launchers read these)
        String jvm = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData";
        runner = new RunbookRunner(work, values, Map.of(
            "KAFKA_HEAP_OPTS", "-Xmx256M", "KAFKA_JVM_PERFORMANCE_OPTS", jvm, "FERRY_FAILOVER_OPTS", "-Xmx256M " + jvm));
    }

    @AfterAll
    void closeWestProducer() {
        if (onWest != null) {
            onWest.close();
        }
        System.out.println("RunbooksIT figures: " + figures);
    }

    private URI workerUrl() {
        return clusters.connect().workers().stream().map(WorkerHandle::url).findFirst().orElseThrow();
    }

    private RunbookRunner.Outcome run(String runbook, Map<String, String> values, Map<String, Runnable> hooks) {
        return runner.with(values).run(Runbook.read(runbooks.resolve(runbook)), hooks);
    }

    @Test
    @Order(1)
    void addClusterMirrorsEastIntoWestWithCheckpointsAndHeartbeats() {
        clusters.createSourceTopic(PAYMENTS, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(PAYMENTS, p, PAYMENTS_ON_EAST);
        }
        run("add-cluster.md", Map.of("TOPICS", PAYMENTS + ",ferry-heartbeats", "CONSUMER_GROUPS", ".*"), Map.of());

        ReplicationReport copied = IGNORING_PROVENANCE.awaitExact(clusters.target(), PAYMENTS, PAYMENTS, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());
        assertTrue(clusters.connect().connectors().containsAll(List.of("mirror-east-to-west", "checkpoints-east-to-west",
            "heartbeats-east")), clusters.connect().connectors().toString());
        figures.put("add-cluster", copied.seen() + " records of " + PAYMENTS + " copied exactly");
    }

    @Test
    @Order(2)
    void addTopicMirrorsTheNewTopic() {
        Map<String, Runnable> hooks = Map.of("Start the applications that write to the topic", () -> {
            clusters.awaitTopicOnSource(ORDERS, PARTITIONS, TIMEOUT);
            for (int p = 0; p < PARTITIONS; p++) {
                producer.produce(ORDERS, p, 200);
            }
        });
        run("add-topic.md", Map.of("NEW_TOPIC", ORDERS, "PARTITIONS", Integer.toString(PARTITIONS)), hooks);

        ConnectorInfo mirror = clusters.connect().connectorInfo("mirror-east-to-west");
        assertEquals(PAYMENTS + ",ferry-heartbeats," + ORDERS, mirror.config().get("topics"), "the runbook widened topics");
        ReplicationReport copied = IGNORING_PROVENANCE.awaitExact(clusters.target(), ORDERS, ORDERS, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());
        assertEquals(2L * 200, copied.seen(), copied.toString());
        figures.put("add-topic", copied.seen() + " records of " + ORDERS + " copied exactly");
    }

    @Test
    @Order(3)
    void plannedFailoverResumesTheGroupOnWestRereadingAndSkippingNothing() {
        String group = "shipping";
        commit(clusters.sourceBootstrap(), group, ORDERS, Map.of(0, 50L, 1, 20L));
        Map<Integer, Long> stopped = Map.of(0, 170L, 1, 60L);
        Map<Integer, List<OracleId>> resumed = new TreeMap<>();
        Map<Integer, JsonNode> afterDrain = new TreeMap<>();
        Map<String, Runnable> hooks = Map.of(
            "Stop the producers on east", () -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.produce(ORDERS, p, 50); // the last writes before they stop: the drain must wait for them
                }
            },
            "Stop the consumers of the group on east", () -> {
                afterDrain.putAll(replicationOf(ORDERS)); // right after the drain step
                commit(clusters.sourceBootstrap(), group, ORDERS, stopped);
            },
            "Switch the producers to west", () -> {
                onWest = OracleProducer.start(clusters.target(), "runbooks-west");
                for (int p = 0; p < PARTITIONS; p++) {
                    onWest.produce(ORDERS, p, 30);
                }
            },
            "Start the consumers on west", () -> resumed.putAll(consumeToEnd(clusters.targetBootstrap(), group, ORDERS)));
        run("planned-failover.md", Map.of("CONSUMER_GROUP", group), hooks);

        assertEquals(PARTITIONS, afterDrain.size(), "partitions of " + ORDERS + " in /ferry/v1/replication: " + afterDrain);
        afterDrain.forEach((p, partition) -> {
            assertEquals(0, partition.get("lagRecords").asLong(), "lag after the drain: " + partition);
            assertEquals(250, partition.get("nextOffset").asLong(), "copied after the drain: " + partition);
        });
        figures.put("planned failover drain", "lag 0 on " + afterDrain.size() + " partitions of " + ORDERS + ", next offset 250");
        Map<Integer, Set<OracleId>> expected = new TreeMap<>();
        Map<Integer, Set<OracleId>> read = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.put(p, new HashSet<>(ids(producer.run(), ORDERS, p, stopped.get(p), 250)));
            expected.get(p).addAll(ids(onWest.run(), ORDERS, p, 0, 30));
            read.put(p, new HashSet<>(ids(producer.run(), ORDERS, p, 0, stopped.get(p))));
        }
        assertReadExactly("planned failover of " + group, resumed, expected, read);
    }

    @Test
    @Order(4)
    void unplannedFailoverResumesTheGroupOnWestRereadingAndSkippingNothing() {
        String group = "billing";
        Map<Integer, Long> committed = Map.of(0, 120L, 1, 45L);
        commit(clusters.sourceBootstrap(), group, PAYMENTS, committed);
        // the group's last commit before east is lost made it into a checkpoint (see the runbook's "Re-reads")
        Waits.until("a checkpoint of " + group + " at " + committed, TIMEOUT, () -> checkpointed(group, committed));
        Map<Integer, List<OracleId>> resumed = new TreeMap<>();
        Map<String, Runnable> hooks = Map.of("Switch the consumers and producers to west", () -> {
            resumed.putAll(consumeToEnd(clusters.targetBootstrap(), group, PAYMENTS));
            for (int p = 0; p < PARTITIONS; p++) {
                onWest.produce(PAYMENTS, p, 40);
            }
        });
        run("unplanned-failover.md", Map.of("CONSUMER_GROUPS", group), hooks);

        Map<Integer, Set<OracleId>> expected = new TreeMap<>();
        Map<Integer, Set<OracleId>> read = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.put(p, new HashSet<>(ids(producer.run(), PAYMENTS, p, committed.get(p), PAYMENTS_ON_EAST)));
            read.put(p, new HashSet<>(ids(producer.run(), PAYMENTS, p, 0, committed.get(p))));
        }
        assertReadExactly("unplanned failover of " + group, resumed, expected, read);
    }

    @Test
    @Order(5)
    void failbackResumesTheGroupOnEastRereadingAndSkippingNothing() {
        String group = "billing";
        long westOwn = 50;
        long readOfWestOwn = 25;
        Map<Integer, List<OracleId>> resumed = new TreeMap<>();
        Map<String, Runnable> hooks = Map.of(
            "Stop the producers on west", () -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    onWest.produce(PAYMENTS, p, westOwn - 40); // the last writes before they stop
                }
            },
            // on west the group read all of east's copies (unplanned failover) and then part of west's own records
            "Stop the consumers of the group on west", () -> commit(clusters.targetBootstrap(), group, PAYMENTS,
                Map.of(0, PAYMENTS_ON_EAST + readOfWestOwn, 1, PAYMENTS_ON_EAST + readOfWestOwn)),
            "Switch the consumers and producers back to east", () -> {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.produce(PAYMENTS, p, 10);
                }
                resumed.putAll(consumeToEnd(clusters.sourceBootstrap(), group, PAYMENTS));
            });
        run("failback.md", Map.of("TOPICS", PAYMENTS, "CONSUMER_GROUP", group), hooks);

        Map<Integer, Set<OracleId>> expected = new TreeMap<>();
        Map<Integer, Set<OracleId>> read = new TreeMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            expected.put(p, new HashSet<>(ids(onWest.run(), PAYMENTS, p, readOfWestOwn, westOwn)));
            expected.get(p).addAll(ids(producer.run(), PAYMENTS, p, PAYMENTS_ON_EAST, PAYMENTS_ON_EAST + 10));
            read.put(p, new HashSet<>(ids(producer.run(), PAYMENTS, p, 0, PAYMENTS_ON_EAST)));
            read.get(p).addAll(ids(onWest.run(), PAYMENTS, p, 0, readOfWestOwn));
        }
        assertReadExactly("failback of " + group, resumed, expected, read);

        // the resumed east-to-west mirror copies east's new records to west, and not the copies of west's own back
        long westEnd = PAYMENTS_ON_EAST + westOwn + 10;
        try (KafkaConsumer<byte[], byte[]> probe = consumer(clusters.targetBootstrap(), null)) {
            List<TopicPartition> partitions = partitions(PAYMENTS);
            Map<TopicPartition, Long> ends = Waits.untilValue("east's new records of " + PAYMENTS + " on west", TIMEOUT,
                () -> probe.endOffsets(partitions), e -> e.values().stream().allMatch(end -> end >= westEnd));
            partitions.forEach(tp -> assertEquals(westEnd, ends.get(tp), "records of " + tp + " on west after failback"));
        }
    }

    /** The mirror's partitions of {@code topic} as Ferry's monitoring REST API reports them now. */
    private Map<Integer, JsonNode> replicationOf(String topic) {
        Map<Integer, JsonNode> partitions = new TreeMap<>();
        for (JsonNode connector : FerryHttp.json(workerUrl(), "/ferry/v1/replication").get("connectors")) {
            if (connector.get("name").asText().equals("mirror-east-to-west")) {
                for (JsonNode t : connector.get("topics")) {
                    if (t.get("topic").asText().equals(topic)) {
                        t.get("partitions").forEach(p -> partitions.put(p.get("partition").asInt(), p));
                    }
                }
            }
        }
        return partitions;
    }

    private boolean checkpointed(String group, Map<Integer, Long> committed) {
        for (JsonNode g : FerryHttp.json(workerUrl(), "/ferry/v1/groups").get("groups")) {
            if (g.get("group").asText().equals(group) && g.get("sourceAlias").asText().equals("east")) {
                Map<Integer, Long> exact = new HashMap<>();
                g.get("partitions").forEach(p -> {
                    if ("EXACT".equals(p.get("translation").asText())) {
                        exact.put(p.get("partition").asInt(), p.get("upstreamOffset").asLong());
                    }
                });
                return exact.equals(committed);
            }
        }
        return false;
    }

    /**
     * Checks what a group's consumers read after a move, per partition: each expected record once, and none of the
     * records the group had read before (by record identity).
     */
    private void assertReadExactly(String move, Map<Integer, List<OracleId>> resumed, Map<Integer, Set<OracleId>> expected,
                                   Map<Integer, Set<OracleId>> read) {
        for (int p = 0; p < PARTITIONS; p++) {
            List<OracleId> got = resumed.getOrDefault(p, List.of());
            Set<OracleId> want = expected.get(p);
            Set<OracleId> before = read.get(p);
            long reread = got.stream().filter(before::contains).count();
            long duplicates = got.size() - new HashSet<>(got).size();
            Set<OracleId> missing = new HashSet<>(want);
            got.forEach(missing::remove);
            List<OracleId> other = got.stream().filter(id -> !want.contains(id) && !before.contains(id)).toList();
            String figure = "partition " + p + ": read " + got.size() + ", expected " + want.size() + ", re-read " + reread
                + ", skipped " + missing.size() + ", duplicates " + duplicates + ", unexpected " + other.size();
            figures.put(move + " " + p, figure);
            assertEquals(0, reread, move + " re-read: " + figure);
            assertEquals(0, missing.size(), move + " skipped " + missing + ": " + figure);
            assertEquals(0, duplicates, move + ": " + figure);
            assertEquals(List.of(), other, move + ": " + figure);
        }
    }

    private static List<OracleId> ids(String run, String topic, int partition, long fromSeq, long toSeq) {
        List<OracleId> ids = new ArrayList<>();
        for (long seq = fromSeq; seq < toSeq; seq++) {
            ids.add(new OracleId(run, topic, partition, seq));
        }
        return ids;
    }

    private static List<TopicPartition> partitions(String topic) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        Map<String, Object> config = new HashMap<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config);
    }

    /** The group's consumers committing positions as they stop. */
    private static void commit(String bootstrap, String group, String topic, Map<Integer, Long> positions) {
        try (KafkaConsumer<byte[], byte[]> committer = consumer(bootstrap, group)) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            positions.forEach((p, offset) -> commits.put(new TopicPartition(topic, p), new OffsetAndMetadata(offset)));
            committer.commitSync(commits);
        }
    }

    /** The group's consumers starting from its committed positions and reading to the end, committing as they go. */
    private static Map<Integer, List<OracleId>> consumeToEnd(String bootstrap, String group, String topic) {
        Map<Integer, List<OracleId>> read = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = consumer(bootstrap, group)) {
            List<TopicPartition> partitions = partitions(topic);
            Map<TopicPartition, OffsetAndMetadata> start = reader.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            reader.assign(partitions);
            for (TopicPartition tp : partitions) {
                assertTrue(start.get(tp) != null, group + " has no committed offset for " + tp + " on " + bootstrap);
                reader.seek(tp, start.get(tp).offset());
            }
            Waits.until(group + " to read " + topic + " to " + ends + " on " + bootstrap, TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    read.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                        .add(OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow());
                }
                return partitions.stream().allMatch(tp -> reader.position(tp) >= ends.get(tp));
            });
            reader.commitSync();
        }
        return read;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
