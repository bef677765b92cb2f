package dev.ferry.mirror;

import dev.ferry.mirror.MirrorSourceConfig.GapPolicy;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Places the source consumer where each partition's copying must continue, and says so when that is
 * not simply "right after the last copied record": a new partition, a recreated topic, or records lost
 * to retention before they were copied.
 */
final class StartPositions {

    private static final Logger log = LoggerFactory.getLogger(StartPositions.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<byte[], byte[]> consumer;
    private final String sourceAlias;
    private final OffsetResetStrategy newPartitionsStart;
    private final GapPolicy gapPolicy;

    StartPositions(Consumer<byte[], byte[]> consumer, String sourceAlias, OffsetResetStrategy newPartitionsStart, GapPolicy gapPolicy) {
        this.consumer = consumer;
        this.sourceAlias = sourceAlias;
        this.newPartitionsStart = newPartitionsStart;
        this.gapPolicy = gapPolicy;
    }

    /**
     * Seeks every assigned partition.
     *
     * @param stored the offsets Connect stored for these partitions, keyed by source partition map
     * @throws ConnectException when records were lost before being copied and the gap policy is fail
     */
    void seekAll(Collection<AssignedPartition> assigned, Map<Map<String, Object>, Map<String, Object>> stored) {
        List<TopicPartition> fromStart = new ArrayList<>();
        List<TopicPartition> fromEnd = new ArrayList<>();
        Map<TopicPartition, Long> resume = new java.util.HashMap<>();
        for (AssignedPartition partition : assigned) {
            TopicPartition tp = partition.source();
            Map<String, Object> offset = stored.get(SourceOffsets.partitionKey(sourceAlias, tp));
            Long resumeAfter = SourceOffsets.resumeAfter(offset);
            if (resumeAfter == null) {
                (newPartitionsStart == OffsetResetStrategy.LATEST ? fromEnd : fromStart).add(tp);
                continue;
            }
            Object storedId = offset.get(SourceOffsets.TOPIC_ID);
            if (storedId != null && !storedId.toString().equals(partition.topicId().toString())) {
                log.warn("Source topic '{}' was deleted and recreated (topic id {} -> {}); mirroring partition {} of the "
                    + "new topic from its first record", tp.topic(), storedId, partition.topicId(), tp.partition());
                fromStart.add(tp);
                continue;
            }
            log.debug("Partition {} resumes after upstream offset {} (stored offset {})", tp, resumeAfter, offset);
            resume.put(tp, resumeAfter + 1);
        }
        if (!fromStart.isEmpty()) {
            consumer.seekToBeginning(fromStart);
        }
        if (!fromEnd.isEmpty()) {
            consumer.seekToEnd(fromEnd);
        }
        if (!resume.isEmpty()) {
            Map<TopicPartition, Long> logStarts = consumer.beginningOffsets(resume.keySet(), CALL_TIMEOUT);
            Map<TopicPartition, Long> logEnds = consumer.endOffsets(resume.keySet(), CALL_TIMEOUT);
            resume.forEach((tp, next) -> consumer.seek(tp, checked(tp, next, logStarts.get(tp), logEnds.get(tp))));
        }
    }

    /**
     * The position to read {@code tp} from, given the next offset to copy and the partition's log bounds.
     *
     * @throws ConnectException when records were lost and the gap policy is fail
     */
    long checked(TopicPartition tp, long next, long logStart, long logEnd) {
        if (next < logStart) {
            long lost = logStart - next;
            String message = "Source partition " + tp + " of cluster '" + sourceAlias + "': " + lost
                + " record(s) at offsets [" + next + ", " + logStart + ") were removed from the source log (retention "
                + "or deleteRecords) before they were copied; the log now starts at " + logStart + ".";
            if (gapPolicy == GapPolicy.FAIL) {
                throw new ConnectException(message + " Set " + MirrorSourceConfig.GAP_POLICY
                    + "=continue to accept the loss and go on from offset " + logStart + ".");
            }
            log.error("{} Continuing from offset {} ({}=continue).", message, logStart, MirrorSourceConfig.GAP_POLICY);
            return logStart;
        }
        if (next > logEnd) {
            String message = "Source partition " + tp + " of cluster '" + sourceAlias + "' ends at offset " + logEnd
                + " but offsets up to " + (next - 1) + " were already copied: the source log was truncated (unclean "
                + "leader election) or replaced by a topic of the same name.";
            if (gapPolicy == GapPolicy.FAIL) {
                throw new ConnectException(message + " Set " + MirrorSourceConfig.GAP_POLICY + "=continue to copy the "
                    + "partition again from its log start (" + logStart + "), or reset the connector's offsets for it.");
            }
            log.error("{} Copying it again from its log start {} ({}=continue).", message, logStart, MirrorSourceConfig.GAP_POLICY);
            return logStart;
        }
        return next;
    }
}
