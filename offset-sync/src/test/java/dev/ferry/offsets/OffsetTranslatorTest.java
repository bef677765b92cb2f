package dev.ferry.offsets;

import dev.ferry.common.wire.OffsetSync;
import dev.ferry.common.wire.RunSpan;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.ferry.common.wire.TranslationKind.EXACT;
import static dev.ferry.common.wire.TranslationKind.HISTORY_GONE;
import static dev.ferry.common.wire.TranslationKind.NOT_YET_REPLICATED;
import static dev.ferry.common.wire.TranslationKind.NO_SYNCS;
import static dev.ferry.common.wire.TranslationKind.UNREPORTED_TAIL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-made histories, one per rule of {@link OffsetTranslator}; the simulation test covers their combinations. */
class OffsetTranslatorTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private OffsetSyncStore store = new OffsetSyncStore();
    private OffsetTranslator translator = new OffsetTranslator(store);

    @Test
    void nothingKnown() {
        assertAnswer(5, NO_SYNCS, -1);
        assertAnswer(0, NO_SYNCS, -1);
    }

    @Test
    void offsetZeroStartsAtTheBeginning() {
        add(start(10, 3, null));
        assertAnswer(0, EXACT, 0);
    }

    @Test
    void insideAReportedRunAndRightAfterIt() {
        add(start(0, 0, null), progress(0, 0, 99, null));
        assertAnswer(50, EXACT, 50);
        assertAnswer(100, EXACT, 100); // caught up: one past the copy of 99
        assertAnswer(150, NOT_YET_REPLICATED, 100);
        assertTrue(translator.translate(TP, 150).explanation().contains("up to 99 -> 99"));
    }

    @Test
    void committedOffsetInAnUpstreamGapContinuesAfterTheRunBeforeIt() {
        // Compaction removed 10..19: the run 20.. starts right after 0..9 downstream.
        add(start(0, 0, null), start(20, 10, span(0, 0, 9)), progress(20, 10, 29, span(0, 0, 9)));
        assertAnswer(10, EXACT, 10);
        assertAnswer(15, EXACT, 10);
        assertAnswer(20, EXACT, 10);
        assertAnswer(21, EXACT, 11);
    }

    @Test
    void downstreamMarkerBetweenRuns() {
        // Downstream offset 10 is a transaction marker of exactly-once delivery.
        add(start(0, 0, null), start(10, 11, span(0, 0, 9)));
        assertAnswer(10, EXACT, 10);
        assertAnswer(11, EXACT, 12);
    }

    @Test
    void duplicatesLeftByARestartResolveToTheLatestCopies() {
        // Generation 1 copied 0..99 to 0..99; generation 2 re-sent from 60 to 100.. (60..99 twice downstream).
        add(start(0, 0, null), progress(0, 0, 99, null));
        add(start(60, 100, null), progress(60, 100, 149, null));
        assertAnswer(50, EXACT, 50);
        assertAnswer(60, EXACT, 60);   // 59 was copied once, at 59
        assertAnswer(61, EXACT, 101);  // the latest copy of 60 is at 100
        assertAnswer(80, EXACT, 120);
        assertAnswer(150, EXACT, 190);
        assertAnswer(151, NOT_YET_REPLICATED, 190);
    }

    @Test
    void unreportedTailOfACrashedTaskIsConservative() {
        // Generation 1 reported up to 50, then crashed; generation 2 resumed at 70, downstream at 200.
        add(start(0, 0, null), progress(0, 0, 50, null), start(70, 200, null));
        assertAnswer(51, EXACT, 51);
        Translation tail = translator.translate(TP, 60);
        assertEquals(UNREPORTED_TAIL, tail.kind());
        assertEquals(51, tail.downstream());
        assertTrue(tail.explanation().contains("stopped before reporting"), tail.explanation());
        assertAnswer(71, EXACT, 201);
    }

    @Test
    void aRunFollowedDirectlyDownstreamEndedThere() {
        // Generation 1 reported up to 50 -> 50; generation 2 starts at 53 -> 51: nothing of run 1 fits in between.
        add(start(0, 0, null), progress(0, 0, 50, null), start(53, 51, null));
        assertAnswer(52, EXACT, 51);
        assertAnswer(53, EXACT, 51);
    }

    @Test
    void committedOffsetBeforeEveryKeptRunMeansHistoryGone() {
        store = new OffsetSyncStore(2);
        translator = new OffsetTranslator(store);
        add(start(0, 0, null), start(10, 5, span(0, 0, 4)), start(20, 12, span(10, 5, 16)));
        assertEquals(2, store.runCount(TP));
        assertEquals(1, store.evictedRuns());
        Translation gone = translator.translate(TP, 5);
        assertEquals(HISTORY_GONE, gone.kind());
        assertEquals(0, gone.downstream());
        assertTrue(gone.explanation().contains("evicted") && gone.explanation().contains("10 -> 5"), gone.explanation());
        assertAnswer(12, EXACT, 7);
    }

    @Test
    void groupBeforeTheFirstReplicatedRecord() {
        // Mirroring began at upstream 500 (the log start then): nothing below it was ever copied.
        add(start(500, 0, null));
        Translation before = translator.translate(TP, 500);
        assertEquals(HISTORY_GONE, before.kind());
        assertEquals(0, before.downstream());
        assertTrue(before.explanation().contains("if nothing below 500 was ever mirrored, 0 is exact"), before.explanation());
    }

    @Test
    void memoryStaysWithinTheBound() {
        store = new OffsetSyncStore(50);
        translator = new OffsetTranslator(store);
        // A heavily compacted topic: every other offset is gone, so every copy starts a run.
        RunTracker tracker = new RunTracker();
        for (long i = 0; i < 10_000; i++) {
            tracker.onCopied(TP, 2 * i, i, 0).ifPresent(store::add);
            assertTrue(store.runCount(TP) <= 50);
        }
        assertEquals(50, store.runCount(TP));
        assertEquals(10_000 - 50, store.evictedRuns());
        assertAnswer(2 * 9_999, EXACT, 9_999);
        assertAnswer(2 * 9_990 + 1, EXACT, 9_991);
        assertEquals(HISTORY_GONE, translator.translate(TP, 2 * 9_000).kind());
    }

    @Test
    void reSendsKeepOnlyTheRunsThatCanDecide() {
        // Ten restarts that each re-send from 0: only the last copy of each record matters.
        for (int generation = 0; generation < 10; generation++) {
            add(start(0, generation * 100L, null), progress(0, generation * 100L, 99, null));
        }
        assertEquals(1, store.runCount(TP));
        assertAnswer(10, EXACT, 910);
    }

    @Test
    void anEvictedRunStaysForgottenWhenALateDuplicateArrives() {
        store = new OffsetSyncStore(2);
        translator = new OffsetTranslator(store);
        OffsetSync r = start(0, 0, null);
        add(r, start(5, 10, null), start(10, 20, null), start(12, 30, null)); // 0.. and 5.. evicted
        add(start(7, 40, null)); // supersedes 10.. and 12..
        assertEquals(1, store.runCount(TP));
        add(r); // a duplicate of the oldest run
        // 5.. (evicted) holds the last copy of record 5, so answering from 0.. would re-read and claim exactness.
        assertEquals(HISTORY_GONE, translator.translate(TP, 6).kind());
    }

    @Test
    void orderAndDuplicatesOfSyncsDoNotChangeAnswers() {
        List<OffsetSync> syncs = List.of(
            start(0, 0, null), progress(0, 0, 40, null), start(45, 41, span(0, 0, 40)), progress(45, 41, 60, span(0, 0, 40)),
            start(30, 70, null), start(61, 101, span(30, 70, 60)), start(64, 103, span(61, 101, 62)), progress(64, 103, 80, span(61, 101, 62)));
        OffsetSyncStore inOrder = new OffsetSyncStore();
        syncs.forEach(inOrder::add);
        OffsetTranslator expected = new OffsetTranslator(inOrder);
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<OffsetSync> shuffled = new ArrayList<>(syncs);
            shuffled.addAll(syncs.subList(0, random.nextInt(syncs.size())));
            Collections.shuffle(shuffled, random);
            store = new OffsetSyncStore();
            shuffled.forEach(store::add);
            translator = new OffsetTranslator(store);
            for (long c = 0; c <= 82; c++) {
                Translation want = expected.translate(TP, c);
                Translation got = translator.translate(TP, c);
                assertEquals(want.kind(), got.kind(), "c=" + c + " order " + shuffled);
                assertEquals(want.downstream(), got.downstream(), "c=" + c + " order " + shuffled);
            }
            assertEquals(0, store.contradictions());
        }
    }

    @Test
    void contradictingSyncsAreCountedAndIgnored() {
        add(start(0, 0, null), progress(0, 0, 99, null), start(200, 100, span(0, 0, 99)));
        add(start(500, 50, null));           // a run starting inside the one reported up to 99 -> 99
        add(progress(0, 0, 120, null));      // a run reaching past the end the next run named
        assertEquals(2, store.contradictions());
        assertAnswer(60, EXACT, 60);
        assertAnswer(150, EXACT, 100);
    }

    @Test
    void rejectsNegativeCommittedOffsets() {
        assertThrows(IllegalArgumentException.class, () -> translator.translate(TP, -1));
    }

    @Test
    void copyOfAnUpstreamRecordIsItsLatestKnownCopy() {
        assertTrue(translator.copyOf(TP, 5).isEmpty());
        assertTrue(translator.knownUpstreamRange(TP).isEmpty());
        // 0..49 copied to 0..49, then a restart re-sent 40.. to 50..: the latest copy of 45 is at 55.
        add(start(0, 0, null), start(40, 50, span(0, 0, 49)), progress(40, 50, 79, span(0, 0, 49)));
        assertEquals(10, translator.copyOf(TP, 10).getAsLong());
        assertEquals(55, translator.copyOf(TP, 45).getAsLong());
        assertEquals(89, translator.copyOf(TP, 79).getAsLong());
        assertTrue(translator.copyOf(TP, 80).isEmpty(), "not reported copied yet");
        assertEquals(List.of(0L, 79L), List.of(translator.knownUpstreamRange(TP).get()[0], translator.knownUpstreamRange(TP).get()[1]));
        assertThrows(IllegalArgumentException.class, () -> translator.copyOf(TP, -1));
    }

    @Test
    void aWellFormedButWrongLaterSyncTakesEffectForCopies() {
        // What continuous verification must catch: a run starting after the true one's known end, claiming a gap.
        add(start(0, 0, null), progress(0, 0, 499, null));
        add(start(600, 500, null), progress(600, 500, 799, null));
        add(progress(0, 0, 700, null)); // the true run going on is now a contradiction, ignored
        assertEquals(100, translator.copyOf(TP, 100).getAsLong());
        assertTrue(translator.copyOf(TP, 550).isEmpty(), "the claimed gap has no copy");
        assertEquals(550, translator.copyOf(TP, 650).getAsLong());
    }

    private void add(OffsetSync... syncs) {
        for (OffsetSync sync : syncs) {
            if (sync != null) {
                store.add(sync);
            }
        }
    }

    private static OffsetSync start(long upstream, long downstream, RunSpan previous) {
        return OffsetSync.runStart(TP, upstream, downstream, previous, 0);
    }

    private static OffsetSync progress(long startUpstream, long startDownstream, long upstream, RunSpan previous) {
        return OffsetSync.progress(TP, span(startUpstream, startDownstream, upstream), previous, 0);
    }

    private static RunSpan span(long startUpstream, long startDownstream, long endUpstream) {
        return new RunSpan(startUpstream, startDownstream, endUpstream, endUpstream + startDownstream - startUpstream);
    }

    private void assertAnswer(long committed, TranslationKind kind, long downstream) {
        Translation answer = translator.translate(TP, committed);
        assertEquals(kind, answer.kind(), answer.toString());
        assertEquals(downstream, answer.downstream(), answer.toString());
    }
}
