package dev.ferry.offsets;

import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Translates a consumer group's position on a cluster it failed over to back to the cluster it came
 * from, when both mirrors use the same topic names (identity policy). Call the clusters <em>origin</em>
 * (east: the group read here first, and returns here) and <em>failed-over</em> (west). The failed-over
 * partition interleaves two kinds of records, and each kind has its own offset syncs:
 * <ul>
 *   <li><b>copies</b> of origin records, made by the forward mirror (origin to failed-over), described
 *       by its syncs ({@code forward}: upstream = origin offsets, downstream = failed-over offsets);</li>
 *   <li>the failed-over cluster's <b>own</b> records, which the reverse mirror copies back to the origin
 *       (it leaves the copies out: their provenance is the origin), described by its syncs
 *       ({@code reverse}: upstream = failed-over offsets, downstream = origin offsets).</li>
 * </ul>
 * The reverse syncs alone cannot place a group that has not yet read past the copies: they begin at the
 * failed-over cluster's first own record, so such a position would come back as HISTORY_GONE (offset 0,
 * re-reading everything). This class uses both.
 *
 * <h2>The rule</h2>
 * A group at failed-over position {@code P} has read every record below {@code P}. On the origin, those
 * are the originals of the copies below {@code P} and the copies back of the own records below
 * {@code P}. Let {@code F} be one past the furthest origin offset whose copy lies below {@code P}, and
 * {@code R} the reverse translation of {@code P} ({@link OffsetTranslator}: one past the last copy back
 * of an own record below {@code P}). The answer is {@code max(F, R)}, unless a record the group has not
 * read lies below it on the origin (an origin record whose copies all lie at or after {@code P}, or the
 * copy back of an own record at or after {@code P}): then the answer is the first such record and the
 * kind {@link TranslationKind#INTERLEAVED} (the group re-reads the read records after it, never skips).
 * With active/passive failover the read records form a prefix of the origin partition and the answer is
 * {@link TranslationKind#EXACT}: inside the copies it is the origin offset right after the last copy
 * read, inside the own records the reverse translation.
 *
 * <h2>What the answer is measured against</h2>
 * The group's stream on the failed-over cluster: it re-reads none of the records it read there and
 * skips none of those it had not. Origin records that were never copied to the failed-over cluster
 * (written on the origin after its last copy, before the outage, or not yet mirrored in active/active)
 * were never in that stream: the group reads them after failback only if they lie at or after the
 * answer. Copies are assumed to follow upstream order except for re-sends from an earlier position, as
 * {@link OffsetTranslator} assumes, and the reverse mirror to have copied the partition from its start.
 *
 * <h2>Conservative answers</h2>
 * Unknown knowledge only ever lowers the answer: a copy the syncs do not report below {@code P} makes
 * {@code F} smaller (kind {@link TranslationKind#UNREPORTED_TAIL}); a run whose end is not reported is
 * assumed to go on, densely, past {@code P} unless a record of the other kind or the next run stands in
 * its way; a conservative reverse translation keeps its kind; a failed-over offset below {@code P}
 * that no kept sync of either mirror describes (a re-send superseded its run, its syncs expired, or an
 * own record was not copied back yet) makes the answer conservative. Without reverse syncs for the
 * partition (no own record was copied back) the answer is exact when copies fill every offset below
 * {@code P}.
 *
 * <p>Reads the stores without synchronization. Cost: linear in the runs kept for the two partitions.
 */
public final class FailbackTranslator {

    private final OffsetSyncStore forward;
    private final OffsetSyncStore reverse;
    private final OffsetTranslator reverseTranslator;

    /**
     * @param forward syncs of the mirror from the origin to the failed-over cluster
     * @param reverse syncs of the mirror from the failed-over cluster back to the origin
     */
    public FailbackTranslator(OffsetSyncStore forward, OffsetSyncStore reverse) {
        this.forward = forward;
        this.reverse = reverse;
        this.reverseTranslator = new OffsetTranslator(reverse);
    }

    /**
     * @param origin     the partition on the origin cluster the group returns to
     * @param failedOver the partition on the failed-over cluster (same name under the identity policy)
     * @param position   the group's committed offset on the failed-over cluster
     * @return where to continue on {@code origin}; the translation's source is {@code failedOver}
     */
    public Translation translate(TopicPartition origin, TopicPartition failedOver, long position) {
        Translation back = reverseTranslator.translate(failedOver, position);
        PartitionRuns copies = forward.runs(origin);
        PartitionRuns own = reverse.runs(failedOver);
        if (copies == null || copies.isEmpty() || position == 0) {
            return back;
        }
        if (own == null) {
            own = new PartitionRuns(1); // no own record copied back (yet): only copies can describe what the group read
        }
        long p = position;

        // F: one past the furthest origin record the group read a copy of
        long f = -1;
        for (Run run : copies.inDownstreamOrder()) {
            if (run.startDownstream >= p) {
                break;
            }
            f = Math.max(f, Math.min(run.endDownstream(), p - 1) - run.delta() + 1);
        }
        long unknownBelow = firstUndescribed(copies, own, p);

        // R
        long r;
        boolean backExact;
        if (back.kind() == TranslationKind.EXACT) {
            r = back.downstream();
            backExact = true;
        } else if (back.kind() == TranslationKind.NO_SYNCS) {
            r = -1; // exact only if copies describe every offset below P (checked below)
            backExact = true;
        } else if ((back.kind() == TranslationKind.NOT_YET_REPLICATED || back.kind() == TranslationKind.UNREPORTED_TAIL)
            && coveredDownstream(copies, own.lastStartingBelow(p).endUpstream + 1, p - 1)) {
            // the own run's unreported part can hold nothing below P: copies fill the rest, so its reported end is its end
            r = back.downstream();
            backExact = true;
        } else if (back.kind() == TranslationKind.HISTORY_GONE && own.evicted() == 0) {
            r = -1; // no own record below P was copied back: the group read only copies
            backExact = true;
        } else {
            r = back.downstream();
            backExact = false;
        }

        long base = Math.max(Math.max(f, r), 0);
        long first = base;
        String unread = null;

        // origin records with no copy below P (all their known copies lie at or after P)
        for (Run run : copies.inDownstreamOrder()) {
            long u = Math.max(run.startUpstream, Math.max(f, 0));
            if (u <= run.endUpstream && u < first) {
                first = u;
                unread = "origin record " + u + ", copied to " + run.downstreamOf(u) + " at or after " + p;
            }
        }
        // an open run of copies that may go on past P
        for (Run run : copies.inDownstreamOrder()) {
            if (run.closed) {
                continue;
            }
            long reach = run.endDownstream() + Math.max(1, p - run.endDownstream());
            Run next = copies.after(run);
            long u = run.endUpstream + (reach - run.endDownstream());
            // a run is dense on both sides: a record of the other kind on either side, or the next run, ends it first
            if ((next != null && next.startDownstream <= reach) || holdsUpstream(own, run.endDownstream() + 1, reach)
                || holdsDownstream(own, run.endUpstream + 1, u)) {
                continue;
            }
            if (u < first) {
                first = u;
                unread = "origin record " + u + ", which an unreported part of the run starting at " + run.startUpstream + " -> "
                    + run.startDownstream + " may have copied at or after " + p;
            }
        }
        // copies back of own records at or after P (copies below R are earlier duplicates of later ones)
        long atLeast = Math.max(r, 0);
        for (Run run : own.inDownstreamOrder()) {
            long w0 = Math.max(run.startUpstream, p);
            if (w0 <= run.endUpstream && run.downstreamOf(w0) >= atLeast && run.downstreamOf(w0) < first) {
                first = run.downstreamOf(w0);
                unread = "the copy of own record " + w0 + " at " + first;
            }
            if (!run.closed) {
                long w = Math.max(run.endUpstream + 1, p);
                long e = run.downstreamOf(w);
                Run next = own.after(run);
                boolean blocked = (next != null && next.startDownstream <= e) || holdsUpstream(copies, run.endDownstream() + 1, e)
                    || holdsDownstream(copies, run.endUpstream + 1, w);
                if (!blocked && e >= atLeast && e < first) {
                    first = e;
                    unread = "origin offset " + e + ", where an unreported part of the reverse run starting at " + run.startUpstream
                        + " -> " + run.startDownstream + " may have copied an own record at or after " + p;
                }
            }
        }

        String read = "the group read copies of origin records below " + (f < 0 ? "none" : Long.toString(f))
            + " and own records copied back below " + (r < 0 ? "none" : Long.toString(r));
        if (first < base) {
            return new Translation(failedOver, p, TranslationKind.INTERLEAVED, first, read + ", but it has not read " + unread
                + ", so it continues there: it re-reads read records after it, skips nothing");
        }
        if (!backExact) {
            return new Translation(failedOver, p, back.kind(), base, read + "; own records: " + back.explanation());
        }
        if (unknownBelow >= 0) {
            return new Translation(failedOver, p, f < 0 && r < 0 ? TranslationKind.HISTORY_GONE : TranslationKind.UNREPORTED_TAIL,
                base, read + "; no kept offset sync of either mirror describes failed-over offset " + unknownBelow
                    + " (a run's end is unreported, a re-send superseded it, or its syncs expired): the group may re-read what it "
                    + "held, skips nothing");
        }
        return new Translation(failedOver, p, TranslationKind.EXACT, base, read + ": every record at or after " + base
            + " is one it has not read (origin records never copied to the failed-over cluster excepted)");
    }

    /**
     * The first failed-over offset below {@code p} that neither a copy nor an own record of the kept runs
     * describes, or -1: what the group read there is unknown, so the answer cannot be called exact.
     */
    private static long firstUndescribed(PartitionRuns copies, PartitionRuns own, long p) {
        List<long[]> spans = new ArrayList<>();
        copies.inDownstreamOrder().forEach(run -> spans.add(new long[] {run.startDownstream, run.endDownstream()}));
        own.inDownstreamOrder().forEach(run -> spans.add(new long[] {run.startUpstream, run.endUpstream}));
        spans.sort(Comparator.comparingLong(span -> span[0]));
        long next = 0;
        for (long[] span : spans) {
            if (next >= p) {
                break;
            }
            if (span[0] > next) {
                return next;
            }
            next = Math.max(next, span[1] + 1);
        }
        return next >= p ? -1 : next;
    }

    /** Whether kept runs of {@code runs} hold every downstream offset in {@code [from, to]}. */
    private static boolean coveredDownstream(PartitionRuns runs, long from, long to) {
        long next = from;
        for (Run run : runs.inDownstreamOrder()) {
            if (next > to) {
                break;
            }
            if (run.startDownstream > next) {
                return false;
            }
            next = Math.max(next, run.endDownstream() + 1);
        }
        return next > to;
    }

    /** Whether any kept run of {@code runs} holds a downstream offset in {@code [from, to]}. */
    private static boolean holdsDownstream(PartitionRuns runs, long from, long to) {
        if (runs == null) {
            return false;
        }
        for (Run run : runs.inDownstreamOrder()) {
            if (run.startDownstream <= to && run.endDownstream() >= from) {
                return true;
            }
        }
        return false;
    }

    /** Whether any kept run of {@code runs} holds an upstream offset in {@code [from, to]}. */
    private static boolean holdsUpstream(PartitionRuns runs, long from, long to) {
        if (runs == null) {
            return false;
        }
        for (Run run : runs.inDownstreamOrder()) {
            if (run.startUpstream <= to && run.endUpstream >= from) {
                return true;
            }
        }
        return false;
    }
}
