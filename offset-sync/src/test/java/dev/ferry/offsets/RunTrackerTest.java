package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    private final RunTracker tracker = new RunTracker();

    @Test
    void contiguousCopiesAreOneRunReportedByProgress() {
        OffsetSync start = tracker.onCopied(P0, 0, 0, 1).orElseThrow();
        assertEquals(OffsetSync.runStart(P0, 0, 0, null, 1), start);
        for (long u = 1; u < 100; u++) {
            assertEquals(Optional.empty(), tracker.onCopied(P0, u, u, 2));
        }
        assertEquals(List.of(OffsetSync.progress(P0, new RunSpan(0, 0, 99, 99), null, 3)), tracker.progress(3));
        assertEquals(List.of(), tracker.progress(4), "nothing advanced since");
    }

    @Test
    void compactionGapStartsARunNamingThePreviousOne() {
        tracker.onCopied(P0, 0, 0, 1);
        tracker.onCopied(P0, 1, 1, 1);
        OffsetSync start = tracker.onCopied(P0, 5, 2, 2).orElseThrow();
        assertEquals(RunSpan.of(5, 2), start.run());
        assertEquals(new RunSpan(0, 0, 1, 1), start.previousRun());
    }

    @Test
    void transactionMarkerUpstreamStartsARun() {
        tracker.onCopied(P0, 10, 0, 1);
        tracker.onCopied(P0, 11, 1, 1);
        // offset 12 holds the commit marker: consumers never see it
        OffsetSync start = tracker.onCopied(P0, 13, 2, 1).orElseThrow();
        assertEquals(new RunSpan(10, 0, 11, 1), start.previousRun());
    }

    @Test
    void downstreamGapStartsARun() {
        tracker.onCopied(P0, 0, 0, 1);
        tracker.onCopied(P0, 1, 1, 1);
        OffsetSync start = tracker.onCopied(P0, 2, 3, 1).orElseThrow(); // 2 holds a downstream transaction marker
        assertEquals(RunSpan.of(2, 3), start.run());
        assertEquals(new RunSpan(0, 0, 1, 1), start.previousRun());
    }

    @Test
    void equalGapsOnBothSidesStartARunSoNoGapIsClaimedCopied() {
        tracker.onCopied(P0, 0, 0, 1);
        assertTrue(tracker.onCopied(P0, 3, 3, 1).isPresent());
    }

    @Test
    void reSendStartsARunAndLeavesTheDuplicatesToTheTranslator() {
        for (long u = 0; u < 10; u++) {
            tracker.onCopied(P0, u, u, 1);
        }
        OffsetSync back = tracker.onCopied(P0, 5, 10, 2).orElseThrow();
        assertEquals(new RunSpan(0, 0, 9, 9), back.previousRun());
        OffsetSync repeat = tracker.onCopied(P0, 5, 11, 3).orElseThrow();
        assertEquals(RunSpan.of(5, 10), repeat.previousRun());
    }

    @Test
    void aNewTaskGenerationKnowsNoPreviousRun() {
        tracker.onCopied(P0, 0, 0, 1);
        RunTracker restarted = new RunTracker();
        assertNull(restarted.onCopied(P0, 0, 1, 2).orElseThrow().previousRun());
    }

    @Test
    void downstreamGoingBackNamesNoPreviousRun() {
        tracker.onCopied(P0, 0, 50, 1);
        tracker.onCopied(P0, 1, 51, 1);
        // the target partition was recreated: its offsets start again
        assertNull(tracker.onCopied(P0, 2, 0, 2).orElseThrow().previousRun());
    }

    @Test
    void progressCoversOnlyPartitionsThatAdvancedAndNamesThePreviousRun() {
        tracker.onCopied(P0, 0, 0, 1);
        tracker.onCopied(P0, 2, 1, 1);
        tracker.onCopied(P0, 3, 2, 1);
        tracker.onCopied(P1, 7, 0, 1); // only its RUN_START, which reports it already
        assertEquals(List.of(OffsetSync.progress(P0, new RunSpan(2, 1, 3, 2), RunSpan.of(0, 0), 5)), tracker.progress(5));
        assertEquals(2, tracker.partitionCount());
    }

    @Test
    void markUnreportedReportsAgain() {
        tracker.onCopied(P0, 0, 0, 1);
        tracker.onCopied(P0, 1, 1, 1);
        assertEquals(1, tracker.progress(2).size());
        tracker.markUnreported(P0);
        assertEquals(List.of(OffsetSync.progress(P0, new RunSpan(0, 0, 1, 1), null, 3)), tracker.progress(3));
        tracker.onCopied(P1, 0, 0, 1);
        tracker.markUnreported(P1); // its RUN_START is the whole run: nothing to report
        tracker.markUnreported(new TopicPartition("unknown", 0));
        assertEquals(List.of(), tracker.progress(4));
    }

    @Test
    void rejectsUnknownOffsets() {
        assertThrows(IllegalArgumentException.class, () -> tracker.onCopied(P0, 0, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> tracker.onCopied(P0, -1, 0, 1));
    }
}
