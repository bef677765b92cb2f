package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.failover.FailoverCli;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The failover command a DR runbook calls: from the checkpoints on the target, it plans and commits
 * positions for a group, and a consumer of that group on the target then re-reads nothing and skips
 * nothing, measured by record identity. Errors exit with the documented codes.
 */
class FailoverIT extends MirrorClustersIT {

    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 3;
    private static final Map<Integer, Long> CONSUMED = Map.of(0, 123L, 1, 77L, 2, 0L);

    @BeforeAll
    void mirrorAndCheckpoint() {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, 300);
        }
        Map<String, String> mirror = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        mirror.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("mirror", mirror);
        ReplicationReport copied = CHECKER.awaitExact(clusters.target(), "east." + TOPIC, TOPIC, producer, Duration.ofSeconds(60));
        assertTrue(copied.isExact(), copied.toString());

        Map<String, String> checkpoints = new HashMap<>();
        checkpoints.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        checkpoints.put("source.cluster.alias", "east");
        checkpoints.put("target.cluster.alias", "west");
        checkpoints.put("source.cluster.bootstrap.servers", clusters.sourceBootstrap());
        checkpoints.put("target.cluster.bootstrap.servers", clusters.targetBootstrap());
        checkpoints.put("groups", "billing");
        checkpoints.put("refresh.groups.interval.ms", "1000");
        checkpoints.put("emit.checkpoints.interval.ms", "500");
        checkpoints.put("key.converter", MirrorConnectors.BYTES);
        checkpoints.put("value.converter", MirrorConnectors.BYTES);
        clusters.connect().configureConnector("checkpoints", checkpoints);

        // the group reads part of each partition on the source and commits, then "the source is lost"
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clusters.sourceBootstrap(), "billing")) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            CONSUMED.forEach((p, count) -> commits.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(count)));
            consumer.commitSync(commits);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, group,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    private record Result(int exit, String out, String err) {
    }

    private Result failover(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--target-bootstrap", clusters.targetBootstrap(), "--source-alias", "east", "--timeout-ms", "10000"));
        int exit = FailoverCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void planThenApplyLetsTheGroupResumeOnTheTargetRereadingAndSkippingNothing() {
        // wait until every partition's checkpoint reflects the commit
        Result plan = Waits.untilValue("an exact plan for billing", Duration.ofSeconds(60),
            () -> failover("plan", "--group", "billing", "--format", "json"),
            result -> result.exit() == 0 && CONSUMED.entrySet().stream().allMatch(e -> result.out().contains(
                "\"partition\":" + e.getKey() + ",\"remote_topic\":\"east.payments\",\"upstream_committed\":" + e.getValue()))
                && !result.out().contains("NOT_YET") && !result.out().contains("UNREPORTED"));
        assertTrue(plan.out().contains("\"translation\":\"EXACT\""), plan.out());

        Result dryRun = failover("apply", "--group", "billing");
        assertEquals(0, dryRun.exit(), dryRun.err());
        assertTrue(dryRun.out().contains("Dry run: nothing committed"), dryRun.out());

        Result applied = failover("apply", "--group", "billing", "--execute");
        assertEquals(0, applied.exit(), applied.err());
        assertTrue(applied.out().contains("billing east.payments-0: none -> "), applied.out());

        // the group resumes on the target: it must see exactly the records it had not read on the source
        Map<Integer, List<Long>> seen = new HashMap<>();
        long expected = CONSUMED.values().stream().mapToLong(count -> 300 - count).sum();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(clusters.targetBootstrap(), "billing")) {
            consumer.subscribe(List.of("east." + TOPIC));
            Waits.until("billing to read " + expected + " records on the target", Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    OracleId id = OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow();
                    seen.computeIfAbsent(id.partition(), p -> new ArrayList<>()).add(id.seq());
                }
                return seen.values().stream().mapToInt(List::size).sum() >= expected;
            });
        }
        CONSUMED.forEach((p, committed) -> {
            List<Long> seqs = seen.getOrDefault(p, List.of());
            long reread = seqs.stream().filter(seq -> seq < committed).count();
            long skipped = 300 - committed - seqs.stream().filter(seq -> seq >= committed).distinct().count();
            assertEquals(0, reread, "partition " + p + " re-read " + reread + " records");
            assertEquals(0, skipped, "partition " + p + " skipped " + skipped + " records");
            assertEquals(committed, seqs.get(0), "partition " + p + " resumes at the first unread record");
        });
    }

    @Test
    void runbookErrorsExitWithTheirDocumentedCodes() throws Exception {
        Waits.until("checkpoints of billing on the target", Duration.ofSeconds(60),
            () -> failover("plan", "--group", "billing").exit() == 0);
        Result unknown = failover("plan", "--group", "no-such-group");
        assertEquals(3, unknown.exit(), "unknown group: " + unknown.err());
        assertTrue(unknown.err().contains("No checkpoint for consumer group 'no-such-group'"), unknown.err());
        Waits.until("exit 6 for checkpoints older than 1 ms", Duration.ofSeconds(30), () -> failover("plan", "--group", "billing",
            "--max-checkpoint-age-ms", "1").exit() == 6);

        Result unreachable;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            int closedPort = socket.getLocalPort();
            socket.close();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = FailoverCli.run(new String[] {"plan", "--target-bootstrap", "localhost:" + closedPort, "--source-alias", "east",
                "--timeout-ms", "3000"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
            unreachable = new Result(exit, "", err.toString(StandardCharsets.UTF_8));
        }
        assertEquals(4, unreachable.exit(), unreachable.err());

        // a group with live members on the target is refused without --force
        try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap(),
            ConsumerConfig.GROUP_ID_CONFIG, "billing",
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) { // a member, but one that leaves no position behind
            member.subscribe(List.of("east." + TOPIC));
            Waits.until("a live member of billing on the target", Duration.ofSeconds(30), () -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
            });
            Result refused = failover("apply", "--group", "billing", "--execute", "--max-checkpoint-age-ms", "0");
            assertEquals(7, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.err().contains("active members"), refused.err());
        }
    }

    private void produceToTarget(String topic, List<byte[][]> keysAndValues) throws Exception {
        try (KafkaProducer<byte[], byte[]> writer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, clusters.targetBootstrap(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer",
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.ByteArraySerializer"))) {
            for (byte[][] record : keysAndValues) {
                writer.send(new ProducerRecord<>(topic, 0, record[0], record[1])).get();
            }
        }
    }

    private static List<String> translatedFields(String json) {
        List<String> fields = new ArrayList<>();
        Matcher matcher = Pattern.compile("\"partition\":\\d+,\"remote_topic\":\"[^\"]+\",\"upstream_committed\":\\d+,"
            + "\"translated\":-?\\d+,\"translation\":\"[A-Z_]+\"").matcher(json);
        while (matcher.find()) {
            fields.add(matcher.group());
        }
        return fields;
    }

    @Test
    void corruptAndForeignCheckpointRecordsAreCountedAndNeverShapeAPlan() throws Exception {
        String exactPlan = "\"partition\":0,\"remote_topic\":\"east." + TOPIC + "\",\"upstream_committed\":" + CONSUMED.get(0)
            + ",\"translated\":" + CONSUMED.get(0) + ",\"translation\":\"EXACT\"";
        Result before = Waits.untilValue("an exact plan of billing", Duration.ofSeconds(60),
            () -> failover("plan", "--group", "billing", "--format", "json", "--max-checkpoint-age-ms", "0"),
            result -> result.exit() == 0 && result.out().contains(exactPlan));
        assertEquals(PARTITIONS, translatedFields(before.out()).size(), before.out());

        Checkpoint real = new Checkpoint("billing", new TopicPartition(TOPIC, 0), 1, 1, "", TranslationKind.EXACT, 1);
        OffsetSync foreign = OffsetSync.runStart(new TopicPartition(TOPIC, 0), 5, 999, null, 1);
        produceToTarget("ferry-checkpoints.east.internal", List.of(
            new byte[][] {"not a checkpoint".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8)},
            new byte[][] {foreign.serializeKey(), foreign.serializeValue()},
            new byte[][] {real.serializeKey(), new byte[] {0, 1, 2}}));
        Result after = failover("plan", "--group", "billing", "--format", "json", "--max-checkpoint-age-ms", "0");
        assertEquals(0, after.exit(), after.err());
        assertTrue(after.err().contains("skipped 3 record(s) of 'ferry-checkpoints.east.internal' that are not Ferry checkpoints"),
            after.err());
        assertEquals(translatedFields(before.out()), translatedFields(after.out()), "the plan is the one before the bad records");

        // a checkpoints topic holding no checkpoint at all: exit 5, the bad record counted
        clusters.createTargetTopic("ferry-checkpoints.nowhere.internal", 1, Map.of());
        Result empty = failover("plan", "--checkpoints-topic", "ferry-checkpoints.nowhere.internal");
        assertEquals(5, empty.exit(), empty.out() + empty.err());
        assertTrue(empty.err().contains("No checkpoints in 'ferry-checkpoints.nowhere.internal'"), empty.err());
        produceToTarget("ferry-checkpoints.nowhere.internal", List.<byte[][]>of(new byte[][] {foreign.serializeKey(), foreign.serializeValue()}));
        Result onlyForeign = failover("plan", "--checkpoints-topic", "ferry-checkpoints.nowhere.internal");
        assertEquals(5, onlyForeign.exit(), onlyForeign.out() + onlyForeign.err());
        assertTrue(onlyForeign.err().contains("skipped 1 record(s)"), onlyForeign.err());
    }
}
