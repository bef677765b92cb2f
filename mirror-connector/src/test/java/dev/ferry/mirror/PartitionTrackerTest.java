package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PartitionTrackerTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    @Test
    void reportsPositionsCountersAndLatencySinceThePreviousReport() {
        PartitionTracker tracker = new PartitionTracker(ORDERS_0, "east.orders");
        tracker.startAt(10);
        tracker.observed(15, 10, 1_000);
        assertEquals(5, tracker.lagRecords());
        List<SourceRecord> copies = new ArrayList<>();
        for (long offset = 10; offset < 15; offset++) {
            copies.add(new SourceRecord(null, null, "east.orders", 0, null, null, null, null, 900 + offset));
        }
        tracker.handedOver(copies, 10);
        for (long offset = 10; offset < 15; offset++) {
            tracker.copied(offset, offset - 10, 900 + offset, 100, 20 + offset);
        }
        assertEquals(0, tracker.lagRecords());
        assertEquals(0, tracker.lagMs(2_000));
        assertEquals(2_000 - 914, tracker.recordAgeMs(2_000));

        PartitionProgress report = tracker.report("east-to-west", "east", "west", 3, 500, 2_000);
        assertEquals(new PartitionProgress("east-to-west", ORDERS_0, "east", "west", "east.orders", 3, 2_000, 500, 15, 1_000, 15,
            4, 914, 5, 500, new PartitionProgress.Latency(5, 34, 34, 34, 34), new PartitionProgress.Audit(AuditWindows.WINDOW_MS,
                List.of(new PartitionProgress.AuditWindow(0, 5, 5)), 0, 0)), report);
        // 30..34 ms: the median 32 falls in the 32..35 ms bucket, reported as its upper end capped at the maximum
        assertEquals(0, report.lagRecords());
        PartitionProgress next = tracker.report("east-to-west", "east", "west", 3, 500, 7_000);
        assertEquals(PartitionProgress.Latency.NONE, next.latency(), "no copies since the previous report");
        assertEquals(5, next.recordsCopied(), "counters are cumulative");
    }

    @Test
    void thePositionCountsAsCopiedOnlyWhenNothingHandedOverIsUnacknowledged() {
        PartitionTracker tracker = new PartitionTracker(ORDERS_0, "east.orders");
        tracker.handedOver(3, 0);
        tracker.observed(4, 3, 1_000);     // offsets 0..2 in flight, 3 is a transaction marker
        assertEquals(0, tracker.nextOffset(), "position ignored while copies are unacknowledged");
        tracker.copied(0, 0, 1, 10, 1);
        tracker.copied(1, 1, 1, 10, 1);
        tracker.committedWithoutCopy();    // offset 2 dropped by a transform
        assertEquals(2, tracker.nextOffset());
        tracker.observed(4, 4, 2_000);
        assertEquals(4, tracker.nextOffset(), "past the marker once everything is committed");
        assertEquals(0, tracker.lagRecords());
    }

    @Test
    void aLogEndTheConsumerRepeatsUnchangedAgesSoALookupCanReplaceIt() {
        PartitionTracker tracker = new PartitionTracker(ORDERS_0, "east.orders");
        tracker.startAt(100);
        tracker.observed(100, 100, 1_000);
        // fetches stall: the consumer repeats what its last fetch with data said
        tracker.observed(100, 100, 2_000);
        tracker.observed(100, 100, 3_000);
        assertEquals(1_000, tracker.logEndObservedAtMs(), "a repeated log end is not a new observation");
        tracker.lookedUp(400, 4_000, 4_100);
        tracker.observed(100, 100, 5_000);
        assertEquals(400, tracker.logEnd(), "the stale consumer value does not undo the lookup");
        assertEquals(300, tracker.lagRecords());
        tracker.observed(420, 100, 6_000);
        assertEquals(420, tracker.logEnd(), "a fetch with news counts again");
        assertEquals(6_000, tracker.logEndObservedAtMs());
    }

    @Test
    void aLookedUpLogEndNeverOverridesANewerConsumerObservation() {
        PartitionTracker tracker = new PartitionTracker(ORDERS_0, "east.orders");
        tracker.startAt(100);
        tracker.observed(100, 100, 1_000);
        tracker.lookedUp(150, 5_000, 5_100);
        assertEquals(150, tracker.logEnd());
        assertEquals(50, tracker.lagRecords());
        assertEquals(5_100, tracker.logEndObservedAtMs());
        tracker.observed(160, -1, 6_000);
        tracker.lookedUp(155, 5_900, 6_100); // asked before the consumer's observation
        assertEquals(160, tracker.logEnd());
        assertEquals(-1, tracker.offsetSyncAgeMs(6_000));
        tracker.offsetSyncAcknowledged(120, 5_500);
        assertEquals(500, tracker.offsetSyncAgeMs(6_000));
    }

    @Test
    void syncedIsHowFarAcknowledgedSyncsReportCopiesAndNeverGoesBack() {
        PartitionTracker tracker = new PartitionTracker(ORDERS_0, "east.orders");
        assertEquals(-1, tracker.synced(), "unknown before the start");
        tracker.startAt(100);
        assertEquals(99, tracker.synced(), "a restart resumes where earlier syncs described the copies up to");
        tracker.offsetSyncAcknowledged(140, 1_000);
        tracker.offsetSyncAcknowledged(120, 1_001); // an older sync acknowledged late
        assertEquals(140, tracker.synced());
        tracker.restart(); // the topic was recreated
        assertEquals(-1, tracker.synced());
    }

    @Test
    void aStaleConsumerLogEndAfterAPauseNeverHidesLagTheMonitorLookedUp() {
        PartitionTracker tracker = new PartitionTracker(ORDERS_0, "east.orders");
        tracker.startAt(0);
        tracker.observed(100, 0, 1_000);    // last fetch before the pause
        tracker.lookedUp(300, 2_000, 5_000); // production went on while paused
        tracker.handedOver(100, 0);
        for (long offset = 0; offset < 100; offset++) {
            tracker.copied(offset, offset, -1, 1, -1);
        }
        tracker.observed(120, 100, 6_000);   // first fetches after resume carry an end seen before the lookup
        assertEquals(300, tracker.logEnd());
        assertEquals(200, tracker.lagRecords(), "records 100..299 are still to copy");

        tracker.restart();                   // the topic was recreated: its end starts over
        tracker.observed(7, -1, 7_000);
        assertEquals(7, tracker.logEnd());
    }
}
