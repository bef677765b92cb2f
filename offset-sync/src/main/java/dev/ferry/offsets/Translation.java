package dev.ferry.offsets;

import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;

/**
 * The answer to "where on the target does a consumer continue that committed {@code upstream} on the source?".
 *
 * @param source      the source topic partition
 * @param upstream    the committed upstream offset (the next record the group would read)
 * @param kind        how far the answer can be trusted, see {@link TranslationKind}
 * @param downstream  the offset to continue from on the target partition, or -1 when the kind gives none
 * @param explanation why this answer, in words an operator can act on
 */
public record Translation(TopicPartition source, long upstream, TranslationKind kind, long downstream, String explanation) {

    /** Whether the answer re-reads nothing and skips nothing. */
    public boolean isExact() {
        return kind == TranslationKind.EXACT;
    }
}
