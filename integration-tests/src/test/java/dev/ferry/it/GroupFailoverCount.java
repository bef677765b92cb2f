package dev.ferry.it;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.failover.FailoverCli;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleProducer;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fails a source consumer group over to the target as the DR runbook does (its latest checkpoints, translated,
 * committed on the target by {@code ferry-failover apply --execute}), then reads on with that group on the target
 * and counts, by oracle record identity, the records it reads again (below its committed source offset) and the
 * records it never gets (at or above it). Also checks every checkpoint of the group written during the run:
 * how many of each translation kind, how many moved back.
 */
final class GroupFailoverCount {

    private static final String CHECKPOINTS_TOPIC = "ferry-checkpoints.east.internal";
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    /** The counts; {@code cliOutput} is what the failover command printed. */
    record Result(long reread, long skipped, long expectedAfterCommit, int checkpoints, Map<TranslationKind, Integer> kinds,
                  int movedBack, String cliOutput) {
    }

    private final FerryClusters clusters;
    private final OracleProducer producer;
    private final String group;

    GroupFailoverCount(FerryClusters clusters, OracleProducer producer, String group) {
        this.clusters = clusters;
        this.producer = producer;
        this.group = group;
    }

    /**
     * @param committed the group's committed offsets on the source, once it stopped; production must have stopped
     *                  and the mirror drained
     */
    Result run(Map<TopicPartition, Long> committed) {
        Map<TopicPartition, Checkpoint> latest = new HashMap<>();
        int[] history = new int[2]; // checkpoints, moved back
        Map<TranslationKind, Integer> kinds = new java.util.TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> reader = clusters.target().createConsumer(Map.of())) {
            TopicPartition tp = new TopicPartition(CHECKPOINTS_TOPIC, 0);
            reader.assign(List.of(tp));
            reader.seekToBeginning(List.of(tp));
            Waits.until("exact checkpoints of " + group + " at its committed offsets " + committed, TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    Checkpoint checkpoint = Checkpoint.deserialize(record.key(), record.value());
                    if (!checkpoint.consumerGroup().equals(group)) {
                        continue;
                    }
                    history[0]++;
                    kinds.merge(checkpoint.translation(), 1, Integer::sum);
                    Checkpoint before = latest.put(checkpoint.source(), checkpoint);
                    if (before != null && (checkpoint.upstreamOffset() < before.upstreamOffset()
                        || checkpoint.downstreamOffset() < before.downstreamOffset())) {
                        history[1]++;
                    }
                }
                return committed.entrySet().stream().allMatch(entry -> {
                    Checkpoint checkpoint = latest.get(entry.getKey());
                    return checkpoint != null && checkpoint.upstreamOffset() == entry.getValue()
                        && checkpoint.translation() == TranslationKind.EXACT;
                });
            });
        }

        String cli = failover("apply", "--group", group, "--execute");

        Map<TopicPartition, BitSet> seenAtOrAfter = new HashMap<>();
        long[] reread = {0};
        long expected = committed.entrySet().stream()
            .mapToLong(e -> producer.producedCount(e.getKey().topic(), e.getKey().partition()) - e.getValue()).sum();
        List<String> remoteTopics = committed.keySet().stream().map(tp -> "east." + tp.topic()).distinct().toList();
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = clusters.target().createConsumer(config)) {
            consumer.subscribe(remoteTopics);
            Map<TopicPartition, Long> ends = new HashMap<>();
            Waits.until(group + " to read the remote topics to their end on the target", TIMEOUT, () -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    OracleId id = OracleId.parse(record.headers().lastHeader(OracleRecords.ID_HEADER).value()).orElseThrow();
                    TopicPartition source = new TopicPartition(id.topic(), id.partition());
                    long c = committed.getOrDefault(source, 0L);
                    if (id.seq() < c) {
                        reread[0]++;
                    } else {
                        seenAtOrAfter.computeIfAbsent(source, k -> new BitSet()).set(Math.toIntExact(id.seq() - c));
                    }
                }
                if (consumer.assignment().isEmpty()) {
                    return false;
                }
                if (ends.isEmpty()) {
                    ends.putAll(consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10)));
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), Duration.ofSeconds(10)) >= e.getValue())
                    && consumer.assignment().size() == committed.size();
            });
        }
        long skipped = 0;
        for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
            long after = producer.producedCount(entry.getKey().topic(), entry.getKey().partition()) - entry.getValue();
            skipped += after - seenAtOrAfter.getOrDefault(entry.getKey(), new BitSet()).cardinality();
        }
        return new Result(reread[0], skipped, expected, history[0], kinds, history[1], cli);
    }

    private String failover(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--target-bootstrap", clusters.targetBootstrap(), "--source-alias", "east", "--timeout-ms", "30000"));
        int exit = FailoverCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        if (exit != 0) {
            throw new AssertionError("ferry-failover " + String.join(" ", args) + " exited " + exit + ": " + printed);
        }
        return printed;
    }
}
