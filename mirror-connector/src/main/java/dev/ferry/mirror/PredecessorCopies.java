package dev.ferry.mirror;

import dev.ferry.common.wire.RunSpan;
import dev.ferry.offsets.OffsetSyncEmitter;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a starting mirror task does about the copies its predecessor made but did not describe in offset syncs
 * (it was killed, or abandoned, before its next sync): at least once it copies them again
 * ({@link #confirmSynced}); exactly once it finds them on the target and writes their syncs
 * ({@link #describeUnsyncedCopies}). Either way consumer offsets among them then translate exactly. Both need the
 * newest sync of each such partition, read once from the tail of the offset-syncs topic ({@link OffsetSyncsTail}):
 * a predecessor's final syncs are among the topic's last records when its successor starts.
 */
final class PredecessorCopies {

    private static final Logger log = LoggerFactory.getLogger(PredecessorCopies.class);

    /** The most records read from the offset-syncs topic's tail, and from either log when looking for copies. */
    static final int TAIL_RECORDS = 100_000;
    /** How long each of those reads may take. */
    static final Duration TAIL_TIMEOUT = Duration.ofSeconds(10);

    private final MirrorSourceConfig config;
    private final Map<TopicPartition, AssignedPartition> assigned;
    private final RecordConverter converter;
    private final boolean usesTransforms;
    private final OffsetSyncEmitter offsetSyncs;
    private final Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory;
    private final String clientId;

    /**
     * @param usesTransforms whether Connect transforms the task's records (copies then cannot be recognised)
     * @param offsetSyncs    the task's emitter, which the syncs of copies found go through
     */
    PredecessorCopies(MirrorSourceConfig config, Map<TopicPartition, AssignedPartition> assigned, RecordConverter converter,
                      boolean usesTransforms, OffsetSyncEmitter offsetSyncs,
                      Function<Map<String, Object>, Consumer<byte[], byte[]>> consumerFactory, String clientId) {
        this.config = config;
        this.assigned = assigned;
        this.converter = converter;
        this.usesTransforms = usesTransforms;
        this.offsetSyncs = offsetSyncs;
        this.consumerFactory = consumerFactory;
        this.clientId = clientId;
    }

    /**
     * Reads the newest offset syncs of the partitions whose predecessor may have left copies undescribed (once, for
     * all of them), describes those it finds on the target exactly once ({@link #describeUnsyncedCopies}) and
     * returns the stored offsets to resume from ({@link #confirmSynced}).
     */
    Map<Map<String, Object>, Map<String, Object>> handOver(Map<Map<String, Object>, Map<String, Object>> stored) {
        Map<TopicPartition, Map<String, Object>> behind = new HashMap<>();   // at least once: synced < offset
        Map<TopicPartition, Long> unsynced = new HashMap<>();                // exactly once: no synced stored
        for (TopicPartition tp : assigned.keySet()) {
            Map<String, Object> offset = stored.get(SourceOffsets.partitionKey(config.sourceAlias(), tp));
            Long copied = SourceOffsets.copied(offset);
            Long synced = SourceOffsets.synced(offset);
            if (copied != null && synced == null) {
                unsynced.put(tp, copied);
            } else if (copied != null && synced < copied) {
                behind.put(tp, offset);
            }
        }
        if (usesTransforms && !unsynced.isEmpty()) {
            log.info("Not looking for copies of {} committed without an offset sync: transforms may change or drop records "
                + "on the way, so copies cannot be recognised; consumer offsets among them translate conservatively", unsynced.keySet());
            unsynced.clear();
        }
        if (behind.isEmpty() && unsynced.isEmpty()) {
            return stored;
        }
        Set<TopicPartition> wanted = new HashSet<>(behind.keySet());
        wanted.addAll(unsynced.keySet());
        Map<TopicPartition, RunSpan> newest;
        try (Consumer<byte[], byte[]> reader = consumerFactory.apply(config.offsetSyncsConsumerConfig(clientId + "-offset-syncs-reader"))) {
            newest = OffsetSyncsTail.newestRuns(reader, config.offsetSyncsTopic(), wanted, TAIL_RECORDS, TAIL_TIMEOUT);
        }
        if (!unsynced.isEmpty()) {
            describeUnsyncedCopies(unsynced, newest);
        }
        return behind.isEmpty() ? stored : confirmSynced(stored, behind, newest);
    }

    /**
     * The stored offsets, each without its {@link SourceOffsets#SYNCED} where the newest offset sync of the partition
     * in the topic already describes the copies up to the stored offset (the predecessor stopped gracefully and
     * wrote its final syncs): such a partition resumes right after its stored offset. The others resume after
     * {@code synced}, re-sending the copies no sync describes, so that every consumer offset translates exactly.
     */
    private Map<Map<String, Object>, Map<String, Object>> confirmSynced(Map<Map<String, Object>, Map<String, Object>> stored,
                                                                        Map<TopicPartition, Map<String, Object>> behind,
                                                                        Map<TopicPartition, RunSpan> newest) {
        Map<Map<String, Object>, Map<String, Object>> confirmed = new HashMap<>(stored);
        List<String> copiedAgain = new ArrayList<>();
        for (Map.Entry<TopicPartition, Map<String, Object>> entry : behind.entrySet()) {
            long copied = SourceOffsets.copied(entry.getValue());
            RunSpan run = newest.get(entry.getKey());
            if (run != null && run.startUpstream() <= copied && copied <= run.endUpstream()) {
                Map<String, Object> offset = new HashMap<>(entry.getValue());
                offset.remove(SourceOffsets.SYNCED);
                confirmed.put(SourceOffsets.partitionKey(config.sourceAlias(), entry.getKey()), offset);
            } else {
                copiedAgain.add(entry.getKey() + " upstream offsets " + (SourceOffsets.synced(entry.getValue()) + 1) + ".." + copied);
            }
        }
        if (!copiedAgain.isEmpty()) {
            log.info("Resuming before the stored offset, right after the last copy the offset syncs in '{}' describe (the "
                + "previous task stopped without writing its final syncs), so that every consumer offset translates exactly; "
                + "copying again: {}", config.offsetSyncsTopic(), copiedAgain);
        }
        return confirmed;
    }

    /**
     * Writes the offset syncs a predecessor did not write for copies it committed: exactly once (stored offsets
     * without {@link SourceOffsets#SYNCED}), a task killed between a transaction's commit and its next sync leaves
     * such copies, which must not be copied again. Where they are found on the target ({@link UnsyncedCopies}),
     * every consumer offset among them translates exactly; elsewhere translation stays conservative.
     *
     * @param committed the upstream offset of each partition's last committed copy
     */
    private void describeUnsyncedCopies(Map<TopicPartition, Long> committed, Map<TopicPartition, RunSpan> newest) {
        List<String> described = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        try (Consumer<byte[], byte[]> sourceReader = consumerFactory.apply(config.sourceConsumerConfig(clientId + "-unsynced-source"));
             Consumer<byte[], byte[]> targetReader = consumerFactory.apply(config.targetConsumerConfig(clientId + "-unsynced-target"))) {
            for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
                TopicPartition tp = entry.getKey();
                RunSpan synced = newest.get(tp);
                if (synced == null || synced.endUpstream() >= entry.getValue()) {
                    log.debug("Copies of {} up to upstream offset {} committed; the newest offset sync describes {}", tp,
                        entry.getValue(), synced);
                    continue; // no sync to start from, or the syncs describe every committed copy
                }
                TopicPartition remote = new TopicPartition(assigned.get(tp).remoteTopic(), tp.partition());
                UnsyncedCopies.Found found = UnsyncedCopies.find(sourceReader, targetReader, tp, remote, synced, entry.getValue(),
                    record -> converter.convert(tp, record, -1) != null, TAIL_RECORDS, TAIL_TIMEOUT);
                String range = tp + " upstream offsets " + (synced.endUpstream() + 1) + ".." + entry.getValue();
                if (!found.paired()) {
                    notFound.add(range + " (looked for on " + remote + " after offset " + synced.endDownstream() + "): "
                        + found.unpaired());
                } else if (!found.copies().isEmpty()) {
                    long now = System.currentTimeMillis();
                    found.copies().forEach(copy -> offsetSyncs.onCopied(tp, copy.upstream(), copy.downstream(), now));
                    described.add(range + " at " + remote + " offsets " + found.copies().get(0).downstream() + ".."
                        + found.copies().get(found.copies().size() - 1).downstream());
                }
            }
        } catch (AuthorizationException denied) {
            log.warn("Looking for copies of {} committed without an offset sync was denied ({}): grant READ on the remote topics "
                + "on the target cluster '{}' to the task's principal. Meanwhile consumer offsets among them translate "
                + "conservatively", committed.keySet(), denied.getMessage(), config.targetAlias());
            return;
        } catch (KafkaException e) {
            log.info("Could not look for copies of {} committed without an offset sync ({}); consumer offsets among them "
                + "translate conservatively", committed.keySet(), e.toString());
            return;
        }
        if (!described.isEmpty()) {
            // written before copying resumes, so that the syncs of one partition stay in the order of its copies
            offsetSyncs.maybeEmitProgress(System.currentTimeMillis());
            offsetSyncs.flush();
            log.info("Wrote the offset syncs the previous task did not write for copies it committed (killed before it "
                + "could), so that consumer offsets among them translate exactly: {}", described);
        }
        if (!notFound.isEmpty()) {
            log.info("Copies committed without an offset sync could not be found on the target; consumer offsets among them "
                + "translate conservatively (re-reading them, never skipping): {}", notFound);
        }
    }
}
