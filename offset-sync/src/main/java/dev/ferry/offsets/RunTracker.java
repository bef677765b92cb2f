package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one task's acknowledged copies into the offset syncs that describe them (see
 * {@link OffsetSync} for runs and kinds): a {@code RUN_START} whenever a run starts, and on request
 * one {@code PROGRESS} per partition whose run advanced since it was last reported.
 *
 * <p>A new run starts at a partition's first copy and whenever a copy does not follow the previous one
 * by exactly one offset on both sides: an upstream gap (compaction, transaction markers, records not
 * copied), a downstream gap (other writers, transaction markers of exactly-once delivery), or an
 * upstream offset that repeats or goes back (a re-send). Equal gaps on both sides start a run too, so
 * that a run never claims a copy for an offset that was not copied.
 *
 * <p>Copies must be fed in the order their downstream offsets were assigned, per partition (the order
 * in which a producer acknowledges sends to one partition). Memory: one small entry per partition.
 * Not thread-safe.
 */
public final class RunTracker {

    private final Map<TopicPartition, Position> partitions = new HashMap<>();

    /** The current run of one partition, and the run before it. */
    private static final class Position {
        long startUpstream;
        long startDownstream;
        long lastUpstream;
        long lastDownstream;
        RunSpan previousRun;
        boolean unreported;

        Position(long upstream, long downstream) {
            start(upstream, downstream);
        }

        void start(long upstream, long downstream) {
            startUpstream = upstream;
            startDownstream = downstream;
            lastUpstream = upstream;
            lastDownstream = downstream;
            unreported = false; // the RUN_START itself reports the position
        }

        RunSpan run() {
            return new RunSpan(startUpstream, startDownstream, lastUpstream, lastDownstream);
        }
    }

    /**
     * Records that upstream offset {@code upstream} of {@code source} was copied to {@code downstream}.
     *
     * @return the {@code RUN_START} sync to emit if this copy starts a new run
     * @throws IllegalArgumentException if an offset is negative (unknown)
     */
    public Optional<OffsetSync> onCopied(TopicPartition source, long upstream, long downstream, long nowMs) {
        if (upstream < 0 || downstream < 0) {
            throw new IllegalArgumentException("Copy " + upstream + " -> " + downstream + " of " + source + " has an unknown offset");
        }
        Position position = partitions.get(source);
        if (position == null) {
            partitions.put(source, new Position(upstream, downstream));
            return Optional.of(OffsetSync.runStart(source, upstream, downstream, null, nowMs));
        }
        if (upstream == position.lastUpstream + 1 && downstream == position.lastDownstream + 1) {
            position.lastUpstream = upstream;
            position.lastDownstream = downstream;
            position.unreported = true;
            return Optional.empty();
        }
        // The run ends with the previous copy. If the downstream offset went back, the target partition
        // was truncated or recreated and that run no longer precedes this one there: name no previous run.
        position.previousRun = downstream > position.lastDownstream ? position.run() : null;
        position.start(upstream, downstream);
        return Optional.of(OffsetSync.runStart(source, upstream, downstream, position.previousRun, nowMs));
    }

    /**
     * One {@code PROGRESS} sync per partition whose run advanced since it was last reported (by a
     * previous call or by its {@code RUN_START}); those partitions count as reported afterwards.
     */
    public List<OffsetSync> progress(long nowMs) {
        List<OffsetSync> syncs = new ArrayList<>();
        partitions.forEach((source, position) -> {
            if (position.unreported) {
                position.unreported = false;
                syncs.add(OffsetSync.progress(source, position.run(), position.previousRun, nowMs));
            }
        });
        return syncs;
    }

    /**
     * Makes the next {@link #progress} report {@code source} again, e.g. because the last report could
     * not be sent. Harmless if the partition's run is covered by its {@code RUN_START} alone.
     */
    public void markUnreported(TopicPartition source) {
        Position position = partitions.get(source);
        if (position != null && position.lastUpstream != position.startUpstream) {
            position.unreported = true;
        }
    }

    /** How many partitions are tracked. */
    public int partitionCount() {
        return partitions.size();
    }
}
