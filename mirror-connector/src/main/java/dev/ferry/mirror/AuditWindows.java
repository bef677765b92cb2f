package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Chaperone-style audit counts of one partition: records handed to Connect (consumed) and acknowledged by the
 * target, per tumbling window of the records' source timestamps. A record is counted in the same window at both
 * stages, so once its window's records are all copied the two counts meet; a window whose counts stay apart shows
 * records consumed and never acknowledged (dropped by a transform, skipped under errors.tolerance=all, or lost).
 *
 * <p>The {@link #WINDOWS} most recent windows are kept in a ring of plain arrays (no allocation per record); a window
 * pushed out of the ring, and records older than every kept window or without a timestamp, are added to the
 * {@code older} totals, so nothing counted is ever dropped. Not thread-safe: {@link PartitionTracker} guards it.
 */
final class AuditWindows {

    /** Windows kept. */
    static final int WINDOWS = 5;
    /** Window length. */
    static final long WINDOW_MS = 60_000L;

    private final long[] starts = new long[WINDOWS];
    private final long[] consumed = new long[WINDOWS];
    private final long[] acknowledged = new long[WINDOWS];
    private long olderConsumed;
    private long olderAcknowledged;

    AuditWindows() {
        Arrays.fill(starts, Long.MIN_VALUE);
    }

    void consumed(long timestampMs) {
        int slot = slot(timestampMs);
        if (slot < 0) {
            olderConsumed++;
        } else {
            consumed[slot]++;
        }
    }

    void acknowledged(long timestampMs) {
        int slot = slot(timestampMs);
        if (slot < 0) {
            olderAcknowledged++;
        } else {
            acknowledged[slot]++;
        }
    }

    /** The slot of the window holding {@code timestampMs}, taking over an older window's slot; -1 for the older totals. */
    private int slot(long timestampMs) {
        if (timestampMs < 0) {
            return -1;
        }
        long start = timestampMs - timestampMs % WINDOW_MS;
        int slot = (int) ((start / WINDOW_MS) % WINDOWS);
        if (starts[slot] == start) {
            return slot;
        }
        if (starts[slot] > start) {
            return -1; // older than the window now in its slot
        }
        if (starts[slot] != Long.MIN_VALUE) {
            olderConsumed += consumed[slot];
            olderAcknowledged += acknowledged[slot];
        }
        starts[slot] = start;
        consumed[slot] = 0;
        acknowledged[slot] = 0;
        return slot;
    }

    /** The counts for a progress report, windows oldest first. */
    PartitionProgress.Audit snapshot() {
        List<PartitionProgress.AuditWindow> windows = new ArrayList<>(WINDOWS);
        for (int i = 0; i < WINDOWS; i++) {
            if (starts[i] != Long.MIN_VALUE) {
                windows.add(new PartitionProgress.AuditWindow(starts[i], consumed[i], acknowledged[i]));
            }
        }
        windows.sort((a, b) -> Long.compare(a.startMs(), b.startMs()));
        return new PartitionProgress.Audit(WINDOW_MS, windows, olderConsumed, olderAcknowledged);
    }
}
