package dev.ferry.mirror;

import dev.ferry.common.FerryVersion;
import dev.ferry.common.KafkaCalls;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.RetriableException;
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

    private static final Logger log = LoggerFactory.getLogger(MirrorSourceTask.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory;
    private final Function<Map<String, Object>, Admin> adminFactory;
    // The consumer is not thread-safe: poll() runs on the task thread, stop() on another.
    private final ReentrantLock consumerLock = new ReentrantLock();

    private MirrorSourceConfig config;
    private Consumer<byte[], byte[]> consumer;
    private Admin sourceAdmin;
    private RecordConverter converter;
    private StartPositions startPositions;
    private Map<TopicPartition, AssignedPartition> assigned;
    private Duration pollTimeout;
    private volatile boolean stopping;

    public MirrorSourceTask() {
        this(KafkaConsumer::new, Admin::create);
    }

    MirrorSourceTask(Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory,
                     Function<Map<String, Object>, Admin> adminFactory) {
        this.consumerFactory = consumerFactory;
        this.adminFactory = adminFactory;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MirrorSourceConfig(props);
        String clientId = "ferry-" + config.sourceAlias() + "->" + config.targetAlias() + "-"
            + props.getOrDefault("name", "mirror") + "-" + Integer.toHexString(System.identityHashCode(this));
        List<AssignedPartition> partitions = AssignedPartition.decodeAll(props.get(PARTITIONS));
        assigned = new HashMap<>();
        converter = new RecordConverter(config.sourceAlias(), config.targetAlias(), !config.replicationPolicy().namesCarryLineage());
        for (AssignedPartition partition : partitions) {
            assigned.put(partition.source(), partition);
            converter.register(partition);
        }
        pollTimeout = Duration.ofMillis(config.pollTimeoutMs());
        consumer = consumerFactory.apply(config.sourceConsumerConfig(clientId + "-consumer"));
        sourceAdmin = adminFactory.apply(config.sourceAdminConfig(clientId + "-admin"));
        startPositions = new StartPositions(consumer, config.sourceAlias(), config.newPartitionsStart(), config.gapPolicy());
        consumer.assign(assigned.keySet());
        startPositions.seekAll(partitions, storedOffsets(partitions));
        log.info("Mirroring {} partition(s) from cluster '{}' to '{}'", partitions.size(), config.sourceAlias(), config.targetAlias());
    }

    private Map<Map<String, Object>, Map<String, Object>> storedOffsets(List<AssignedPartition> partitions) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (AssignedPartition partition : partitions) {
            keys.add(SourceOffsets.partitionKey(config.sourceAlias(), partition.source()));
        }
        Map<Map<String, Object>, Map<String, Object>> stored = context.offsetStorageReader().offsets(keys);
        return stored == null ? Map.of() : stored;
    }

    @Override
    public List<SourceRecord> poll() {
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
                return null;
            }
            List<SourceRecord> out = new ArrayList<>(records.count());
            for (ConsumerRecord<byte[], byte[]> record : records) {
                SourceRecord copy = converter.convert(record);
                if (copy != null) {
                    out.add(copy);
                }
            }
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

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (metadata == null) {
            // Connect skipped a failed send (errors.tolerance=all). Never silent: name the record.
            log.error("Copy of source record {} offset {} to {} partition {} was dropped by the worker after a failed send "
                    + "(errors.tolerance=all); it is NOT on the target cluster", record.sourcePartition(),
                record.sourceOffset().get(SourceOffsets.OFFSET), record.topic(), record.kafkaPartition());
        }
    }

    @Override
    public void stop() {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        consumerLock.lock();
        try {
            Utils.closeQuietly(consumer, "source consumer");
            if (sourceAdmin != null) {
                sourceAdmin.close(Duration.ZERO);
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
