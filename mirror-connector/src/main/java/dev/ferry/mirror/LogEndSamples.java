package dev.ferry.mirror;

/**
 * Recent (log end offset, time observed) samples of one source partition, from which lag in seconds is
 * estimated: how long ago the source log end passed the next offset to copy, i.e. how long the oldest
 * record not yet copied has been waiting.
 *
 * <p><b>Method</b>: a sample is kept each time the observed log end grows (observations come from the
 * task's consumer about once a second, or from a log-end lookup while the task does not poll). For the
 * next offset to copy {@code n}, the first sample with log end {@code > n} and the one before it bracket
 * the moment record {@code n} was appended; that moment is interpolated linearly between them, and the
 * lag is now minus that moment. If even the oldest sample kept is past {@code n}, the record is older
 * than every sample and the age of the oldest sample is reported (a lower bound). Lag is 0 when nothing
 * is left to copy. Precision is about one observation interval (1 s) while samples are dense.
 *
 * <p>Memory is fixed ({@value #CAPACITY} samples): when full, every second sample of the older half is
 * dropped, so recent history stays dense and older history gets sparser rather than being cut off.
 * Not thread-safe: the owner synchronizes.
 */
final class LogEndSamples {

    static final int CAPACITY = 64;

    private final long[] offsets = new long[CAPACITY];
    private final long[] times = new long[CAPACITY];
    private int size;

    /** A new observation; only growth of the log end is kept. A log end that shrank (topic recreated) starts over. */
    void observe(long logEnd, long atMs) {
        if (size > 0) {
            long last = offsets[size - 1];
            if (logEnd == last) {
                return;
            }
            if (logEnd < last) {
                size = 0;
            }
        }
        if (size == CAPACITY) {
            thinOlderHalf();
        }
        offsets[size] = logEnd;
        times[size] = atMs;
        size++;
    }

    private void thinOlderHalf() {
        int write = 0;
        for (int read = 0; read < CAPACITY; read++) {
            if (read < CAPACITY / 2 && read % 2 == 1) {
                continue;
            }
            offsets[write] = offsets[read];
            times[write] = times[read];
            write++;
        }
        size = write;
    }

    /**
     * @param nextOffset the next source offset to copy
     * @return estimated lag in milliseconds, 0 when nothing is left, -1 when unknown
     */
    long lagMs(long nextOffset, long nowMs) {
        if (size == 0 || nextOffset < 0) {
            return -1;
        }
        if (offsets[size - 1] <= nextOffset) {
            return 0;
        }
        int first = 0;
        while (offsets[first] <= nextOffset) {
            first++;
        }
        if (first == 0) {
            return Math.max(0, nowMs - times[0]);
        }
        long fromOffset = offsets[first - 1];
        long fromTime = times[first - 1];
        // record n was appended when the log end went from n to n + 1
        double fraction = (double) (nextOffset + 1 - fromOffset) / (offsets[first] - fromOffset);
        long appendedAt = fromTime + Math.round(fraction * (times[first] - fromTime));
        return Math.max(0, nowMs - appendedAt);
    }

    int size() {
        return size;
    }
}
