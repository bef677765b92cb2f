package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Active/passive failback as FailbackIT runs it: east's records 0..299 were copied to west 0..299, east
 * then took 25 records nobody copied (300..324), west took its own records at 300..399, and the reverse
 * mirror copied those to east 325..424.
 */
class FailbackTranslatorTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    private static FailbackTranslator translator(boolean withReverse) {
        OffsetSyncStore forward = new OffsetSyncStore();
        forward.add(OffsetSync.runStart(ORDERS, 0, 0, null, 1));
        forward.add(OffsetSync.progress(ORDERS, new RunSpan(0, 0, 299, 299), null, 2));
        OffsetSyncStore reverse = new OffsetSyncStore();
        if (withReverse) {
            reverse.add(OffsetSync.runStart(ORDERS, 300, 325, null, 3));
            reverse.add(OffsetSync.progress(ORDERS, new RunSpan(300, 325, 399, 424), null, 4));
        }
        return new FailbackTranslator(forward, reverse);
    }

    private static void assertAnswer(FailbackTranslator translator, long westPosition, TranslationKind kind, long eastOffset) {
        Translation answer = translator.translate(ORDERS, ORDERS, westPosition);
        assertEquals(kind, answer.kind(), answer.toString());
        assertEquals(eastOffset, answer.downstream(), answer.toString());
    }

    @Test
    void positionsInsideTheCopiesMapThroughTheForwardSyncs() {
        FailbackTranslator translator = translator(true);
        assertAnswer(translator, 200, TranslationKind.EXACT, 200);
        assertAnswer(translator, 1, TranslationKind.EXACT, 1);
    }

    @Test
    void theBoundaryResumesRightAfterTheLastCopyRead() {
        // east 300..324 were never on west: the group reads them after failback, as it never read them
        assertAnswer(translator(true), 300, TranslationKind.EXACT, 300);
    }

    @Test
    void positionsInsideOwnRecordsMapThroughTheReverseSyncs() {
        FailbackTranslator translator = translator(true);
        assertAnswer(translator, 340, TranslationKind.EXACT, 365);
        assertAnswer(translator, 400, TranslationKind.EXACT, 425);
    }

    @Test
    void withoutReverseSyncsOnlyPositionsTheCopiesDescribeAreExact() {
        FailbackTranslator translator = translator(false);
        assertAnswer(translator, 200, TranslationKind.EXACT, 200);
        // west 300..339 are described by no sync: the group may have read own records there that are not on east yet
        assertAnswer(translator, 340, TranslationKind.UNREPORTED_TAIL, 300);
    }

    @Test
    void anOriginRecordCopiedAfterOwnRecordsTheGroupReadIsNotSkipped() {
        // active/active: west = W0 (own) at 0, copy of east 0 at 1; east = E0 at 0, copy of W0 at 1
        OffsetSyncStore forward = new OffsetSyncStore();
        forward.add(OffsetSync.runStart(ORDERS, 0, 1, null, 1));
        OffsetSyncStore reverse = new OffsetSyncStore();
        reverse.add(OffsetSync.runStart(ORDERS, 0, 1, null, 1));
        // the group read W0 only: E0 lies before W0's copy on east, so it re-reads that copy rather than skip E0
        assertAnswer(new FailbackTranslator(forward, reverse), 1, TranslationKind.INTERLEAVED, 0);
        assertAnswer(new FailbackTranslator(forward, reverse), 2, TranslationKind.EXACT, 2);
    }
}
