package dev.ferry.offsets;

import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Translates a consumer group's committed upstream offset {@code c} (the next record to read) into the
 * downstream offset {@code T} to continue from on the target, from what an {@link OffsetSyncStore} knows.
 *
 * <h2>The rule</h2>
 * {@code T} is one past the last <em>known</em> copy, in downstream order, of any upstream record
 * below {@code c}, or 0 if no such copy is known. That copy is found in the run furthest downstream
 * that starts below {@code c}: it is the copy of {@code c - 1} if the run is known to reach it, else the
 * run's furthest known copy. Because tasks copy in upstream order and re-send from an earlier position
 * after a restart, every record at or after {@code c} that was copied has a copy after that one.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Never skip</b> (every kind): a consumer starting at {@code T} sees a copy of every replicated
 *       upstream record at or after {@code c}. Knowledge is only ever missing, never false, so the
 *       last known copy is at or before the true last one.</li>
 *   <li><b>Exact</b> ({@link TranslationKind#EXACT}): the true last copy is known, so the consumer
 *       re-reads no copy of a record below {@code c}, also when restarts left duplicates downstream
 *       (the latest copies win) and when {@code c} lies in a gap between runs (the answer is right
 *       after the run before the gap). This holds when {@code c - 1} lies in a run's known part, when
 *       that run's end is known, and for {@code c == 0}.</li>
 *   <li><b>Conservative</b> otherwise, and said so: {@link TranslationKind#NOT_YET_REPLICATED} when
 *       {@code c} is beyond the last reported copy, {@link TranslationKind#UNREPORTED_TAIL} when a task
 *       stopped before reporting how far its last run went, {@link TranslationKind#HISTORY_GONE} (T = 0,
 *       the start of the target partition) when no kept run holds a record below {@code c}, and
 *       {@link TranslationKind#NO_SYNCS} (T = -1) when nothing is known about the partition.</li>
 * </ul>
 * Exactness assumes the syncs emitted for runs further downstream arrived. A lost sync (reported by
 * {@link OffsetSyncEmitter#failure()}, or in flight when a task crashed right after Connect committed
 * the offsets of the copies it describes) can make an answer re-read while labelled exact; it can
 * never make one skip.
 * Runs end where a following sync says so (each sync names the end of the run before it) or where
 * the next run starts right after the run's furthest known copy downstream.
 *
 * <p>Reads the store without synchronization: use both from one thread.
 */
public final class OffsetTranslator {

    private final OffsetSyncStore store;

    public OffsetTranslator(OffsetSyncStore store) {
        this.store = store;
    }

    /**
     * @param source            the source topic partition
     * @param committedUpstream the group's committed offset on the source: the next record it would read
     * @throws IllegalArgumentException if {@code committedUpstream} is negative
     */
    public Translation translate(TopicPartition source, long committedUpstream) {
        if (committedUpstream < 0) {
            throw new IllegalArgumentException("Committed offset " + committedUpstream + " of " + source + " is negative");
        }
        long c = committedUpstream;
        PartitionRuns runs = store.runs(source);
        if (runs == null || runs.isEmpty()) {
            return answer(source, c, TranslationKind.NO_SYNCS, -1,
                "no offset sync for " + source + " has been read: it was not mirrored yet, or the syncs are not read to their end");
        }
        if (c == 0) {
            return answer(source, c, TranslationKind.EXACT, 0,
                "no upstream record precedes offset 0, so the consumer starts at the beginning of the target partition");
        }
        Run run = runs.lastStartingBelow(c);
        if (run == null) {
            Run first = runs.first();
            return answer(source, c, TranslationKind.HISTORY_GONE, 0,
                "no kept offset sync describes a copy of a record below upstream offset " + c + "; the earliest kept run starts at "
                    + first.startUpstream + " -> " + first.startDownstream
                    + (runs.evicted() > 0 ? " (older runs were evicted: at most " + store.maxRunsPerPartition() + " are kept)" : "")
                    + ". Offset 0 re-reads whatever the target still holds and skips nothing; if nothing below " + c
                    + " was ever mirrored, " + first.startDownstream + " is exact");
        }
        long last = c - 1;
        if (last <= run.endUpstream) {
            return answer(source, c, TranslationKind.EXACT, run.downstreamOf(last) + 1,
                "upstream offset " + last + " was copied to " + run.downstreamOf(last) + " by the latest run covering it");
        }
        long after = run.endDownstream() + 1;
        if (run.closed) {
            return answer(source, c, TranslationKind.EXACT, after, "the last copy of a record below " + c + " is "
                + run.endUpstream + " -> " + run.endDownstream() + ": its run ended there and no later run starts below " + c
                + " (upstream " + (run.endUpstream + 1) + ".." + last + " is a gap in the source log or was copied only earlier)");
        }
        if (runs.isLast(run)) {
            return answer(source, c, TranslationKind.NOT_YET_REPLICATED, after, "upstream offsets are reported copied up to "
                + run.endUpstream + " -> " + run.endDownstream() + ", before " + last
                + "; the consumer re-reads the copies made since, if any, and skips nothing");
        }
        return answer(source, c, TranslationKind.UNREPORTED_TAIL, after, "the run holding upstream " + run.endUpstream + " -> "
            + run.endDownstream() + " was copied by a task that stopped before reporting whether it went on up to " + last
            + "; the consumer may re-read those copies and skips nothing");
    }

    /**
     * Where the offset syncs say the copy of one upstream record is: the downstream offset of {@code upstream} in the
     * run furthest downstream that is known to hold it (the latest copy, when restarts left duplicates). This is the
     * lookup {@link #translate} makes for {@code upstream + 1}, without the conservative answers: continuous
     * verification compares a record with the copy found here, so it only asks about copies the syncs vouch for.
     *
     * @return the downstream offset, or empty when no kept run is known to hold a copy of {@code upstream}
     * @throws IllegalArgumentException if {@code upstream} is negative
     */
    public OptionalLong copyOf(TopicPartition source, long upstream) {
        if (upstream < 0) {
            throw new IllegalArgumentException("Upstream offset " + upstream + " of " + source + " is negative");
        }
        PartitionRuns runs = store.runs(source);
        Run run = runs == null ? null : runs.lastStartingBelow(upstream + 1);
        if (run == null || upstream > run.endUpstream) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(run.downstreamOf(upstream));
    }

    /**
     * The upstream offsets the kept runs of {@code source} reach, first to last known copy (the range continuous
     * verification samples from; gaps inside it have no copy, see {@link #copyOf}).
     *
     * @return {@code {first, last}}, or empty when nothing is known about the partition
     */
    public Optional<long[]> knownUpstreamRange(TopicPartition source) {
        PartitionRuns runs = store.runs(source);
        if (runs == null || runs.isEmpty()) {
            return Optional.empty();
        }
        long first = Long.MAX_VALUE;
        long last = -1;
        for (Run run : runs.inDownstreamOrder()) {
            first = Math.min(first, run.startUpstream);
            last = Math.max(last, run.endUpstream);
        }
        return Optional.of(new long[] {first, last});
    }

    private static Translation answer(TopicPartition source, long c, TranslationKind kind, long downstream, String why) {
        return new Translation(source, c, kind, downstream, why);
    }
}
