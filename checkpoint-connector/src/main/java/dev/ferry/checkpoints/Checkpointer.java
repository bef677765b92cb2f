package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import dev.ferry.offsets.OffsetTranslator;
import dev.ferry.offsets.Translation;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One round of checkpointing for a task's groups: read their committed offsets, keep the partitions of
 * mirrored topics, translate each offset, and let the {@link CheckpointLedger} decide what is written.
 *
 * <p>Conservative translations (not yet replicated, unreported tail, history gone) are written with
 * their kind, so tools see them and can tell how far to trust them; a partition with no offset syncs
 * at all ({@link TranslationKind#NO_SYNCS}) gets no checkpoint, since there is no offset to give.
 */
final class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    private static final Comparator<TopicPartition> PARTITION_ORDER =
        Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final List<String> groups;
    private final GroupOffsets groupOffsets;
    private final MirroredTopics mirroredTopics;
    private final OffsetTranslator translator;
    private final CheckpointLedger ledger;
    // read by metrics on other threads
    private final AtomicLongArray translations = new AtomicLongArray(TranslationKind.values().length);
    private volatile long withoutSyncs;

    Checkpointer(List<String> groups, GroupOffsets groupOffsets, MirroredTopics mirroredTopics,
                 OffsetTranslator translator, CheckpointLedger ledger) {
        this.groups = List.copyOf(groups);
        this.groupOffsets = groupOffsets;
        this.mirroredTopics = mirroredTopics;
        this.translator = translator;
        this.ledger = ledger;
    }

    /**
     * @param nowMs the checkpoints' timestamp
     * @return the checkpoints to write now, by group, then topic and partition
     */
    List<Checkpoint> checkpoints(long nowMs) {
        List<Checkpoint> out = new ArrayList<>();
        if (groups.isEmpty()) {
            return out;
        }
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = groupOffsets.committed(groups);
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = committed.get(group);
            if (offsets == null) {
                continue; // its read failed this round (logged); the next round tries again
            }
            List<TopicPartition> partitions = new ArrayList<>(offsets.keySet());
            partitions.sort(PARTITION_ORDER);
            for (TopicPartition source : partitions) {
                OffsetAndMetadata offset = offsets.get(source);
                if (offset == null || offset.offset() < 0 || !mirroredTopics.isMirrored(source.topic())) {
                    continue;
                }
                checkpoint(group, source, offset, nowMs).flatMap(ledger::admit).ifPresent(out::add);
            }
        }
        return out;
    }

    private Optional<Checkpoint> checkpoint(String group, TopicPartition source, OffsetAndMetadata offset, long nowMs) {
        Translation translation = translator.translate(source, offset.offset());
        translations.incrementAndGet(translation.kind().ordinal());
        if (translation.kind() == TranslationKind.NO_SYNCS) {
            withoutSyncs++;
            log.debug("No checkpoint for group '{}' on {}: {}", group, source, translation.explanation());
            return Optional.empty();
        }
        if (!translation.isExact()) {
            log.debug("Conservative checkpoint for group '{}' on {} ({}): {}", group, source, translation.kind(),
                translation.explanation());
        }
        return Optional.of(new Checkpoint(group, source, translation.upstream(), translation.downstream(),
            offset.metadata(), translation.kind(), nowMs));
    }

    /** Committed offsets translated with answers of {@code kind}, written or not. */
    long translations(TranslationKind kind) {
        return translations.get(kind.ordinal());
    }

    /** Committed offsets not checkpointed because no offset sync of their partition was read. */
    long withoutSyncs() {
        return withoutSyncs;
    }
}
