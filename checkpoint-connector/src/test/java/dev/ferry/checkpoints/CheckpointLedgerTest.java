package dev.ferry.checkpoints;

import dev.ferry.common.wire.Checkpoint;
import dev.ferry.common.wire.TranslationKind;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.LogCaptureAppender;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointLedgerTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final long UNCHANGED_MS = 60_000;

    private final CheckpointLedger ledger = new CheckpointLedger(UNCHANGED_MS);

    private static Checkpoint checkpoint(long upstream, long downstream, TranslationKind kind, long timeMs) {
        return new Checkpoint("billing", ORDERS_0, upstream, downstream, "", kind, timeMs);
    }

    private static Checkpoint exact(long upstream, long downstream, long timeMs) {
        return checkpoint(upstream, downstream, TranslationKind.EXACT, timeMs);
    }

    private long lastDownstream() {
        return ledger.last("billing", ORDERS_0).orElseThrow().downstreamOffset();
    }

    @Test
    void theFirstCheckpointAndEveryAdvanceAreWritten() {
        assertTrue(ledger.admit(exact(10, 110, 1_000)).isPresent());
        assertTrue(ledger.admit(exact(20, 120, 2_000)).isPresent());
        assertEquals(120, lastDownstream());
        assertEquals(0, ledger.resets() + ledger.held() + ledger.contradicted());
    }

    @Test
    void anUnchangedCheckpointIsWrittenAgainOnlyWhenTheUnchangedIntervalHasPassed() {
        ledger.admit(exact(10, 110, 1_000));
        assertEquals(Optional.empty(), ledger.admit(exact(10, 110, 2_000)));
        assertEquals(Optional.empty(), ledger.admit(exact(10, 110, 1_000 + UNCHANGED_MS - 1)));
        Optional<Checkpoint> again = ledger.admit(exact(10, 110, 1_000 + UNCHANGED_MS));
        assertEquals(1_000 + UNCHANGED_MS, again.orElseThrow().timestampMs());
        // a changed kind or metadata is a change even at the same offsets
        assertTrue(ledger.admit(checkpoint(10, 110, TranslationKind.NOT_YET_REPLICATED, 1_000 + UNCHANGED_MS + 1)).isPresent());
        assertTrue(ledger.admit(new Checkpoint("billing", ORDERS_0, 10, 110, "note", TranslationKind.NOT_YET_REPLICATED,
            1_000 + UNCHANGED_MS + 2)).isPresent());
    }

    @Test
    void aConservativeTranslationThatWouldMoveBackWithoutAResetIsHeld() {
        ledger.admit(exact(50, 150, 1_000));
        // history evicted: the same committed offset now only translates to the start of the target partition
        assertEquals(Optional.empty(), ledger.admit(checkpoint(50, 0, TranslationKind.HISTORY_GONE, 2_000)));
        // the group moved on, but the new answer knows less than the old one did
        assertEquals(Optional.empty(), ledger.admit(checkpoint(60, 140, TranslationKind.NOT_YET_REPLICATED, 3_000)));
        assertEquals(150, lastDownstream());
        assertEquals(2, ledger.held());
        // once the translation catches up, checkpoints move forward again
        assertTrue(ledger.admit(exact(60, 160, 4_000)).isPresent());
        assertEquals(160, lastDownstream());
    }

    @Test
    void aResetOfTheGroupMovesTheCheckpointBackAndIsLogged() {
        try (LogCaptureAppender logs = LogCaptureAppender.createAndRegister(CheckpointLedger.class)) {
            ledger.admit(exact(150, 250, 1_000));
            Checkpoint reset = ledger.admit(exact(10, 110, 2_000)).orElseThrow();
            assertEquals(110, reset.downstreamOffset());
            assertEquals(1, ledger.resets());
            assertTrue(logs.getMessages("INFO").stream().anyMatch(message -> message.contains("'billing' was reset")
                && message.contains("from offset 150 to 10") && message.contains("from downstream offset 250 to 110")),
                logs.getMessages().toString());
        }
        // after the reset, monotonicity starts again from the new position
        assertEquals(Optional.empty(), ledger.admit(checkpoint(12, 0, TranslationKind.HISTORY_GONE, 3_000)));
    }

    @Test
    void aResetToAConservativeAnswerIsStillWritten() {
        ledger.admit(exact(150, 250, 1_000));
        Checkpoint reset = ledger.admit(checkpoint(0, 0, TranslationKind.HISTORY_GONE, 2_000)).orElseThrow();
        assertEquals(0, reset.downstreamOffset());
        assertEquals(1, ledger.resets());
    }

    @Test
    void anExactTranslationBelowTheLastCheckpointIsWrittenBecauseKeepingTheOldOneCouldSkip() {
        try (LogCaptureAppender logs = LogCaptureAppender.createAndRegister(CheckpointLedger.class)) {
            ledger.admit(exact(50, 150, 1_000));
            assertEquals(40, ledger.admit(exact(50, 40, 2_000)).orElseThrow().downstreamOffset());
            assertEquals(1, ledger.contradicted());
            assertTrue(logs.getMessages("WARN").stream().anyMatch(message -> message.contains("recreated")),
                logs.getMessages().toString());
        }
    }

    @Test
    void seededCheckpointsKeepMonotonicityAcrossRestarts() {
        ledger.seed(exact(50, 150, 1_000));
        ledger.seed(exact(70, 170, 2_000)); // read later in the topic: replaces the first
        assertEquals(Optional.empty(), ledger.admit(checkpoint(70, 100, TranslationKind.UNREPORTED_TAIL, 3_000)));
        assertEquals(Optional.empty(), ledger.admit(exact(70, 170, 3_000)), "unchanged since the seed");
        assertTrue(ledger.admit(exact(80, 180, 4_000)).isPresent());
    }

    @Test
    void keysAreIndependent() {
        ledger.admit(exact(50, 150, 1_000));
        Checkpoint otherGroup = new Checkpoint("search", ORDERS_0, 5, 105, "", TranslationKind.EXACT, 1_000);
        Checkpoint otherPartition = new Checkpoint("billing", new TopicPartition("orders", 1), 5, 7, "", TranslationKind.EXACT, 1_000);
        assertTrue(ledger.admit(otherGroup).isPresent());
        assertTrue(ledger.admit(otherPartition).isPresent());
        assertEquals(3, ledger.size());
        assertEquals(0, ledger.resets());
    }
}
