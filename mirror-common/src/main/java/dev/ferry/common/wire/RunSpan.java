package dev.ferry.common.wire;

/**
 * Copies of one run (see {@link OffsetSync}): upstream offsets {@code [startUpstream, endUpstream]}
 * were copied, one to one and without gaps, to downstream offsets {@code [startDownstream, endDownstream]}.
 *
 * @param startUpstream   upstream offset of the run's first copy
 * @param startDownstream downstream offset of the run's first copy
 * @param endUpstream     upstream offset of the last copy this span covers
 * @param endDownstream   downstream offset of that copy
 */
public record RunSpan(long startUpstream, long startDownstream, long endUpstream, long endDownstream) {

    /**
     * @throws IllegalArgumentException if an offset is negative, or the end is not on the same run as the start
     */
    public RunSpan {
        String problem = inconsistency(startUpstream, startDownstream, endUpstream, endDownstream);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A span of the run's first copy only. */
    public static RunSpan of(long upstream, long downstream) {
        return new RunSpan(upstream, downstream, upstream, downstream);
    }

    /** {@code downstream - upstream}, the same for every copy of the run. */
    public long delta() {
        return startDownstream - startUpstream;
    }

    static String inconsistency(long startUpstream, long startDownstream, long endUpstream, long endDownstream) {
        if (startUpstream < 0 || startDownstream < 0) {
            return "run start " + startUpstream + " -> " + startDownstream + " has a negative offset";
        }
        if (endUpstream < startUpstream) {
            return "run end " + endUpstream + " lies before the run start " + startUpstream;
        }
        if (endDownstream - endUpstream != startDownstream - startUpstream) {
            return "copy " + endUpstream + " -> " + endDownstream + " does not belong to the run starting at "
                + startUpstream + " -> " + startDownstream + " (offsets advance together within a run)";
        }
        return null;
    }

    @Override
    public String toString() {
        return startUpstream + ".." + endUpstream + " -> " + startDownstream + ".." + endDownstream;
    }
}
