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
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that dies without warning (SIGKILL of its JVM, three times in a run) loses nothing: its tasks
 * move to the surviving worker and carry on in order; every consumer offset translates exactly, never to a skip
 * or a re-read (see {@link #assertEveryOffsetTranslatesWithoutSkipping}).
 * At least once ({@link WorkerHardKillIT}), the dead tasks re-send at most what they copied since their
 * last committed position (the stored offset, or the last copy the offset syncs had described when that is
 * earlier); exactly once ({@link ExactlyOnceHardKillIT}), nothing at all under read_committed.
 */
abstract class HardKillScenario extends MirrorClustersIT {

    private static final Logger log = LoggerFactory.getLogger(HardKillScenario.class);
    private static final String TOPIC = "hard-kill";
    private static final int PARTITIONS = 6;
    private static final int RATE = 200;
    private static final long FLUSH_INTERVAL_MS = 1_000;
    private static final int KILLS = 3;

    /** Whether the workers run source connectors exactly once (transactions) or at least once. */
    abstract boolean exactlyOnce();

    @Override
    FerryClusters.Builder configure(FerryClusters.Builder builder) {
        // A dead worker's tasks wait for scheduled.rebalance.max.delay.ms (5 min by default) before they move,
        // and the group notices the death only after session.timeout.ms (10 s by default; 6 s is the
        // broker's lowest by default) without a heartbeat.
        return builder.workerProp("scheduled.rebalance.max.delay.ms", "1000")
            .workerProp("session.timeout.ms", "6000")
            .workerProp("heartbeat.interval.ms", "1000")
            .workerProp("offset.flush.interval.ms", Long.toString(FLUSH_INTERVAL_MS))
            .workerProp("exactly.once.source.support", exactlyOnce() ? "enabled" : "disabled");
    }

    @Test
    void killedWorkersLoseNothingAndResendAtMostTheirUncommittedTail() {
        clusters.createSourceTopic(TOPIC, PARTITIONS, Map.of());
        Map<String, String> config = MirrorConnectors.eastToWest(clusters, TOPIC, 4);
        // Progress syncs far apart compared with Connect's offset commits (every second): a kill then nearly always
        // finds committed copies that no sync describes yet, which the successor must copy again (at least once) or
        // find on the target and describe (exactly once).
        config.put("offset-syncs.progress.interval.ms", "5000");
        if (exactlyOnce()) {
            config.put("exactly.once.support", "required");
            // One transaction per poll (the default boundary) means hundreds of tiny transactions a second on
            // two cores: each leaves records and markers in Connect's offsets topic, which every joining worker
            // and every starting exactly-once task reads to its end (tens of seconds here), and a commit marker
            // on each remote partition, each starting a new run of offset syncs. A transaction a second keeps
            // both small; a kill still aborts an open transaction, which the new task then writes again.
            config.put("transaction.boundary", "interval");
            config.put("transaction.boundary.interval.ms", "1000");
        }
        clusters.connect().configureConnector(TOPIC, config);
        clusters.awaitConnectorRunning(TOPIC, 4, Duration.ofSeconds(60));
        Set<String> inJvmWorkers = clusters.connect().workers().stream()
            .map(worker -> worker.url().getHost() + ":" + worker.url().getPort())
            .collect(Collectors.toSet());

        BackgroundProduction production = producer.produceInBackground(List.of(TOPIC), PARTITIONS, RATE);
        long[] uncommittedAtKills = new long[PARTITIONS];
        for (int kill = 1; kill <= KILLS; kill++) {
            try (ChildConnectWorker child = ChildConnectWorker.start(clusters.joiningWorkerProps(),
                Path.of("target", "child-workers", "kill-" + kill))) {
                Waits.until(child + " to run tasks of '" + TOPIC + "'", Duration.ofSeconds(180),
                    () -> child.isAlive() && !tasksOn(clusters.connect().connectorStatus(TOPIC), inJvmWorkers, false).isEmpty());
                long copiedBefore = copiedSoFar();
                Waits.until("the child's tasks to copy records", Duration.ofSeconds(60), () -> copiedSoFar() > copiedBefore + RATE);
                log.info("Kill {} of {}: SIGKILL to {}", kill, KILLS, child);
                child.kill();
                // produced by the time the worker was dead: more than it can have copied
                addUncommitted(uncommittedAtKills, producer.producedCounts(TOPIC));
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
        // At least once, each kill re-sends at most what the dead tasks copied past their last committed offset,
        // which is at most what had been produced past it when the worker died. Exactly once, the dead tasks'
        // open transactions are aborted and nothing is seen twice.
        for (int p = 0; p < PARTITIONS; p++) {
            long bound = exactlyOnce() ? 0 : uncommittedAtKills[p];
            long duplicated = report.partition(p).duplicated();
            assertTrue(duplicated <= bound, "partition " + p + ": duplicated " + duplicated + " > bound " + bound + ": " + report);
        }

        assertEveryOffsetTranslatesWithoutSkipping();
        clusters.connect().deleteConnector(TOPIC);
    }

    /**
     * Adds, per partition, how far the records produced by a kill reach past the offsets committed in
     * Connect's offsets topic when the worker died: the most its tasks could re-send. Read right after the
     * kill, before the group notices it, so the dead tasks' commits are final and no successor has started.
     */
    private void addUncommitted(long[] uncommitted, Map<Integer, Long> produced) {
        Map<Integer, Long> nextToCopy = new HashMap<>();
        for (ConnectorOffset offset : clusters.connect().connectorOffsets(TOPIC).offsets()) {
            int partition = ((Number) offset.partition().get("partition")).intValue();
            // at least once a killed task's successor resumes right after the last copy the offset syncs described,
            // when that is earlier than the committed offset (see SourceOffsets)
            long resumeAfter = ((Number) offset.offset().get("offset")).longValue();
            if (offset.offset().get("synced") instanceof Number synced) {
                resumeAfter = Math.min(resumeAfter, synced.longValue());
            }
            nextToCopy.put(partition, resumeAfter + 1);
        }
        for (int p = 0; p < PARTITIONS; p++) {
            uncommitted[p] += Math.max(0, produced.getOrDefault(p, 0L) - nextToCopy.getOrDefault(p, 0L));
        }
        log.info("Uncommitted tails so far, per partition: {}", Arrays.toString(uncommitted));
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
     * A consumer stopped at any offset c resumes on the target at the translation T skipping nothing (some copy of
     * every record from c on at or after T), counting only the copies a read_committed consumer sees. An exact
     * translation re-reads nothing (no copy of a record before c at or after T).
     *
     * <p>Every translation must be exact. A task killed before its next offset sync leaves committed copies that
     * no sync describes. At least once, its successor copies them again (see {@code SourceOffsets}). Exactly once,
     * Connect commits the copies' offsets with their transaction, so the successor must not copy them again: it
     * finds them on the target and writes the syncs its predecessor did not ({@code UnsyncedCopies}).
     */
    private void assertEveryOffsetTranslatesWithoutSkipping() {
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
                long t = translation.downstream();
                assertTrue(t <= firstNeeded[c], source + " c=" + c + ": T=" + t + " skips the copy at " + firstNeeded[c] + ": " + translation);
                assertTrue(translation.isExact(), source + " c=" + c + ": every translation is exact after the kills: " + translation);
                assertTrue(t > lastBelow[c], source + " c=" + c + ": T=" + t + " re-reads the copy at " + lastBelow[c]);
            }
        }
        log.info("Translations after {} kills: all exact, none re-reads or skips", KILLS);
    }

    private OffsetTranslator readSyncs() {
        // Exactly once, every transaction's commit marker takes an offset downstream and so starts a new run;
        // the store's default bound (1000 runs per partition) then covers the last 1000 transactions.
        OffsetSyncStore store = new OffsetSyncStore();
        OffsetSyncReader reader = new OffsetSyncReader(store);
        TopicSnapshot.read(clusters.target(), "ferry-offset-syncs.east.internal", IsolationLevel.READ_UNCOMMITTED,
            Duration.ofSeconds(30)).forEach(reader::add);
        assertEquals(0, reader.skipped(), "foreign or corrupt offset syncs");
        return new OffsetTranslator(store);
    }
}
