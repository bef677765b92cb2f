package dev.ferry.common.wire;

/**
 * How an upstream consumer offset was translated to a downstream one, and so how far the answer can
 * be trusted. Carried by checkpoints; the code is the wire value and never changes meaning.
 *
 * <p>Every kind's answer obeys "never skip": a consumer that starts at the translated offset sees a
 * copy of every replicated upstream record at or after the committed offset. Only {@link #EXACT}
 * also promises that it re-reads no copy of an earlier record.
 */
public enum TranslationKind {

    /** The answer is exact: one past the last copy, in downstream order, of any record before the committed offset. */
    EXACT(0, true),
    /**
     * The committed offset lies beyond what the offset syncs report as copied. The answer is one past
     * the last reported copy before it: the consumer re-reads the copies made since, never skips.
     */
    NOT_YET_REPLICATED(1, true),
    /**
     * The records just before the committed offset were copied by a task that stopped before reporting
     * how far its last run went. The answer is one past the last reported copy before the committed
     * offset: the consumer may re-read the unreported copies, never skips.
     */
    UNREPORTED_TAIL(2, true),
    /**
     * No kept offset sync describes a copy of any record before the committed offset: either none was
     * replicated (mirroring began at or after it) or the syncs describing them expired or were
     * evicted. The answer is downstream offset 0, the start of the target partition: the consumer
     * re-reads whatever the target still holds, never skips.
     */
    HISTORY_GONE(3, true),
    /** No offset sync was seen for the partition; no downstream offset can be given (-1). */
    NO_SYNCS(4, false),
    /**
     * Failback only (never written by the checkpoint connector): on the cluster the group returns to,
     * records it already read on the other cluster lie after records it has not read, as active/active
     * mirroring can leave them. The answer is the first record it has not read: it re-reads the read
     * ones after it, never skips.
     */
    INTERLEAVED(5, true);

    private final byte code;
    private final boolean hasDownstream;

    TranslationKind(int code, boolean hasDownstream) {
        this.code = (byte) code;
        this.hasDownstream = hasDownstream;
    }

    /** The wire value. */
    public byte code() {
        return code;
    }

    /** Whether translations of this kind give a downstream offset (otherwise it is -1). */
    public boolean hasDownstream() {
        return hasDownstream;
    }

    /** @return the kind with this wire value, or {@code null} if there is none */
    public static TranslationKind ofCode(byte code) {
        for (TranslationKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
