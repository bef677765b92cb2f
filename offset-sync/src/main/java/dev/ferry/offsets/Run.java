package dev.ferry.offsets;

/**
 * What is known about one run of one source partition (see {@link dev.ferry.common.wire.OffsetSync}):
 * upstream offsets {@code [startUpstream, endUpstream]} were copied, densely, to
 * {@code [startDownstream, endDownstream()]}. The run may go further than {@code endUpstream} unless
 * it is {@link #closed}.
 */
final class Run {

    final long startUpstream;
    final long startDownstream;
    /** The furthest copy known to belong to the run. */
    long endUpstream;
    /** Whether {@link #endUpstream} is known to be the run's last copy. */
    boolean closed;

    Run(long startUpstream, long startDownstream) {
        this.startUpstream = startUpstream;
        this.startDownstream = startDownstream;
        this.endUpstream = startUpstream;
    }

    long delta() {
        return startDownstream - startUpstream;
    }

    long endDownstream() {
        return endUpstream + delta();
    }

    /** The downstream offset of upstream offset {@code upstream}, which must lie in the known part of the run. */
    long downstreamOf(long upstream) {
        return upstream + delta();
    }

    @Override
    public String toString() {
        return "[" + startUpstream + ".." + endUpstream + (closed ? "]" : "+") + " -> " + startDownstream + ".." + endDownstream();
    }
}
