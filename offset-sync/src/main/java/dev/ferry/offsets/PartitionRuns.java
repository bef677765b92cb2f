package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;

import java.util.Map;
import java.util.TreeMap;

/**
 * The runs known for one source partition, learnt from offset syncs in any order, with duplicates.
 *
 * <p>Two facts keep this small and the translator's lookup a single {@code lowerEntry}:
 * <ul>
 *   <li>Runs never overlap downstream (every downstream offset holds one record), so runs are ordered
 *       by downstream start.</li>
 *   <li>A run followed downstream by a run starting at the same or a lower upstream offset is
 *       <em>superseded</em>: for every committed offset {@code c} the later run also holds a record
 *       below {@code c} and lies further downstream, so the earlier run never decides a translation
 *       (the translator wants the last copy, in downstream order, of a record below {@code c}). Such
 *       runs are dropped. The kept runs thus start at increasing upstream offsets in downstream order,
 *       and both orders can be searched.</li>
 * </ul>
 * At most {@code maxRuns} runs are kept; beyond that the run furthest upstream-and-downstream back is
 * evicted (older syncs expire from the topic the same way), and syncs about runs at or before it are
 * ignored from then on: a late duplicate must not bring back an old run while a newer one stays
 * forgotten, or the old run could wrongly look like the last one holding some records.
 */
final class PartitionRuns {

    private final int maxRuns;
    private final TreeMap<Long, Run> byDownstream = new TreeMap<>();
    private final TreeMap<Long, Run> byUpstream = new TreeMap<>();
    private long evicted;
    /** Downstream start of the newest evicted run; runs starting at or before it are forgotten for good. */
    private long evictedThrough = -1;
    private long contradictions;

    PartitionRuns(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** Applies what one sync states. Idempotent; a sync contradicting kept knowledge is counted and ignored. */
    void apply(OffsetSync sync) {
        if (sync.previousRun() != null) {
            learn(sync.previousRun(), true);
        }
        learn(sync.run(), false);
    }

    /** Learns that {@code span} was copied, and that the run ended with it if {@code ended}. */
    private void learn(RunSpan span, boolean ended) {
        Run run = runStartingAt(span.startUpstream(), span.startDownstream());
        if (run == null || !advance(run, span.endUpstream())) {
            return;
        }
        if (ended) {
            if (run.endUpstream == span.endUpstream()) {
                run.closed = true;
            } else {
                contradictions++; // the run was reported beyond the end named here
            }
        }
    }

    /**
     * The kept run that starts at this copy, created if new.
     *
     * @return the run, or {@code null} if it is superseded, contradicts a kept run, or is evicted at once
     */
    private Run runStartingAt(long upstream, long downstream) {
        if (downstream <= evictedThrough) {
            return null;
        }
        Run existing = byDownstream.get(downstream);
        if (existing != null) {
            if (existing.startUpstream == upstream) {
                return existing;
            }
            contradictions++;
            return null;
        }
        Map.Entry<Long, Run> previous = byDownstream.lowerEntry(downstream);
        if (previous != null && previous.getValue().endDownstream() >= downstream) {
            contradictions++; // an earlier run was reported at or past this downstream offset
            return null;
        }
        Map.Entry<Long, Run> next = byDownstream.higherEntry(downstream);
        if (next != null && next.getValue().startUpstream <= upstream) {
            // Superseded by a run further downstream (see the class comment); its first copy still ends the run before it.
            if (previous != null) {
                closeIfEndsBefore(previous.getValue(), downstream);
            }
            return null;
        }
        Run run = new Run(upstream, downstream);
        // Kept runs start at increasing upstream offsets, so the superseded ones are the nearest before it.
        Map.Entry<Long, Run> before;
        while ((before = byDownstream.lowerEntry(downstream)) != null && before.getValue().startUpstream >= upstream) {
            remove(before.getValue());
        }
        byDownstream.put(downstream, run);
        byUpstream.put(upstream, run);
        if (before != null) {
            closeIfFollowedDirectly(before.getValue());
        }
        closeIfFollowedDirectly(run);
        while (byDownstream.size() > maxRuns) {
            Run oldest = byDownstream.firstEntry().getValue();
            remove(oldest);
            evicted++;
            evictedThrough = oldest.startDownstream;
        }
        return byDownstream.get(downstream) == run ? run : null;
    }

    /**
     * Records that {@code run} reached upstream offset {@code upstream}.
     *
     * @return false if that contradicts what is kept
     */
    private boolean advance(Run run, long upstream) {
        if (upstream <= run.endUpstream) {
            return true;
        }
        Map.Entry<Long, Run> next = byDownstream.higherEntry(run.startDownstream);
        if (run.closed || (next != null && run.downstreamOf(upstream) >= next.getKey())) {
            contradictions++; // the run cannot reach past its end or into the next run
            return false;
        }
        run.endUpstream = upstream;
        closeIfFollowedDirectly(run);
        return true;
    }

    /**
     * Run-end inference from the downstream log: a run is dense downstream, so if the next kept run
     * starts right after the run's furthest known copy, nothing of the run can lie beyond that copy.
     */
    private void closeIfFollowedDirectly(Run run) {
        Long next = byDownstream.higherKey(run.startDownstream);
        if (next != null) {
            closeIfEndsBefore(run, next);
        }
    }

    /** Closes {@code run} if another run's copy lies right after its furthest known copy downstream. */
    private static void closeIfEndsBefore(Run run, long otherRunStartDownstream) {
        if (otherRunStartDownstream == run.endDownstream() + 1) {
            run.closed = true;
        }
    }

    private void remove(Run run) {
        byDownstream.remove(run.startDownstream);
        byUpstream.remove(run.startUpstream);
    }

    /** The run furthest downstream that holds a copy of a record below {@code upstream}, or {@code null}. */
    Run lastStartingBelow(long upstream) {
        Map.Entry<Long, Run> entry = byUpstream.lowerEntry(upstream);
        return entry == null ? null : entry.getValue();
    }

    /** Whether no kept run lies further downstream than {@code run}. */
    boolean isLast(Run run) {
        return byDownstream.lastEntry().getValue() == run;
    }

    /** The kept runs in downstream order. */
    Iterable<Run> inDownstreamOrder() {
        return byDownstream.values();
    }

    /** The kept run right after {@code run} downstream, or {@code null}. */
    Run after(Run run) {
        Map.Entry<Long, Run> next = byDownstream.higherEntry(run.startDownstream);
        return next == null ? null : next.getValue();
    }

    Run first() {
        return byDownstream.isEmpty() ? null : byDownstream.firstEntry().getValue();
    }

    boolean isEmpty() {
        return byDownstream.isEmpty();
    }

    int size() {
        return byDownstream.size();
    }

    long evicted() {
        return evicted;
    }

    long contradictions() {
        return contradictions;
    }

    @Override
    public String toString() {
        return byDownstream.values().toString();
    }
}
