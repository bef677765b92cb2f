package dev.ferry.monitoring;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.TranslationKind;

/**
 * What one consumer group would re-read and miss on one partition if it failed over to the target now, i.e. if
 * it resumed on the target at the translated offset of its latest checkpoint (what the failover tool commits),
 * judged from that checkpoint and the mirror's latest progress report of the same source partition. Both are on
 * the target cluster, so no source credentials are needed; the price is that the group's consumption since its
 * latest checkpoint is not seen (it adds to the re-reads, at most what the group reads in one checkpoint age).
 *
 * <p>With {@code c} the checkpointed upstream offset, {@code T} its translation, and from the progress report
 * {@code N} the next source offset to copy, {@code D} the target offset of the last copy and {@code E} the source
 * log end offset:
 * <ul>
 *   <li><b>re-reads</b>: copies at or after {@code T} of records before {@code c}, which the group already consumed
 *       on the source. 0 for an EXACT translation (that is what exact means). Otherwise the copy of {@code c} is
 *       placed at {@code D + 1 - (N - c)} (the last run of copies is contiguous), or at {@code D + 1} when {@code c}
 *       is not copied yet ({@code c >= N}), and the re-reads are that position minus {@code T}, at least 0;</li>
 *   <li><b>skips</b>: records the group has not consumed that are on the source but not yet on the target, so a
 *       consumer failing over now never sees them: {@code E - max(c, N)}, at least 0. The translation itself never
 *       skips; this is the replication lag beyond the group's position.</li>
 * </ul>
 * Either is unknown (null) without a progress report for the partition, and re-reads also without a translated
 * offset (NO_SYNCS) or before the mirror has copied anything.
 *
 * @param rereads records a consumer failing over now would read a second time, or null when unknown
 * @param skips   records a consumer failing over now would never see, or null when unknown
 */
record FailoverExposure(Long rereads, Long skips) {

    static final FailoverExposure UNKNOWN = new FailoverExposure(null, null);

    /**
     * @param checkpoint the group's latest checkpoint of the partition
     * @param progress   the mirror's latest progress report of the same source partition, or null when there is none
     */
    static FailoverExposure of(Checkpoint checkpoint, PartitionProgress progress) {
        if (progress == null) {
            return UNKNOWN;
        }
        long c = checkpoint.upstreamOffset();
        long next = progress.nextOffset();
        long logEnd = progress.sourceLogEndOffset();
        Long skips = logEnd < 0 || next < 0 ? null : Math.max(0, logEnd - Math.max(c, next));
        return new FailoverExposure(rereads(checkpoint, next, progress.lastDownstreamOffset()), skips);
    }

    private static Long rereads(Checkpoint checkpoint, long next, long lastDownstream) {
        if (checkpoint.translation() == TranslationKind.EXACT) {
            return 0L;
        }
        if (!checkpoint.translation().hasDownstream() || next < 0 || lastDownstream < 0) {
            return null;
        }
        long c = checkpoint.upstreamOffset();
        long copyOfC = c >= next ? lastDownstream + 1 : lastDownstream + 1 - (next - c);
        return Math.max(0, copyOfC - checkpoint.downstreamOffset());
    }
}
