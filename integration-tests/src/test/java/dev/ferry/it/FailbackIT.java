package dev.ferry.it;

import dev.ferry.offsets.failover.FailoverCli;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole DR loop on real clusters, east (the kit's source cluster) and west (the Connect cluster's
 * own Kafka): mirror east to west and checkpoint; fail a group over to west with {@code ferry-failover
 * apply}; let it read further on west; mirror west back to east and checkpoint that direction; fail it
 * back with {@code ferry-failover failback}. On east the group must then read exactly what it had not
 * read on west: nothing again, nothing skipped, by record identity.
 *
 * <p>Both mirrors use the identity replication policy: with the prefix policy west's copy is
 * {@code east.orders}, and its copy back to east would be {@code west.east.orders}, which the topic
 * filter refuses (its lineage contains the target alias east), and would not be the topic the group reads
 * on east anyway. With identity names the reverse mirror copies west's {@code orders} into east's
 * {@code orders}, leaving out the records that came from east (their provenance header names east), so the
 * records written on west during the outage follow the ones east already has, and the reverse offset syncs
 * translate the group's west position to east.
 */
class FailbackIT extends MirrorClustersIT {

    private static final String TOPIC = "orders";
    private static final String IDENTITY = "dev.ferry.common.IdentityReplicationPolicy";
    private static final String PROVENANCE = "ferry.origin";
    private static final String GROUP = "fb-orders";
    /** Failed over earlier and stopped on west inside the copies of east's records. */
    private static final String IN_COPIES = "fb-in-copies";
    private static final Map<Integer, Long> IN_COPIES_POSITION = Map.of(0, 200L, 1, 100L);
    /** Stopped on west right after the last copy of east's records, before west's own. */
    private static final String AT_BOUNDARY = "fb-at-boundary";
    private static final int PARTITIONS = 2;
    private static final long ON_EAST = 300;
    /** Written on east but never copied before east was "lost" (the forward mirror is gone by then). */
    private static final long STRANDED = 25;
    private static final long ON_WEST = 100;
    /** Records of west's own the group reads on west before failing back, per partition. */
    private static final long READ_OF_WEST_OWN = 40;
    private static final Map<Integer, Long> CONSUMED_ON_EAST = Map.of(0, 120L, 1, 45L);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ReplicationChecker IGNORING_PROVENANCE = ReplicationChecker.create().ignoringHeaders(PROVENANCE);

    private OracleProducer onWest;

    @AfterAll
    void closeWestProducer() {
        if (onWest != null) {
            onWest.close();
        }
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

    private static OracleId id(ConsumerRecord<byte[], byte[]> record) {
        return OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow();
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result failoverCli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FailoverCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Result cli(String command, String targetBootstrap, String sourceAlias, String... more) {
        return cliFor(GROUP, command, targetBootstrap, sourceAlias, more);
    }

    private static Result cliFor(String group, String command, String targetBootstrap, String sourceAlias, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--target-bootstrap", targetBootstrap, "--source-alias", sourceAlias,
            "--group", group, "--replication-policy", "identity", "--timeout-ms", "10000"));
        args.addAll(List.of(more));
        return failoverCli(args.toArray(String[]::new));
    }

    /** Waits until `plan` shows an exact translation of the given upstream offset for every partition. */
    private static Result awaitExactPlan(String targetBootstrap, String sourceAlias, Map<Integer, Long> upstream) {
        return awaitExactPlan(GROUP, targetBootstrap, sourceAlias, upstream);
    }

    private static Result awaitExactPlan(String group, String targetBootstrap, String sourceAlias, Map<Integer, Long> upstream,
                                         String... more) {
        return Waits.untilValue("an exact plan for " + group + " on " + targetBootstrap + " at " + upstream, TIMEOUT,
            () -> cliFor(group, "plan", targetBootstrap, sourceAlias, withFormatJson(more)),
            result -> result.exit() == 0 && upstream.entrySet().stream().allMatch(e -> result.out().contains(
                "\"partition\":" + e.getKey() + ",\"remote_topic\":\"" + TOPIC + "\",\"upstream_committed\":" + e.getValue()))
                && !result.out().contains("NOT_YET") && !result.out().contains("UNREPORTED")
                && !result.out().contains("HISTORY_GONE"));
    }

    private static String[] withFormatJson(String... more) {
        List<String> args = new ArrayList<>(List.of(more));
        args.addAll(List.of("--format", "json"));
        return args.toArray(String[]::new);
    }

    private Map<String, String> checkpointConnector(String sourceAlias, String targetAlias, String sourceBootstrap,
                                                    String targetBootstrap) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "dev.ferry.checkpoints.CheckpointConnector");
        config.put("source.cluster.alias", sourceAlias);
        config.put("target.cluster.alias", targetAlias);
        config.put("source.cluster.bootstrap.servers", sourceBootstrap);
        config.put("target.cluster.bootstrap.servers", targetBootstrap);
        config.put("replication.policy.class", IDENTITY);
        config.put("groups", "fb-.*");
        config.put("refresh.groups.interval.ms", "1000");
        config.put("emit.checkpoints.interval.ms", "500");
        config.put("key.converter", MirrorConnectors.BYTES);
        config.put("value.converter", MirrorConnectors.BYTES);
        return config;
    }

    @Test
    void aGroupFailedOverAndBackRereadsAndSkipsNothing() {
        String east = clusters.sourceBootstrap();
        String west = clusters.targetBootstrap();

        // 1. east -> west, identity names, and checkpoints of east's groups on west
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, ON_EAST);
        }
        Map<String, String> forward = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        forward.put("replication.policy.class", IDENTITY);
        forward.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("fb-forward", forward);
        ReplicationReport copied = IGNORING_PROVENANCE.awaitExact(clusters.target(), TOPIC, TOPIC, producer, TIMEOUT);
        assertTrue(copied.isExact(), copied.toString());
        clusters.connect().configureConnector("fb-forward-checkpoints", checkpointConnector("east", "west", east, west));

        // 2. the group reads part of east and commits
        Set<OracleId> consumed = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> reader = consumer(east, GROUP)) {
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            CONSUMED_ON_EAST.forEach((p, count) -> commits.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(count)));
            reader.commitSync(commits);
        }
        CONSUMED_ON_EAST.forEach((p, count) -> {
            for (long seq = 0; seq < count; seq++) {
                consumed.add(new OracleId(producer.run(), TOPIC, p, seq));
            }
        });

        // 3. east is lost: fail the group over to west, stop the forward flow; east still gets records nobody copies
        awaitExactPlan(west, "east", CONSUMED_ON_EAST);
        Result failover = cli("apply", west, "east", "--execute");
        assertEquals(0, failover.exit(), failover.out() + failover.err());
        clusters.connect().deleteConnector("fb-forward");
        clusters.connect().deleteConnector("fb-forward-checkpoints");
        Waits.until("the forward connectors to be gone", TIMEOUT, () -> clusters.connect().connectors().isEmpty());
        for (int p = 0; p < PARTITIONS; p++) {
            producer.produce(TOPIC, p, STRANDED);
        }

        // 4. producers move to west; the group reads the rest of east's copies and part of west's own, and commits
        onWest = OracleProducer.start(clusters.target(), "fb-west");
        for (int p = 0; p < PARTITIONS; p++) {
            onWest.produce(TOPIC, p, ON_WEST);
        }
        Map<Integer, Long> westPosition = new TreeMap<>();
        Map<Integer, Long> copiedToWest = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = consumer(west, GROUP)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            Map<TopicPartition, OffsetAndMetadata> start = reader.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                long end = ends.get(tp);
                copiedToWest.put(tp.partition(), end - ON_WEST);
                westPosition.put(tp.partition(), end - ON_WEST + READ_OF_WEST_OWN);
                assertEquals(CONSUMED_ON_EAST.get(tp.partition()), start.get(tp).offset(), "failover position of " + tp);
            }
            reader.assign(partitions);
            partitions.forEach(tp -> reader.seek(tp, start.get(tp).offset()));
            Waits.until(GROUP + " to read west up to " + westPosition, TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < westPosition.get(record.partition())) {
                        assertTrue(consumed.add(id(record)), "read twice on west: " + id(record));
                    }
                }
                return partitions.stream().allMatch(tp -> reader.position(tp) >= westPosition.get(tp.partition()));
            });
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            westPosition.forEach((p, offset) -> commits.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset)));
            reader.commitSync(commits);
        }
        // groups that failed over earlier and stopped on west inside east's copies and right at their end
        Map<Integer, List<OracleId>> westLog = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> whole = consumer(west, null)) {
            readToEnd(whole, Map.of(0, 0L, 1, 0L), record -> {
                List<OracleId> ids = westLog.computeIfAbsent(record.partition(), p -> new ArrayList<>());
                assertEquals(ids.size(), record.offset(), "west's log is dense from 0");
                ids.add(id(record));
            });
        }
        Map<String, Map<Integer, Long>> westPositions = new TreeMap<>();
        westPositions.put(GROUP, westPosition);
        westPositions.put(IN_COPIES, IN_COPIES_POSITION);
        westPositions.put(AT_BOUNDARY, copiedToWest);
        for (String group : List.of(IN_COPIES, AT_BOUNDARY)) {
            try (KafkaConsumer<byte[], byte[]> committer = consumer(west, group)) {
                Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
                westPositions.get(group).forEach((p, offset) -> commits.put(new TopicPartition(TOPIC, p), new OffsetAndMetadata(offset)));
                committer.commitSync(commits);
            }
        }

        // 5. east is back: mirror west -> east (writing to east through the producer override) and checkpoint that way
        Map<String, String> reverse = MirrorConnectors.eastToWest(clusters, TOPIC, 1);
        reverse.put("source.cluster.alias", "west");
        reverse.put("target.cluster.alias", "east");
        reverse.put("source.cluster.bootstrap.servers", west);
        reverse.put("target.cluster.bootstrap.servers", east);
        reverse.put("producer.override.bootstrap.servers", east);
        reverse.put("replication.policy.class", IDENTITY);
        reverse.put("offset-syncs.progress.interval.ms", "200");
        clusters.connect().configureConnector("fb-reverse", reverse);
        Map<String, String> reverseCheckpoints = checkpointConnector("west", "east", west, east);
        reverseCheckpoints.put("producer.override.bootstrap.servers", east);
        clusters.connect().configureConnector("fb-reverse-checkpoints", reverseCheckpoints);
        ReplicationReport copiedBack = IGNORING_PROVENANCE.awaitExact(clusters.source(), TOPIC, TOPIC, onWest, TIMEOUT);
        assertEquals(PARTITIONS * ON_WEST, copiedBack.seen(), copiedBack.toString());

        // 6. fail back, placing each group with the reverse checkpoints and both mirrors' offset syncs
        String[] bothSyncs = {"--forward-syncs-bootstrap", west, "--target-alias", "east"};
        Map<String, String> plans = new TreeMap<>();
        for (String group : westPositions.keySet()) {
            Result plan = awaitExactPlan(group, east, "west", westPositions.get(group), bothSyncs);
            plans.put(group, plan.out());
            List<String> args = new ArrayList<>(List.of("--execute"));
            args.addAll(List.of(bothSyncs));
            Result failback = cliFor(group, "failback", east, "west", args.toArray(String[]::new));
            assertEquals(0, failback.exit(), failback.out() + failback.err());
        }

        // 7. each group resumes on east: it reads every record of west it had not read, none it had, and
        // otherwise only east's records that never reached west (written after the forward mirror stopped)
        Set<OracleId> stranded = new HashSet<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (long seq = ON_EAST; seq < ON_EAST + STRANDED; seq++) {
                stranded.add(new OracleId(producer.run(), TOPIC, p, seq));
            }
        }
        Map<String, String> figures = new TreeMap<>();
        for (String group : westPositions.keySet()) {
            Map<Integer, Long> position = westPositions.get(group);
            Set<OracleId> read = new HashSet<>();
            Map<Integer, List<OracleId>> pendingOf = new TreeMap<>();
            position.forEach((p, offset) -> {
                read.addAll(westLog.get(p).subList(0, offset.intValue()));
                pendingOf.put(p, westLog.get(p).subList(offset.intValue(), westLog.get(p).size()));
            });
            if (group.equals(GROUP)) {
                read.addAll(consumed); // also what it read on east before failing over
            }
            Map<Integer, List<OracleId>> resumed = resumeOnEast(east, group);
            for (int p = 0; p < PARTITIONS; p++) {
                List<OracleId> got = resumed.getOrDefault(p, List.of());
                List<OracleId> want = pendingOf.get(p);
                long reread = got.stream().filter(read::contains).count();
                Set<OracleId> missing = new LinkedHashSet<>(want);
                got.forEach(missing::remove);
                Set<OracleId> extra = new LinkedHashSet<>(got);
                extra.removeAll(want);
                long neverOnWest = extra.stream().filter(stranded::contains).count();
                String figure = "west position " + position.get(p) + " (copies " + copiedToWest.get(p) + "), pending " + want.size()
                    + ", resumed " + got.size() + ", re-read " + reread + ", skipped " + missing.size() + ", never on west " + neverOnWest;
                figures.put(group + "/" + p, figure);
                assertEquals(0, reread, group + " partition " + p + " re-read: " + figure);
                assertEquals(0, missing.size(), group + " partition " + p + " skipped " + missing + ": " + figure);
                assertEquals(extra.size(), neverOnWest, group + " partition " + p + " read other records: " + extra);
            }
        }
        System.out.println("FailbackIT figures: " + figures + "\nfailover:\n" + failover.out() + "failback plans:\n" + plans);
    }

    /** Reads {@code group}'s partitions on east from its committed offsets to their end. */
    private static Map<Integer, List<OracleId>> resumeOnEast(String east, String group) {
        Map<Integer, List<OracleId>> resumed = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = consumer(east, group)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(TOPIC, p));
            }
            Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
            reader.subscribe(List.of(TOPIC));
            Waits.until(group + " to read east to " + ends, TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    resumed.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(id(record));
                }
                return !reader.assignment().isEmpty() && partitions.stream().allMatch(tp -> reader.position(tp) >= ends.get(tp));
            });
        }
        return resumed;
    }

    private static void readToEnd(KafkaConsumer<byte[], byte[]> reader, Map<Integer, Long> from,
                                  java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> sink) {
        List<TopicPartition> partitions = new ArrayList<>();
        from.keySet().forEach(p -> partitions.add(new TopicPartition(TOPIC, p)));
        reader.assign(partitions);
        partitions.forEach(tp -> reader.seek(tp, from.get(tp.partition())));
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions);
        Waits.until("reading " + TOPIC + " to its end " + ends, TIMEOUT, () -> {
            reader.poll(Duration.ofMillis(200)).forEach(sink);
            return partitions.stream().allMatch(tp -> reader.position(tp) >= ends.get(tp));
        });
    }
}
