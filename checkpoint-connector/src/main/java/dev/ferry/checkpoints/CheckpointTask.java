package dev.ferry.checkpoints;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.KafkaCalls;
import dev.ferry.common.OwnedTaskMetrics;
import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.VerificationResult;
import dev.ferry.offsets.OffsetSyncReader;
import dev.ferry.offsets.OffsetSyncStore;
import dev.ferry.offsets.OffsetTranslator;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Checkpoints the consumer groups the connector gave this task.
 *
 * <p>The task reads the offset-syncs topic from its beginning into an {@link OffsetSyncStore} and keeps
 * following it. It writes nothing until it has read that topic up to where it ended when the task
 * started (and has read back its groups' earlier checkpoints, see {@link CheckpointSeeds}): before
 * that, translations would be conservative for no reason. Then, every {@code emit.checkpoints.interval.ms},
 * a {@link Checkpointer} reads the groups' committed offsets on the source, translates those of
 * mirrored topics and hands the checkpoints to write to Connect, whose producer writes them to the
 * checkpoints topic on the target. Waiting between rounds is spent reading new offset syncs.
 */
public class CheckpointTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(CheckpointTask.class);
    /** Connect source-partition key of verification results: the verified source topic. */
    static final String VERIFIED_TOPIC = "verifiedTopic";
    /** Longest a poll() waits before returning to Connect, so pause and stop are honoured promptly. */
    private static final long MAX_WAIT_MS = 1_000;
    private static final Duration MAX_CALL_TIMEOUT = Duration.ofSeconds(15);
    /** Longest one fetch of a verification sample waits: a slow cluster delays checkpoints by at most a few of these. */
    private static final Duration SAMPLE_FETCH_TIMEOUT = Duration.ofSeconds(2);
    /** At most this many samples per poll(), and no new one after {@link #MAX_WAIT_MS}, so checkpoints are never held up for long. */
    private static final int MAX_SAMPLES_PER_POLL = 20;

    private final TaskClients clients;
    private final LongSupplier clock;
    // The consumers are not thread-safe: poll() runs on the task thread, stop() on another.
    private final ReentrantLock lock = new ReentrantLock();
    private final CountDownLatch stopSignal = new CountDownLatch(1);

    private CheckpointTaskConfig config;
    private volatile TopicTail syncs;
    private volatile TopicTail earlierCheckpoints;
    private volatile GroupOffsets groupOffsets;
    private volatile MirroredTopics mirroredTopics;
    private volatile TargetGroups targetGroups;
    private GroupOffsetSyncer groupSyncer;
    private long nextGroupSyncMs;
    private OffsetSyncStore store;
    private OffsetSyncReader syncReader;
    private CheckpointSeeds seeds;
    private CheckpointLedger ledger;
    private Checkpointer checkpointer;
    private List<String> groups;
    private long startedMs;
    private boolean ready;
    private boolean warnedMissingSyncs;
    private long nextEmitMs;
    private volatile boolean stopping;
    private volatile CheckpointTaskMetrics metrics;
    private volatile CopyVerifier verifier;
    private VerificationMetrics verificationMetrics;
    private long sampleIntervalMs;
    private long nextSampleMs;
    // Numbered when Connect creates the instance, which orders it after any instance of this task given up on before.
    private final long instance = OwnedTaskMetrics.nextTaskInstance();

    public CheckpointTask() {
        this(TaskClients.KAFKA, System::currentTimeMillis);
    }

    CheckpointTask(TaskClients clients, LongSupplier clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new CheckpointTaskConfig(props);
        groups = config.groups();
        String clientId = "ferry-checkpoints-" + config.sourceAlias() + "->" + config.targetAlias() + "-"
            + Integer.toHexString(System.identityHashCode(this));
        Duration callTimeout = Duration.ofMillis(Math.min(MAX_CALL_TIMEOUT.toMillis(), config.emitIntervalMs() * 3));
        long partitionCheckMs = config.refreshGroupsIntervalMs();

        store = new OffsetSyncStore(config.offsetSyncsMaxRunsPerPartition());
        syncReader = new OffsetSyncReader(store);
        ledger = new CheckpointLedger(config.emitUnchangedIntervalMs());
        seeds = new CheckpointSeeds(new HashSet<>(groups), ledger);
        syncs = new TopicTail(clients.offsetSyncsConsumer(config, clientId + "-offset-syncs"), config.offsetSyncsTopic(),
            syncReader::add, partitionCheckMs, callTimeout, clock);
        earlierCheckpoints = new TopicTail(clients.checkpointsConsumer(config, clientId + "-checkpoints"),
            config.checkpointsTopic(), seeds, partitionCheckMs, callTimeout, clock);
        groupOffsets = clients.groupOffsets(config, clientId + "-source-admin", callTimeout);
        mirroredTopics = clients.mirroredTopics(config, clientId + "-target-admin", callTimeout, clock);
        if (config.syncGroupOffsetsEnabled()) {
            targetGroups = clients.targetGroups(config, clientId + "-group-sync-admin", callTimeout);
            groupSyncer = new GroupOffsetSyncer(targetGroups, config.replicationPolicy(), config.sourceAlias(),
                config.targetAlias());
            log.info("Group sync on: exact translations are committed to idle groups of target cluster '{}' every {} ms",
                config.targetAlias(), config.syncGroupOffsetsIntervalMs());
        }
        OffsetTranslator translator = new OffsetTranslator(store);
        checkpointer = new Checkpointer(groups, groupOffsets, mirroredTopics, translator, ledger);
        registerMetrics();
        if (config.verifies()) {
            startVerification(props.getOrDefault("name", "checkpoints"), clientId, translator);
        }
        startedMs = clock.getAsLong();
        log.info("Checkpointing {} consumer group(s) of cluster '{}' once offset-syncs topic {} is read", groups.size(),
            config.sourceAlias(), config.offsetSyncsTopic());
    }

    private void registerMetrics() {
        if (context == null || context.pluginMetrics() == null) {
            return; // not run by a Connect worker (unit tests)
        }
        metrics = new CheckpointTaskMetrics(context.pluginMetrics(), config.sourceAlias(), config.targetAlias(), instance, clock);
        metrics.registerCounters(checkpointer, ledger, syncReader::applied, syncReader::skipped, seeds::skipped, groups.size());
        if (groupSyncer != null) {
            metrics.registerGroupSync(groupSyncer);
        }
        metrics.registerGroups(groups);
    }

    private void startVerification(String connector, String clientId, OffsetTranslator translator) {
        sampleIntervalMs = Math.max(1, 60_000L / config.verificationSamplesPerMinute());
        MirroredTopics mirrored = mirroredTopics;
        verifier = new CopyVerifier(connector, config.sourceAlias(), config.targetAlias(), config.replicationPolicy(), translator,
            store::partitions, mirrored::isMirrored,
            new RecordFetcher(clients.sourceSampleConsumer(config, clientId + "-verify-source"), clock),
            new RecordFetcher(clients.targetSampleConsumer(config, clientId + "-verify-target"), clock),
            SAMPLE_FETCH_TIMEOUT, new SplittableRandom(), clock);
        if (context != null && context.pluginMetrics() != null) {
            verificationMetrics = new VerificationMetrics(context.pluginMetrics(), config.sourceAlias(), config.targetAlias(), instance);
        }
        log.info("Verifying {} replicated record(s) a minute against their copies found through the offset syncs; results go to {}",
            config.verificationSamplesPerMinute(), config.verificationTopic());
    }

    @Override
    public List<SourceRecord> poll() {
        lock.lock();
        try {
            if (stopping) {
                return null;
            }
            if (!ready && !catchUp()) {
                return null;
            }
            long now = clock.getAsLong();
            long wakeAt = verifier == null ? nextEmitMs : Math.min(nextEmitMs, nextSampleMs);
            // Wait for the next round by reading new syncs (returns early when syncs arrive).
            readSyncs(Duration.ofMillis(Math.max(0, Math.min(wakeAt - now, MAX_WAIT_MS))));
            verifyDueSamples();
            now = clock.getAsLong();
            if (now < nextEmitMs) {
                return null;
            }
            nextEmitMs = now + config.emitIntervalMs();
            List<SourceRecord> records = emit(now);
            return withVerificationResults(records);
        } catch (RuntimeException e) {
            if (stopping) {
                return null; // woken up, or clients closed under a call, by stop()
            }
            throw e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads back earlier checkpoints, then reads syncs until the topic's end as of the start.
     *
     * @return whether checkpoints may be written now
     */
    private boolean catchUp() {
        TopicTail earlier = earlierCheckpoints;
        if (earlier != null) {
            try {
                earlier.poll(Duration.ofMillis(100));
            } catch (AuthorizationException denied) {
                throw denial(denied, "target cluster '" + config.targetAlias() + "'", "READ (reading back earlier checkpoints)");
            }
            if (earlier.checked() && (!earlier.found() || earlier.caughtUp())) {
                log.info("Read back {} earlier checkpoint(s) of this task's groups from {} ({} unreadable record(s) skipped)",
                    seeds.seeded(), earlier.topic(), seeds.skipped());
                earlier.close();
                earlierCheckpoints = null;
            }
        }
        readSyncs(Duration.ofMillis(MAX_WAIT_MS / 2));
        if (!syncs.found()) {
            if (syncs.checked() && !warnedMissingSyncs) {
                warnedMissingSyncs = true;
                log.warn("Offset-syncs topic {} does not exist on the {}: no checkpoint is written until it does. Is the mirror "
                        + "connector running with emit.offset-syncs.enabled=true and the same offset-syncs settings?",
                    config.offsetSyncsTopic(), config.offsetSyncsCluster());
            }
            waitForStop(MAX_WAIT_MS);
            return false;
        }
        if (earlierCheckpoints != null || !syncs.caughtUp()) {
            return false;
        }
        ready = true;
        nextEmitMs = clock.getAsLong();
        if (metrics != null) {
            // checkpoints read back are in the topic already: their age counts until this task writes newer ones
            ledger.latest().forEach(checkpoint -> metrics.checkpointPresent(checkpoint.consumerGroup(), checkpoint.timestampMs()));
        }
        log.info("Read offset-syncs topic {} to its end in {} ms: {} sync(s) applied, {} unreadable record(s) skipped, "
                + "{} source partition(s) known. Writing checkpoints of {} group(s) every {} ms to {}", config.offsetSyncsTopic(),
            clock.getAsLong() - startedMs, syncReader.applied(), syncReader.skipped(), store.partitions().size(), groups.size(),
            config.emitIntervalMs(), config.checkpointsTopic());
        return true;
    }

    /** Verifies the samples that are due (see {@link #MAX_SAMPLES_PER_POLL}); a backlog is dropped, not caught up. */
    private void verifyDueSamples() {
        CopyVerifier current = verifier;
        if (current == null) {
            return;
        }
        long now = clock.getAsLong();
        long until = now + MAX_WAIT_MS;
        for (int i = 0; i < MAX_SAMPLES_PER_POLL && now >= nextSampleMs && now < until && !stopping; i++) {
            // Behind by more than an interval (a slow round): skip the missed samples rather than burst to catch up.
            nextSampleMs = nextSampleMs + sampleIntervalMs < now ? now + sampleIntervalMs : nextSampleMs + sampleIntervalMs;
            try {
                current.sampleOnce();
            } catch (AuthorizationException denied) {
                log.error("Verification stops: {}. Checkpoints go on", KafkaCalls.describeDenial(denied,
                    "source cluster '" + config.sourceAlias() + "' or target cluster '" + config.targetAlias() + "'",
                    "READ on the mirrored topics and their remote topics (fetching sampled records)"));
                closeVerifier();
                return;
            } catch (KafkaException e) {
                if (stopping) {
                    return;
                }
                log.warn("A verification sample failed, trying the next one: {}", e.toString());
            }
            now = clock.getAsLong();
        }
        if (verificationMetrics != null) {
            current.topics().forEach(topic -> verificationMetrics.register(current.tally(topic)));
        }
    }

    private List<SourceRecord> withVerificationResults(List<SourceRecord> records) {
        CopyVerifier current = verifier;
        if (current == null) {
            return records;
        }
        List<SourceRecord> out = records == null ? new ArrayList<>() : new ArrayList<>(records);
        for (VerificationResult result : current.results()) {
            out.add(new SourceRecord(Map.of(VERIFIED_TOPIC, result.topic()), Map.of(CheckpointRecords.OFFSET_TIME, result.reportedAtMs()),
                config.verificationTopic(), null, Schema.BYTES_SCHEMA, result.serializeKey(), Schema.BYTES_SCHEMA,
                result.serializeValue(), result.reportedAtMs()));
        }
        return out.isEmpty() ? null : out;
    }

    private void closeVerifier() {
        CopyVerifier current = verifier;
        verifier = null;
        if (current != null) {
            current.close();
        }
    }

    private void readSyncs(Duration wait) {
        try {
            syncs.poll(wait);
        } catch (AuthorizationException denied) {
            throw denial(denied, config.offsetSyncsCluster(), "READ (reading the offset syncs)");
        }
    }

    private List<SourceRecord> emit(long now) {
        List<Checkpoint> checkpoints;
        try {
            checkpoints = checkpointer.checkpoints(now);
        } catch (AuthorizationException denied) {
            throw denial(denied, "source cluster '" + config.sourceAlias() + "' or target cluster '" + config.targetAlias() + "'",
                "DESCRIBE (reading committed offsets on the source, listing remote topics on the target)");
        } catch (KafkaException e) {
            log.warn("Checkpointing failed this round, retrying in {} ms: {}", config.emitIntervalMs(), e.toString());
            return null;
        }
        syncGroupsIfDue(now);
        if (checkpoints.isEmpty()) {
            return null;
        }
        log.debug("Writing {} checkpoint(s) of {} group(s)", checkpoints.size(), groups.size());
        List<SourceRecord> records = new ArrayList<>(checkpoints.size());
        for (Checkpoint checkpoint : checkpoints) {
            records.add(CheckpointRecords.toRecord(checkpoint, config.checkpointsTopic()));
        }
        return records;
    }

    /**
     * Runs the group sync when it is on and due. It uses the ledger's latest checkpoints, the ones this
     * round hands to Connect included: those are the translations of offsets committed on the source, so
     * a target group may be moved to them before they land in the checkpoints topic.
     */
    private void syncGroupsIfDue(long now) {
        if (groupSyncer == null || now < nextGroupSyncMs) {
            return;
        }
        nextGroupSyncMs = now + config.syncGroupOffsetsIntervalMs();
        try {
            groupSyncer.sync(ledger.latest());
        } catch (AuthorizationException denied) {
            throw denial(denied, "target cluster '" + config.targetAlias() + "'",
                "DESCRIBE and READ on consumer groups (group sync; turn off sync.group.offsets.enabled or grant them)");
        }
        log.debug("Group sync round done: {}", groupSyncer.summary());
    }

    private ConnectException denial(AuthorizationException denied, String cluster, String operation) {
        return new ConnectException(KafkaCalls.describeDenial(denied, cluster, operation), denied);
    }

    /** Waits up to {@code ms}, returning early when the task stops: a pause between checks, not synchronisation. */
    private void waitForStop(long ms) {
        try {
            stopSignal.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts a checkpoint once the target acknowledged it (metadata is null when Connect dropped the record). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        CheckpointTaskMetrics taskMetrics = metrics;
        if (taskMetrics == null || metadata == null || record.timestamp() == null) {
            return;
        }
        if (record.sourcePartition().get(CheckpointRecords.PARTITION_GROUP) instanceof String group) {
            taskMetrics.checkpointWritten(group, record.timestamp());
        }
    }

    @Override
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        TopicTail syncTail = syncs;
        TopicTail earlier = earlierCheckpoints;
        if (syncTail != null) {
            syncTail.wakeup();
        }
        if (earlier != null) {
            earlier.wakeup();
        }
        CopyVerifier verifying = verifier;
        if (verifying != null) {
            verifying.wakeup();
        }
        // Admin clients are thread-safe: closing them now fails any call poll() waits on, so stop never waits for it.
        closeQuietly(groupOffsets, "source admin client");
        closeQuietly(mirroredTopics, "target admin client");
        closeQuietly(targetGroups, "group sync admin client");
        lock.lock();
        try {
            closeQuietly(syncs, "offset-syncs consumer");
            closeQuietly(earlierCheckpoints, "checkpoints consumer");
            earlierCheckpoints = null;
            closeQuietly(metrics, "checkpoint task metrics");
            closeVerifier();
            closeQuietly(verificationMetrics, "verification metrics");
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable closeable, String name) {
        if (closeable != null) {
            Utils.closeQuietly(closeable, name);
        }
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }

    /** The group sync, for tests; null when it is off. */
    GroupOffsetSyncer groupSyncer() {
        return groupSyncer;
    }

    /** The verifier, for tests; null when this task does not verify. */
    CopyVerifier verifier() {
        return verifier;
    }

    /** The ledger, for tests. */
    CheckpointLedger ledger() {
        return ledger;
    }
}
