package dev.ferry.mirror;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.KafkaCalls;
import dev.ferry.common.OwnedTaskMetrics;
import dev.ferry.offsets.OffsetSyncEmitter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Copies records of its assigned source partitions. Connect writes what {@link #poll()} returns with
 * the worker's producer and stores each record's source offset, so a restarted task resumes right
 * after the last record whose copy was acknowledged.
 */
public class MirrorSourceTask extends SourceTask {

    /** Task config key: the partitions of this task, see {@link AssignedPartition}. */
    public static final String PARTITIONS = "task.partitions";
    /** Task config key: changes when the connector wants its tasks restarted (after a source outage). */
    public static final String GENERATION = "task.generation";
    /** Task config key: the task's number, as Connect numbers the connector's tasks. */
    public static final String TASK_ID = "task.id";

    private static final Logger log = LoggerFactory.getLogger(MirrorSourceTask.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int OFFSET_SYNCS_MAX_IN_FLIGHT = 1_000;
    private static final long LOG_END_REFRESH_MS = 1_000;
    // the consumer refreshes log ends every second while it polls; older observations mean it does not
    private static final long LOG_END_STALE_MS = 3_000;
    // Quota throttles of sane fetches stay within the broker's quota window (about 11 s by default); longer
    // ones come from a quota smaller than one record batch and would outlast the quota itself (FetchThrottleWatch).
    static final long FETCH_THROTTLE_BOUND_MS = 20_000;

    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory;
    private final Function<Map<String, Object>, Admin> adminFactory;
    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory;
    // The consumer is not thread-safe: poll() runs on the task thread, stop() on another.
    private final ReentrantLock consumerLock = new ReentrantLock();

    private MirrorSourceConfig config;
    // replaced (under consumerLock) when a broker throttle outlasts FETCH_THROTTLE_BOUND_MS; stop() wakes it from another thread
    private volatile Consumer<byte[], byte[]> consumer;
    private String consumerClientId;
    private FetchThrottleWatch fetchThrottle;
    private int throttleReopens;
    private Admin sourceAdmin;
    private Admin targetAdmin;
    private RemoteTopicLimits limits;
    private Quarantine quarantine;
    private MirrorTaskMetrics metrics;
    private final PartitionTrackers trackers = new PartitionTrackers();
    private TaskMonitor monitor;
    private ProgressPublisher progress;
    private OffsetSyncEmitter offsetSyncs;
    private long nextLogEndUpdateMs;
    private SourceReachability reachability;
    private RecordConverter converter;
    private StartPositions startPositions;
    private Map<TopicPartition, AssignedPartition> assigned;
    private Duration pollTimeout;
    private volatile boolean stopping;
    private boolean usesTransforms;
    // The thread that runs start() and poll(). Connect reports copies on it only when it commits them with a
    // transaction (exactly once); at least once, the producer's I/O thread reports them.
    private Thread taskThread;
    private volatile boolean copiesReportedOffTaskThread;
    // A record that cannot be copied: the records before it are handed to Connect first, then the task fails.
    private ConnectException pendingFailure;
    // Numbered when Connect creates the instance, which orders it after any instance of this task given up on before.
    private final long instance = OwnedTaskMetrics.nextTaskInstance();

    public MirrorSourceTask() {
        this(KafkaConsumer::new, Admin::create, KafkaProducer::new);
    }

    MirrorSourceTask(Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory,
                     Function<Map<String, Object>, Admin> adminFactory,
                     Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory) {
        this.consumerFactory = consumerFactory;
        this.adminFactory = adminFactory;
        this.producerFactory = producerFactory;
    }

    @Override
    public void start(Map<String, String> props) {
        taskThread = Thread.currentThread();
        config = new MirrorSourceConfig(props);
        String clientId = "ferry-" + config.sourceAlias() + "->" + config.targetAlias() + "-"
            + props.getOrDefault("name", "mirror") + "-" + Integer.toHexString(System.identityHashCode(this));
        List<AssignedPartition> partitions = AssignedPartition.decodeAll(props.get(PARTITIONS));
        assigned = new HashMap<>();
        converter = new RecordConverter(config.sourceAlias(), config.targetAlias(), !config.replicationPolicy().namesCarryLineage());
        Map<TopicPartition, Map<String, ?>> sourceKeys = new HashMap<>();
        for (AssignedPartition partition : partitions) {
            assigned.put(partition.source(), partition);
            converter.register(partition);
            trackers.add(new PartitionTracker(partition.source(), partition.remoteTopic()));
            sourceKeys.put(partition.source(), converter.sourcePartition(partition.source()));
        }
        trackers.sourceKeys(sourceKeys);
        pollTimeout = Duration.ofMillis(config.pollTimeoutMs());
        usesTransforms = config.usesTransforms();
        consumerClientId = clientId + "-consumer";
        consumer = consumerFactory.apply(config.sourceConsumerConfig(consumerClientId));
        sourceAdmin = adminFactory.apply(config.sourceAdminConfig(clientId + "-admin"));
        if (config.checksRecordSize()) {
            targetAdmin = adminFactory.apply(config.targetAdminConfig(clientId + "-target-admin"));
            limits = new RemoteTopicLimits(targetAdmin, partitions.stream().map(AssignedPartition::remoteTopic).distinct().toList());
            limits.reload();
        }
        if (config.emitsOffsetSyncs()) {
            Producer<byte[], byte[]> syncProducer = producerFactory.apply(config.offsetSyncsProducerConfig(clientId + "-offset-syncs"));
            // Fetch the topic's metadata now, so the first sync never waits for it on a producer callback thread.
            syncProducer.partitionsFor(config.offsetSyncsTopic());
            offsetSyncs = new OffsetSyncEmitter(syncProducer, config.offsetSyncsTopic(),
                config.offsetSyncsProgressIntervalMs(), OFFSET_SYNCS_MAX_IN_FLIGHT, (source, upstream, nowMs) -> {
                    PartitionTracker tracker = trackers.get(source);
                    if (tracker != null) {
                        tracker.offsetSyncAcknowledged(upstream, nowMs);
                    }
                });
        }
        if (config.toleratesErrors()) {
            quarantine = new Quarantine(producerFactory.apply(config.targetProducerConfig(clientId + "-quarantine")),
                config.quarantineTopic(), config.sourceAlias());
        }
        watchConsumer();
        consumer.assign(assigned.keySet());
        Map<Map<String, Object>, Map<String, Object>> stored = storedOffsets(partitions);
        if (offsetSyncs != null) {
            PredecessorCopies predecessor = new PredecessorCopies(config, assigned, converter, usesTransforms, offsetSyncs,
                consumerFactory, clientId);
            stored = predecessor.handOver(stored);
        }
        stored.forEach((key, offset) -> {
            Long resumeAfter = SourceOffsets.resumeAfter(offset);
            PartitionTracker tracker = resumeAfter == null ? null : trackers.of(key);
            if (tracker != null) {
                tracker.startAt(resumeAfter + 1);
            }
        });
        if (context.pluginMetrics() != null) {
            metrics = new MirrorTaskMetrics(context.pluginMetrics(), config.sourceAlias(), config.targetAlias(), instance);
            if (quarantine != null) {
                metrics.registerQuarantine(quarantine::count);
            }
            trackers.all().forEach(tracker -> metrics.register(tracker, offsetSyncs != null));
        }
        startMonitor(props, clientId);
        startPositions.seekAll(partitions, stored);
        log.info("Mirroring {} partition(s) from cluster '{}' to '{}'", partitions.size(), config.sourceAlias(), config.targetAlias());
    }

    /** The collaborators that read the current consumer. */
    private void watchConsumer() {
        Consumer<byte[], byte[]> current = consumer;
        reachability = new SourceReachability(current::metrics, System::currentTimeMillis, config.sourceUnreachableTimeoutMs());
        fetchThrottle = new FetchThrottleWatch(current::metrics, System::currentTimeMillis, FETCH_THROTTLE_BOUND_MS);
        startPositions = new StartPositions(current, config.sourceAlias(), config.newPartitionsStart(), config.gapPolicy());
    }

    /** Log-end refreshes while the consumer does not poll, metrics windows and progress reports: off the copy path. */
    private void startMonitor(Map<String, String> props, String clientId) {
        monitor = new TaskMonitor(clientId + "-monitor");
        LogEndRefresher refresher = new LogEndRefresher(trackers.all(), LogEndRefresher.admin(sourceAdmin, config.readsCommittedOnly()),
            LOG_END_STALE_MS, Duration.ofMillis(LOG_END_REFRESH_MS * 5), System::currentTimeMillis);
        monitor.every(LOG_END_REFRESH_MS, "Looking up source log ends", refresher::refreshStale);
        if (limits != null) {
            monitor.every(config.refreshTopicsIntervalMs(), "Reading max.message.bytes of the remote topics", limits::reload);
        }
        if (metrics != null) {
            monitor.every(MirrorTaskMetrics.WINDOW_MS, "Closing a metrics window", metrics::closeWindow);
        }
        if (config.publishesProgress() && !trackers.all().isEmpty()) {
            progress = new ProgressPublisher(producerFactory.apply(config.progressProducerConfig(clientId + "-progress")),
                config.progressTopic(), props.getOrDefault("name", "mirror"), config.sourceAlias(), config.targetAlias(),
                Integer.parseInt(props.getOrDefault(TASK_ID, "0")), System.currentTimeMillis(), trackers.all(),
                System::currentTimeMillis);
            monitor.every(config.progressIntervalMs(), "Publishing progress reports", progress::publish);
            if (metrics != null) {
                metrics.registerProgress(progress::sent, progress::failed);
            }
        }
        config.sourceGroupCommitId().filter(group -> !trackers.all().isEmpty()).ifPresent(group -> {
            SourceGroupCommitter committer = new SourceGroupCommitter(SourceGroupCommitter.admin(sourceAdmin), group, trackers.all(),
                Duration.ofMillis(LOG_END_REFRESH_MS * 5), System::currentTimeMillis);
            monitor.every(config.progressIntervalMs(), "Committing copied positions to source group " + group, committer::commitProgress);
        });
    }

    private Map<Map<String, Object>, Map<String, Object>> storedOffsets(List<AssignedPartition> partitions) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (AssignedPartition partition : partitions) {
            keys.add(SourceOffsets.partitionKey(config.sourceAlias(), partition.source()));
        }
        Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader().offsets(keys);
        return stored == null ? Map.of() : stored;
    }

    /** The message naming cluster, operation and topic if the offset syncs were refused by an ACL; null otherwise. */
    private String deniedOffsetSyncsWrite(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthorizationException denied) {
                String cluster = config.offsetSyncsOnSource() ? "source cluster '" + config.sourceAlias() + "'"
                    : "target cluster '" + config.targetAlias() + "'";
                return KafkaCalls.describeDenial(denied, cluster, "WRITE (offset-syncs topic '" + config.offsetSyncsTopic() + "')");
            }
        }
        return null;
    }

    @Override
    public List<SourceRecord> poll() {
        if (pendingFailure != null) {
            throw pendingFailure;
        }
        if (offsetSyncs != null) {
            offsetSyncs.failure().ifPresent(e -> {
                String denial = deniedOffsetSyncsWrite(e);
                throw new ConnectException("Offset syncs of cluster '" + config.sourceAlias() + "' could not be written to '"
                    + config.offsetSyncsTopic() + "', so consumer offsets could no longer be translated exactly: "
                    + (denial != null ? denial : e.getMessage()), e);
            });
            offsetSyncs.maybeEmitProgress(System.currentTimeMillis());
        }
        if (stopping || assigned.isEmpty()) {
            return null;
        }
        consumerLock.lock();
        try {
            if (stopping) {
                return null;
            }
            ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
            if (records.isEmpty()) {
                updateLogEnds();
                long throttledMs = fetchThrottle.heldBackTooLongMs();
                if (throttledMs > 0) {
                    reopenConsumer(throttledMs);
                    return null;
                }
                long downMs = reachability.unreachableForMs();
                if (downMs >= 0) {
                    throw new ConnectException("The source cluster '" + config.sourceAlias() + "' at "
                        + config.getList(MirrorSourceConfig.SOURCE_BOOTSTRAP) + " has been unreachable for " + downMs / 1000
                        + " s (no connection to any of its brokers). Nothing is lost: the connector restarts this task when it "
                        + "reaches the cluster again, and copying resumes right after the last copied record.");
                }
                return null;
            }
            if (throttleReopens > 0) {
                log.info("Fetching from source cluster '{}' resumed after the source consumer was reopened {} time(s) to "
                    + "leave broker fetch throttles", config.sourceAlias(), throttleReopens);
                throttleReopens = 0;
            }
            List<SourceRecord> out = new ArrayList<>(records.count());
            // Per partition, so per-partition lookups happen once a poll rather than once a record.
            batches:
            for (TopicPartition tp : records.partitions()) {
                String remoteTopic = assigned.get(tp).remoteTopic();
                int handedOver = out.size();
                long firstOffset = -1;
                PartitionTracker tracker = trackers.get(tp);
                long synced = storesSynced() ? tracker.synced() : -1;
                for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                    if (limits != null && oversized(record, remoteTopic)) {
                        if (pendingFailure != null) {
                            break;
                        }
                        continue;
                    }
                    SourceRecord copy = converter.convert(tp, record, synced);
                    if (copy != null) {
                        if (firstOffset < 0) {
                            firstOffset = record.offset();
                        }
                        out.add(copy);
                    }
                }
                if (out.size() > handedOver) {
                    tracker.handedOver(out.subList(handedOver, out.size()), firstOffset);
                }
                if (pendingFailure != null) {
                    break batches;
                }
            }
            // after the hand-over is counted, so a position past records not yet acknowledged is never taken as copied
            updateLogEnds();
            return out;
        } catch (WakeupException e) {
            return null;
        } catch (OffsetOutOfRangeException e) {
            repositionOutOfRange(e.offsetOutOfRangePartitions());
            return null;
        } catch (AuthorizationException e) {
            throw new ConnectException(KafkaCalls.describeDenial(e, "source cluster '" + config.sourceAlias() + "'",
                "READ or DESCRIBE (fetching records of " + assigned.keySet() + ")"), e);
        } catch (RecordDeserializationException e) {
            throw new ConnectException("Cannot read the record at offset " + e.offset() + " of source partition "
                + e.topicPartition() + " of cluster '" + config.sourceAlias() + "': " + e.getMessage(), e);
        } catch (ConnectException e) {
            throw e; // already says what is wrong
        } catch (RetriableException e) {
            log.warn("Fetching from source cluster '{}' failed, retrying: {}", config.sourceAlias(), e.toString());
            return null;
        } catch (KafkaException e) {
            throw new ConnectException("Fetching from source cluster '" + config.sourceAlias() + "' failed: " + e.getMessage(), e);
        } finally {
            consumerLock.unlock();
        }
    }

    /**
     * Replaces a consumer whose connection a broker throttle holds back for longer than
     * {@link #FETCH_THROTTLE_BOUND_MS}: the new one continues from the same positions on a fresh connection,
     * so copying resumes within the bound once the quota allows it.
     */
    private void reopenConsumer(long throttledMs) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        try {
            for (TopicPartition tp : assigned.keySet()) {
                positions.put(tp, consumer.position(tp, Duration.ofSeconds(1)));
            }
        } catch (TimeoutException e) {
            // a position the consumer cannot tell without the broker: keep this consumer, ask again after the next bound
            log.debug("Not reopening the throttled source consumer: {}", e.toString());
            fetchThrottle = new FetchThrottleWatch(consumer::metrics, System::currentTimeMillis, FETCH_THROTTLE_BOUND_MS);
            return;
        }
        throttleReopens++;
        if (throttleReopens == 1) {
            log.warn("Source cluster '{}' throttles the fetches of client id '{}' for {} s (a consumer_byte_rate quota smaller "
                    + "than one record batch per quota window does so until the quota changes); reopening the source consumer "
                    + "every {} s so that copying resumes within that time once the quota allows it",
                config.sourceAlias(), consumerClientIdInUse(), throttledMs / 1000, FETCH_THROTTLE_BOUND_MS / 1000);
        } else {
            log.debug("Reopening the throttled source consumer again ({} times), throttle {} ms", throttleReopens, throttledMs);
        }
        try {
            // No wait: the old connection is the throttled one, so closing its fetch session would only wait out the
            // timeout. Closed first, so that the new consumer (same client id) registers its JMX metrics in its place.
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        } catch (RuntimeException e) {
            log.debug("Closing the throttled source consumer failed: {}", e.toString());
        }
        consumer = consumerFactory.apply(config.sourceConsumerConfig(consumerClientId));
        watchConsumer();
        consumer.assign(assigned.keySet());
        positions.forEach(consumer::seek);
    }

    private String consumerClientIdInUse() {
        Object configured = config.sourceConsumerConfig(consumerClientId).get(ConsumerConfig.CLIENT_ID_CONFIG);
        return String.valueOf(configured);
    }

    /** Takes what the consumer knows of each partition's end and position (no network call), at most once a second. */
    private void updateLogEnds() {
        long now = System.currentTimeMillis();
        if (now < nextLogEndUpdateMs) {
            return;
        }
        nextLogEndUpdateMs = now + LOG_END_REFRESH_MS;
        for (PartitionTracker tracker : trackers.all()) {
            OptionalLong lag = consumer.currentLag(tracker.source());
            if (lag.isPresent()) {
                long position = consumer.position(tracker.source());
                // a record about to fail the task was not handed over, though the position is past it
                tracker.observed(position + lag.getAsLong(), pendingFailure == null ? position : -1, now);
            }
        }
    }

    /**
     * Whether the record is too large for its remote topic; if so it is quarantined (errors.tolerance=all)
     * or the task fails naming it once the
     * records before it are handed over.
     */
    private boolean oversized(ConsumerRecord<byte[], byte[]> record, String remoteTopic) {
        int limit = limits.maxMessageBytes(remoteTopic);
        int size = RecordSize.ofSingleRecordBatch(record);
        if (size <= limit) {
            return false;
        }
        String reason = "it is " + size + " bytes, larger than max.message.bytes=" + limit + " of remote topic '" + remoteTopic
            + "' on the target cluster";
        if (quarantine == null) {
            pendingFailure = new ConnectException("Cannot copy the record at offset " + record.offset() + " of source partition "
                + record.topic() + "-" + record.partition() + " of cluster '" + config.sourceAlias() + "': " + reason
                + ". Raise max.message.bytes of '" + remoteTopic + "' (config sync copies it from the source topic unless "
                + "excluded), or set errors.tolerance=all to quarantine such records.");
            return true;
        }
        quarantine.add(record.topic(), record.partition(), record.offset(), size, remoteTopic, reason);
        return true;
    }

    /**
     * The consumer never resets positions itself ({@code auto.offset.reset=none}); this decides:
     * records lost to retention (gap policy), or a topic recreated under the same name (start over
     * from its first record, so none of the new records is skipped).
     */
    private void repositionOutOfRange(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> logStarts = consumer.beginningOffsets(positions.keySet(), CALL_TIMEOUT);
        Map<TopicPartition, Long> logEnds = consumer.endOffsets(positions.keySet(), CALL_TIMEOUT);
        positions.forEach((tp, position) -> {
            long logEnd = logEnds.get(tp);
            Optional<Uuid> newId = position > logEnd ? replacementTopicId(tp) : Optional.empty();
            if (newId.isPresent()) {
                AssignedPartition old = assigned.get(tp);
                log.warn("Source topic '{}' was deleted and recreated (topic id {} -> {}); mirroring partition {} of the "
                    + "new topic from its first record", tp.topic(), old.topicId(), newId.get(), tp.partition());
                // Copies of the new topic's records are stored under its id, so a restart does not copy them again.
                AssignedPartition renewed = new AssignedPartition(tp, newId.get(), old.remoteTopic());
                assigned.put(tp, renewed);
                converter.register(renewed);
                trackers.sourceKey(tp, converter.sourcePartition(tp));
                trackers.get(tp).restart();
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, startPositions.checked(tp, position, logStarts.get(tp), logEnd));
            }
        });
    }

    /** The topic's current id when it differs from the one this task was given. */
    private Optional<Uuid> replacementTopicId(TopicPartition tp) {
        try {
            TopicDescription now = KafkaCalls.await(sourceAdmin.describeTopics(List.of(tp.topic())).topicNameValues().get(tp.topic()),
                CALL_TIMEOUT, "describing source topic '" + tp.topic() + "'");
            return now.topicId().equals(assigned.get(tp).topicId()) ? Optional.empty() : Optional.of(now.topicId());
        } catch (UnknownTopicOrPartitionException deleted) {
            return Optional.empty();
        }
    }

    /**
     * Whether the records' stored offsets carry how far the offset syncs described the copies
     * ({@link SourceOffsets#SYNCED}): with offset syncs on, and once a copy was reported off the task thread, i.e. at
     * least once. Exactly once, Connect commits offsets in the copies' transaction and reports the copies afterwards
     * on the task thread; resuming any earlier than the committed offset would then duplicate records.
     */
    private boolean storesSynced() {
        return offsetSyncs != null && copiesReportedOffTaskThread;
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // Runs once per record on the producer's callback thread: no TopicPartition, no map hashing of strings.
        PartitionTracker tracker = trackers.of(record.sourcePartition());
        if (tracker != null && metadata == null) {
            tracker.committedWithoutCopy();
        } else if (tracker != null) {
            if (!copiesReportedOffTaskThread && Thread.currentThread() != taskThread) {
                copiesReportedOffTaskThread = true; // at least once: see storesSynced()
            }
            long now = System.currentTimeMillis();
            long upstream = ((Number) record.sourceOffset().get(SourceOffsets.OFFSET)).longValue();
            if (offsetSyncs != null) {
                offsetSyncs.onCopied(tracker.source(), upstream, metadata.offset(), now);
            }
            Long timestamp = record.timestamp();
            long latencyMs = timestamp == null ? -1 : now - timestamp;
            int bytes = Math.max(0, metadata.serializedKeySize()) + Math.max(0, metadata.serializedValueSize()) + headerBytes(record);
            // the metrics read the tracker from the monitor thread: nothing else to record here
            tracker.copied(upstream, metadata.offset(), timestamp == null ? -1 : timestamp, bytes, latencyMs);
        }
        if (metadata == null && quarantine != null && !usesTransforms) {
            // Connect skipped a failed send (errors.tolerance=all). Never silent: quarantine and name the record.
            // (With transforms configured, null metadata may also mean a transform dropped the record on purpose.)
            int size = (record.key() instanceof byte[] key ? key.length : 0) + (record.value() instanceof byte[] value ? value.length : 0);
            quarantine.add((String) record.sourcePartition().get(SourceOffsets.TOPIC),
                ((Number) record.sourcePartition().get(SourceOffsets.PARTITION)).intValue(),
                ((Number) record.sourceOffset().get(SourceOffsets.OFFSET)).longValue(), size, record.topic(),
                "the worker's send to the target failed and was skipped (errors.tolerance=all)");
        } else if (metadata == null) {
            log.error("Copy of source record {} offset {} to {} partition {} was dropped by the worker after a failed send "
                    + "(errors.tolerance=all); it is NOT on the target cluster", record.sourcePartition(),
                record.sourceOffset().get(SourceOffsets.OFFSET), record.topic(), record.kafkaPartition());
        }
    }

    /** Header key characters plus header value bytes (the copies carry the values as bytes). */
    private static int headerBytes(SourceRecord record) {
        if (record.headers().isEmpty()) {
            return 0;
        }
        int bytes = 0;
        for (org.apache.kafka.connect.header.Header header : record.headers()) {
            bytes += header.key().length() + (header.value() instanceof byte[] value ? value.length : 0);
        }
        return bytes;
    }

    @Override
    public void stop() {
        stopping = true;
        if (monitor != null) {
            monitor.close();
        }
        if (progress != null) {
            progress.close();
        }
        if (consumer != null) {
            consumer.wakeup();
        }
        consumerLock.lock();
        try {
            Utils.closeQuietly(consumer, "source consumer");
            if (sourceAdmin != null) {
                sourceAdmin.close(Duration.ZERO);
            }
            if (targetAdmin != null) {
                targetAdmin.close(Duration.ZERO);
            }
            if (quarantine != null) {
                quarantine.close();
            }
            if (offsetSyncs != null) {
                offsetSyncs.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        } finally {
            consumerLock.unlock();
        }
    }

    @Override
    public String version() {
        return FerryVersion.get();
    }
}
