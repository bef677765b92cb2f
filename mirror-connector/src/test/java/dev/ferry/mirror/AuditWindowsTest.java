package dev.ferry.mirror;

import dev.ferry.common.wire.PartitionProgress;
import dev.ferry.common.wire.PartitionProgress.AuditWindow;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditWindowsTest {

    private static final long T = 1_700_000_040_000L - 1_700_000_040_000L % AuditWindows.WINDOW_MS;

    private final AuditWindows audit = new AuditWindows();

    @Test
    void countsEachRecordInTheWindowOfItsTimestampAtBothStages() {
        for (int i = 0; i < 10; i++) {
            audit.consumed(T + i * 1000);
        }
        audit.consumed(T + AuditWindows.WINDOW_MS + 5);
        for (int i = 0; i < 8; i++) {
            audit.acknowledged(T + i * 1000);
        }
        audit.consumed(-1); // no timestamp
        PartitionProgress.Audit snapshot = audit.snapshot();
        assertEquals(AuditWindows.WINDOW_MS, snapshot.windowMs());
        assertEquals(List.of(new AuditWindow(T, 10, 8), new AuditWindow(T + AuditWindows.WINDOW_MS, 1, 0)), snapshot.windows());
        assertEquals(1, snapshot.olderConsumed());
        assertEquals(0, snapshot.olderAcknowledged());
    }

    @Test
    void windowsPushedOutOfTheRingAndLateRecordsGoToTheOlderTotals() {
        audit.consumed(T);
        audit.consumed(T);
        audit.acknowledged(T);
        long later = T + AuditWindows.WINDOWS * AuditWindows.WINDOW_MS; // same slot as T, one ring later
        audit.consumed(later);
        audit.acknowledged(T); // its window is gone: counted with the older ones
        PartitionProgress.Audit snapshot = audit.snapshot();
        assertEquals(List.of(new AuditWindow(later, 1, 0)), snapshot.windows());
        assertEquals(2, snapshot.olderConsumed());
        assertEquals(2, snapshot.olderAcknowledged());
    }
}
