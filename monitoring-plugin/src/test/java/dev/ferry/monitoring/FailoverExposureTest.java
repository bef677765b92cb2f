package dev.ferry.monitoring;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class FailoverExposureTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    private static Checkpoint checkpoint(long upstream, long downstream, TranslationKind kind) {
        return new Checkpoint("billing", ORDERS_0, upstream, downstream, "", kind, Reports.T0);
    }

    /** A mirror report: source log end, next source offset to copy, target offset of the last copy. */
    private static PartitionProgress progress(long logEnd, long next, long lastDownstream) {
        return new PartitionProgress("east-to-west", ORDERS_0, "east", "west", "east.orders", 0, Reports.T0, Reports.T0 - 1000,
            logEnd, Reports.T0, next, lastDownstream, Reports.T0 - 10, Math.max(0, next), Math.max(0, next) * 100, PartitionProgress.Latency.NONE);
    }

    @Test
    void exactTranslationReReadsNothingAndMissesWhatIsNotCopiedPastTheGroup() {
        FailoverExposure exposure = FailoverExposure.of(checkpoint(50, 50, TranslationKind.EXACT), progress(400, 300, 299));
        assertEquals(0L, exposure.rereads());
        assertEquals(100L, exposure.skips(), "source offsets 300..399 are not on the target");
    }

    @Test
    void groupAheadOfTheMirrorMissesOnlyWhatItHasNotRead() {
        // The group read up to 350 on the source; the mirror has copied up to 299: the copies made since the last
        // reported sync (T = 280) are re-read, and only 350..399 are missed.
        FailoverExposure exposure = FailoverExposure.of(checkpoint(350, 280, TranslationKind.NOT_YET_REPLICATED), progress(400, 300, 299));
        assertEquals(20L, exposure.rereads());
        assertEquals(50L, exposure.skips());
    }

    @Test
    void historyGoneReReadsFromTheStartOfTheTarget() {
        // Copies are shifted by 10 on the target (source offset u at u + 10); the group is at 120, translated to 0.
        FailoverExposure exposure = FailoverExposure.of(checkpoint(120, 0, TranslationKind.HISTORY_GONE), progress(300, 300, 309));
        assertEquals(130L, exposure.rereads(), "target offsets 0..129 hold copies of records before 120");
        assertEquals(0L, exposure.skips());
    }

    @Test
    void unknownWithoutAReportOrATranslation() {
        assertEquals(FailoverExposure.UNKNOWN, FailoverExposure.of(checkpoint(50, 50, TranslationKind.EXACT), null));
        FailoverExposure noSyncs = FailoverExposure.of(checkpoint(50, -1, TranslationKind.NO_SYNCS), progress(400, 300, 299));
        assertNull(noSyncs.rereads());
        assertEquals(100L, noSyncs.skips());
        FailoverExposure notStarted = FailoverExposure.of(checkpoint(50, 0, TranslationKind.HISTORY_GONE), progress(-1, -1, -1));
        assertNull(notStarted.rereads());
        assertNull(notStarted.skips());
    }
}
