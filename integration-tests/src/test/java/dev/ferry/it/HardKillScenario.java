package dev.ferry.it;

import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import dev.ferry.offsets.Translation;
import dev.ferry.testkit.BackgroundProduction;
import dev.ferry.testkit.ChildConnectWorker;
import dev.ferry.testkit.FerryClusters;
import dev.ferry.testkit.OracleId;
import dev.ferry.testkit.OracleRecords;
import dev.ferry.testkit.ReplicationChecker;
import dev.ferry.testkit.ReplicationReport;
import dev.ferry.testkit.TopicSnapshot;
import dev.ferry.testkit.Waits;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that dies without warning (SIGKILL of its JVM, three times in a run) loses nothing: its tasks
 * move to the surviving worker and carry on in order; every consumer offset still translates exactly.
 * At least once ({@link WorkerHardKillIT}), the dead tasks re-send at most what they copied since their
 * last offset commit; exactly once ({@link ExactlyOnceHardKillIT}), nothing at all under read_committed.
 */
abstract class HardKillScenario extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(HardKillScenario.class);
    private static final String TOPIC = "hard-kill";
    private static final int PARTITIONS = 6;
    private static final int RATE = 400;
    private static final long FLUSH_INTERVAL_MS = 1_000;
    private static final int KILLS = 3;

    /** Whether the workers run source connectors exactly once (transactions) or at least once. */
    abstract boolean exactlyOnce();

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        // A dead worker's tasks wait for scheduled.rebalance.max.delay.ms (5 min by default) before they move.
        return builder.workerProp("scheduled.rebalance.max.delay.ms", "3000")
            .workerProp("offset.flush.interval.ms", Long.toString(FLUSH_INTERVAL_MS))
            .workerProp("exactly.once.source.support", exactlyOnce() ? "enabled" : "disabled");
    }

    @Test
    void killedWorkersLoseNothingAndResendAtMostTheirUncommittedTail() {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, TOPIC, 4);
        config.put("offset-syncs.progress.interval.ms", "200");
        if (exactlyOnce()) {
            config.put("exactly.once.support", "required");
        }
        clusters.connect().configureConnector(TOPIC, config);
        clusters.awaitConnectorRunning(TOPIC, 4, Duration.ofSeconds(60));
        Set<String> inJvmWorkers = clusters.connect().workers().stream()
            .map(worker -> worker.url().getHost() + ":" + worker.url().getPort())
            .collect(Collectors.toSet());

        BackgroundProduction production = producer.produceInBackground(List.of(TOPIC), PARTITIONS, RATE);
        for (int kill = 1; kill <= KILLS; kill++) {
            try (ChildConnectWorker child = ChildConnectWorker.start(clusters.joiningWorkerProps(),
                Path.of("target", "child-workers", "kill-" + kill))) {
                Waits.until(child + " to run tasks of '" + TOPIC + "'", Duration.ofSeconds(90),
                    () -> child.isAlive() && !tasksOn(clusters.connect().connectorStatus(TOPIC), inJvmWorkers, false).isEmpty());
                long copiedBefore = copiedSoFar();
                Waits.until("the child's tasks to copy records", Duration.ofSeconds(60), () -> copiedSoFar() > copiedBefore + RATE);
                log.info("Kill {} of {}: SIGKILL to {}", kill, KILLS, child);
                child.kill();
            }
            Waits.until("all tasks of '" + TOPIC + "' RUNNING on the surviving worker", Duration.ofSeconds(90), () -> {
                ConnectorStateInfo status = clusters.connect().connectorStatus(TOPIC);
                return status.tasks().size() == 4 && tasksOn(status, inJvmWorkers, true).size() == 4
                    && status.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
            });
        }
        long sent = production.stop();

        ReplicationChecker checker = exactlyOnce() ? ReplicationChecker.create().readCommitted() : CHECKER;
        ReplicationReport report = checker.awaitExact(clusters.target(), "east." + TOPIC, TOPIC, producer, Duration.ofSeconds(120));
        log.info("After {} hard kills {}, {} records sent: {}", KILLS, exactlyOnce() ? "exactly once" : "at least once", sent, report);
        assertEquals(0, report.lost(), report.toString());
        assertEquals(0, report.outOfOrder(), report.toString());
        assertEquals(0, report.mismatched(), report.toString());
        assertEquals(0, report.unexpected(), report.toString());
        // At least once, each kill re-sends what the dead tasks copied since their last offset commit: at
        // most the production of one flush interval plus the commit's own time (2 s allowed here).
        // Exactly once, the dead tasks' open transactions are aborted and nothing is seen twice.
        long bound = exactlyOnce() ? 0 : KILLS * RATE * (FLUSH_INTERVAL_MS + 2_000) / 1_000;
        assertTrue(report.duplicated() <= bound, "duplicated " + report.duplicated() + " > bound " + bound + ": " + report);

        assertEveryOffsetTranslatesExactly();
        clusters.connect().deleteConnector(TOPIC);
    }

    /** Tasks running on one of {@code workers} (or, with {@code inside} false, on any other worker). */
    private static List<ConnectorStateInfo.TaskState> tasksOn(ConnectorStateInfo status, Set<String> workers, boolean inside) {
        return status.tasks().stream().filter(task -> workers.contains(task.workerId()) == inside).toList();
    }

    private long copiedSoFar() {
        try (var consumer = clusters.target().createConsumer(Map.of())) {
            List<TopicPartition> partitions = java.util.stream.IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition("east." + TOPIC, p)).toList();
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A consumer stopped at any offset c resumes on the target at the translation T re-reading nothing
     * (no copy of a record before c at or after T) and skipping nothing (some copy of every record from c
     * on at or after T), counting only the copies a read_committed consumer sees.
     */
    private void assertEveryOffsetTranslatesExactly() {
        List<ConsumerRecord<byte[], byte[]>> copies = TopicSnapshot.read(clusters.target(), "east." + TOPIC,
            IsolationLevel.READ_COMMITTED, Duration.ofSeconds(60));
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition source = new TopicPartition(TOPIC, p);
            int end = (int) producer.producedCount(TOPIC, p);
            long[] lastBelow = new long[end + 1];   // highest offset of a copy of a record before c, or -1
            long[] firstNeeded = new long[end + 1]; // lowest, over records from c on, of their last copy's offset
            Arrays.fill(lastBelow, -1);
            Arrays.fill(firstNeeded, Long.MAX_VALUE);
            long[] lastCopyOf = new long[end];
            Arrays.fill(lastCopyOf, -1);
            for (ConsumerRecord<byte[], byte[]> copy : copies) {
                if (copy.partition() == p) {
                    Header id = copy.headers().lastHeader(OracleRecords.ID_HEADER);
                    int upstream = (int) OracleId.parse(id.value()).orElseThrow().seq();
                    lastCopyOf[upstream] = Math.max(lastCopyOf[upstream], copy.offset());
                }
            }
            for (int c = 1; c <= end; c++) {
                lastBelow[c] = Math.max(lastBelow[c - 1], lastCopyOf[c - 1]);
            }
            for (int c = end - 1; c >= 0; c--) {
                firstNeeded[c] = Math.min(firstNeeded[c + 1], lastCopyOf[c]);
            }
            OffsetTranslator translator = Waits.untilValue("syncs to cover " + source + " up to " + end, Duration.ofSeconds(30),
                this::readSyncs, t -> t.translate(source, end).isExact());
            for (int c = 0; c <= end; c++) {
                Translation translation = translator.translate(source, c);
                assertTrue(translation.isExact(), "c=" + c + ": " + translation);
                long t = translation.downstream();
                assertTrue(t > lastBelow[c], source + " c=" + c + ": T=" + t + " re-reads the copy at " + lastBelow[c]);
                assertTrue(t <= firstNeeded[c], source + " c=" + c + ": T=" + t + " skips the copy at " + firstNeeded[c]);
            }
        }
    }

    private OffsetTranslator readSyncs() {
        OffsetSyncStore store = new OffsetSyncStore();
        OffsetSyncReader reader = new OffsetSyncReader(store);
        TopicSnapshot.read(clusters.target(), "ferry-offset-syncs.east.internal", IsolationLevel.READ_UNCOMMITTED,
            Duration.ofSeconds(30)).forEach(reader::add);
        assertEquals(0, reader.skipped(), "foreign or corrupt offset syncs");
        return new OffsetTranslator(store);
    }
}
